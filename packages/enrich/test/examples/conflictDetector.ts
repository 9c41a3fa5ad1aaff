import { ConflictDetector } from "@stageflow/enrich";

// #region detector
const detector = new ConflictDetector({
  defaultStrategy: "keep_new", // keep_old | keep_new | merge | error | (conflict) => value
  fieldStrategies: {
    tags: "merge",
    "profile.tier": "keep_old",
    score: ({ oldValue, newValue }) => Math.max(Number(oldValue), Number(newValue)),
  },
  throwOnError: true, // "error" throws ContextConflictError; false returns { resolution: "error" } keeping the old value
});
console.log(detector.checkAndResolve("tags", ["a"], ["b", "a"]));
// { hasConflict: true, field: "tags", oldValue, newValue, resolution: "merge", mergedValue: ["a", "b"] }
// #endregion

export { detector };
