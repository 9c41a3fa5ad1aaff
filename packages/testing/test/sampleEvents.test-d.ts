import type { StageflowEventType } from "@stageflow/core";
import type { BUILT_IN_EVENT_TYPES } from "@stageflow/testing";
import { expectTypeOf, test } from "vitest";

test("the sample events cover every built-in event type", () => {
  type Covered = (typeof BUILT_IN_EVENT_TYPES)[number];
  expectTypeOf<StageflowEventType>().toExtend<Covered>();
});
