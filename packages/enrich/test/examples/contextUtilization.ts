import { ContextUtilization } from "@stageflow/enrich";

// #region budget
const budget = new ContextUtilization({ maxTokens: 8000, reservedTokens: 1000, nearLimitRatio: 0.9 });
console.log(budget.add(1200)); // true: spent
console.log(budget.canFit(7000)); // false
console.log(budget.add(7000)); // false: refused, nothing spent
console.log(budget.availableTokens); // 5800 = 8000 − 1000 − 1200
console.log(budget.utilization); // 1200 / 7000
budget.release(200); // give tokens back (e.g. after dropping a document)
console.log(budget.availableTokens); // 6000
// #endregion
