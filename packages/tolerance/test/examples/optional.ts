import { failureTolerance, FailureMode } from "@stageflow/tolerance";

// #region optional
const plugin = failureTolerance({ mode: FailureMode.CONTINUE_ON_FAILURE, optional: ["profile"] });
// #endregion

export { plugin };
