import { audit, classify, pipeline, search, smallTalk } from "./app.js";
// #region conditional
import { ConditionalDependency } from "@stageflow/tolerance";

pipeline
  .withStage(classify)
  .withStage(search, { dependsOn: [classify], when: new ConditionalDependency("classify.needsSearch") })
  .withStage(smallTalk, {
    dependsOn: [classify],
    when: new ConditionalDependency("classify.intent", { equals: "chat" }),
  })
  .withStage(audit, {
    dependsOn: [classify],
    when: new ConditionalDependency(({ classify }) => classify?.status === "ok", { skipOnFalse: false }),
  });
// #endregion
