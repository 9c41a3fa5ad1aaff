// Run the conformance suite against the custom sink: a vitest file in your own test folder.
import { testEventSinkConformance } from "@stageflow/testing/vitest";
import { BatchingSink } from "../shared/batchingSink.js";

testEventSinkConformance(
  (received) =>
    new BatchingSink({
      maxBatch: 3,
      send: async (batch) => batch.forEach(received),
    }),
  { name: "BatchingSink" },
);
