import { describe, expect, it } from "vitest";
import { readme, sample } from "./readmeSample.js";

describe("README", () => {
  it("shows the FakeClock sample verbatim, and its expectations hold", async () => {
    expect(readme).toContain(sample("fakeClock.ts", "fakeClock"));
    const { result } = await import("./examples/fakeClock.js"); // throws if an expectation fails
    expect(result.status).toBe("completed");
  });

  it("shows the RecordingEventSink sample verbatim, and its expectations hold", async () => {
    expect(readme).toContain(sample("recording.ts", "recording"));
    const { sink } = await import("./examples/recording.js");
    expect(sink.events).toEqual([]); // after clear()
  });

  it("shows the fixtures sample verbatim: the snapshot's defaults and the context's inputs and events", async () => {
    expect(readme).toContain(sample("fixtures.ts", "fixtures"));
    const { ctx, output, sink, snapshot } = await import("./examples/fixtures.js");
    expect(output).toEqual({ text: "Refunds take 5 days." });
    expect(snapshot.runId).toMatchObject({ userId: "u42", orgId: "test-org" });
    for (const id of ["pipelineRunId", "requestId", "sessionId", "interactionId"] as const)
      expect(snapshot.runId[id]).toEqual(expect.any(String));
    expect(ctx.inputs.names).toEqual(["retrieve"]);
    expect(() => ctx.inputs.get("profile")).toThrow(/profile/);
    expect(sink.events).toMatchObject([
      { type: "answer.sources", stage: "answer", attempt: 1, data: { count: 1 } },
    ]);
  });
});
