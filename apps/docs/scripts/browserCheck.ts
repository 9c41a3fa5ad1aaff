/**
 * @module `pnpm --filter @stageflow/docs check:browser`: the browser check on its own, with a summary.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runBrowserCheck } from "./lib/browserCheck.js";
import { artifactsDir, docsDir, siteDir } from "./lib/paths.js";

const searchFor = existsSync(join(docsDir, "src", "api", "retry.ts"))
  ? "RetryInterceptor"
  : "TimeoutInterceptor";
const report = await runBrowserCheck({
  siteDir,
  artifactsDir,
  searchFor,
  guidePath: "documents/Getting_started.html",
});
console.log(`browser check: ${report.pages.length} pages in ${(report.durationMs / 1000).toFixed(1)}s`);
console.log(`search "${searchFor}": ${report.searchResults.slice(0, 5).join(" | ")}`);
for (const line of [...report.consoleErrors, ...report.brokenLinks]) console.log(`  ${line}`);
console.log(`screenshots: ${report.screenshots.join(", ")}`);
if (report.consoleErrors.length + report.brokenLinks.length > 0) process.exit(1);
