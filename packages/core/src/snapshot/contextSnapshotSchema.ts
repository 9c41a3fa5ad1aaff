/**
 * @module The zod schema that documents and validates every `ContextSnapshot` field.
 */
import { z } from "zod";

const optionalId = z.string().min(1).nullable().default(null);

/** Identity of one run and of the request, session, user and organisation it belongs to. */
export const RunIdentitySchema = z
  .strictObject({
    /** Unique id of this pipeline run; generated when absent. Appears as `runId` on every event. */
    pipelineRunId: z.string().min(1).describe("Unique id of this pipeline run; generated when absent."),
    /** The inbound request that started the run (e.g. an HTTP request id). */
    requestId: optionalId.describe("The inbound request that started the run."),
    /** The chat or app session. */
    sessionId: optionalId.describe("The chat or app session."),
    /** The end user. */
    userId: optionalId.describe("The end user."),
    /** The tenant or organisation. */
    orgId: optionalId.describe("The tenant or organisation."),
    /** One user turn or interaction within a session. */
    interactionId: optionalId.describe("One user turn or interaction within a session."),
  })
  .describe("Run identity.");

/** One message of the conversation. */
export const MessageSchema = z.strictObject({
  role: z.enum(["system", "user", "assistant", "tool"]).describe("Who wrote the message."),
  content: z.string().describe("The message text."),
  name: z.string().optional().describe("Tool or participant name."),
  timestamp: z.iso.datetime().optional().describe("When the message was written (ISO 8601)."),
  metadata: z.record(z.string(), z.json()).optional().describe("Free-form JSON about the message."),
});

/** A routing decision taken before or during the run. */
export const RoutingDecisionSchema = z.strictObject({
  route: z.string().min(1).describe("The route chosen."),
  confidence: z.number().min(0).max(1).optional().describe("Confidence in [0, 1]."),
  reason: z.string().optional().describe("Why this route."),
});

/** The conversation so far. */
export const ConversationSchema = z
  .strictObject({
    messages: z.array(MessageSchema).default([]).describe("Messages so far, oldest first."),
    routingDecision: RoutingDecisionSchema.nullable()
      .default(null)
      .describe("A routing decision, if one was taken."),
  })
  .describe("The conversation so far.");

/**
 * The schema of a serialised `ContextSnapshot`: the single source of truth for its fields, used both
 * as the runtime validator of `ContextSnapshot.create` / `fromJSON` and as documentation.
 */
export const ContextSnapshotSchema = z.strictObject({
  runId: RunIdentitySchema,
  input: z.json().nullable().default(null).describe("Typed free-form input payload of the run (JSON)."),
  inputText: z.string().nullable().default(null).describe("The user's text input, when the run has one."),
  conversation: ConversationSchema.default({ messages: [], routingDecision: null }),
  enrichments: z
    .record(z.string(), z.json())
    .default({})
    .describe("Context added before the run or by ENRICH stages (profile, memory, documents)."),
  extensions: z
    .record(z.string(), z.json())
    .default({})
    .describe("Typed application-specific data, by namespace."),
  topology: z.string().nullable().default(null).describe('Name of the pipeline topology (e.g. "chat_fast").'),
  executionMode: z
    .string()
    .nullable()
    .default(null)
    .describe('Mode the run executes in (e.g. "practice", "doc_edit").'),
  metadata: z.record(z.string(), z.json()).default({}).describe("Free-form JSON metadata."),
  createdAt: z.iso.datetime().describe("When the snapshot was created (ISO 8601)."),
});

/** The JSON form of a snapshot, as `toJSON()` returns and `fromJSON()` accepts. */
export type ContextSnapshotJSON = z.output<typeof ContextSnapshotSchema>;
