import { MyHttpSink } from "./myHttpSink.js";
// #region conformance
import { testEventSinkConformance } from "@stageflow/testing/vitest";

testEventSinkConformance((received) => new MyHttpSink({ send: async (batch) => batch.forEach(received) }), {
  name: "MyHttpSink",
  teardown: (sink) => (sink as MyHttpSink).close(),
});
// #endregion
