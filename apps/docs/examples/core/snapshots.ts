// Snapshots: create, validate, read, and round-trip through JSON losslessly.
import { ContextSnapshot, InvalidSnapshotError } from "@stageflow/core";

interface TicketInput {
  ticketId: string;
  priority: "low" | "high";
}

const snapshot = ContextSnapshot.create<TicketInput>({
  runId: { pipelineRunId: "run-1", userId: "u-42", sessionId: "s-7" },
  input: { ticketId: "T-100", priority: "high" },
  inputText: "My order never arrived",
  conversation: { messages: [{ role: "user", content: "My order never arrived" }] },
  enrichments: { profile: { tier: "gold" } },
  topology: "support_fast",
  createdAt: "2026-01-01T09:00:00.000Z",
});

// `input` keeps its type; every field is deeply frozen.
console.log("ticket:", snapshot.input.ticketId, snapshot.input.priority);
console.log("frozen:", Object.isFrozen(snapshot.enrichments));
console.log("defaults:", snapshot.runId.orgId, snapshot.executionMode, JSON.stringify(snapshot.metadata));

// JSON round-trip: what you store or send is exactly what comes back.
const text = JSON.stringify(snapshot);
const copy = ContextSnapshot.fromJSON<TicketInput>(text);
console.log("round-trip equal:", JSON.stringify(copy) === text);

// `undefined` as JSON.stringify treats it: a key holding it is dropped; in an array it is rejected (below).
const sparse = ContextSnapshot.create({ input: { ticketId: "T-101", note: undefined } });
console.log("undefined key dropped:", JSON.stringify(sparse.input));

// Invalid input fails once, listing every bad path and a hint for misspelt fields.
try {
  ContextSnapshot.create({ inputText: 42, run_id: {}, input: { tags: ["urgent", undefined] } } as never);
} catch (error) {
  if (error instanceof InvalidSnapshotError) {
    for (const issue of error.issues) console.log(`invalid: ${issue.path}: ${issue.message}`);
  }
}
