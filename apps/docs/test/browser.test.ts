/**
 * @module The browser check: the built site, served on localhost, opened in headless Debian chromium.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runBrowserCheck, type BrowserCheckReport } from "../scripts/lib/browserCheck.js";
import { artifactsDir, docsDir, siteDir } from "../scripts/lib/paths.js";

// The crawl opens every page; on a loaded machine that takes minutes, hence the generous hook timeout.
// Once @stageflow/retry has landed its reference must be searchable; until then a core symbol stands in.
const searchFor = existsSync(join(docsDir, "src", "api", "retry.ts"))
  ? "RetryInterceptor"
  : "TimeoutInterceptor";
let report: BrowserCheckReport;

describe("the documentation site in headless chromium", () => {
  beforeAll(async () => {
    if (!existsSync(join(siteDir, "index.html"))) {
      const build = spawnSync("pnpm", ["run", "docs:build"], { cwd: docsDir, stdio: "inherit" });
      if (build.status !== 0) throw new Error("pnpm docs:build failed");
    }
    report = await runBrowserCheck({
      siteDir,
      artifactsDir,
      searchFor,
      guidePath: "documents/Getting_started.html",
    });
    console.info(`browser check: ${report.pages.length} pages in ${(report.durationMs / 1000).toFixed(1)}s`);
  }, 1_800_000);

  it("visits the home page, every guide and every package's reference", () => {
    expect(report.pages).toContain("index.html");
    expect(report.pages).toContain("documents/Getting_started.html");
    const modules = readdirSync(join(siteDir, "modules")).filter((f) => f.endsWith(".html"));
    expect(modules.length).toBeGreaterThan(0);
    for (const module of modules) expect(report.pages).toContain(`modules/${module}`);
  });

  it("loads every page without console errors, page errors or failed requests", () => {
    expect(report.consoleErrors).toEqual([]);
  });

  it("resolves every internal link, anchors included", () => {
    expect(report.brokenLinks).toEqual([]);
  });

  it(`finds ${searchFor} with the search box`, () => {
    expect(report.searchResults.some((r) => r.includes(searchFor))).toBe(true);
  });

  it("saves PNG screenshots of the home page and of a guide", () => {
    expect(report.screenshots.map((f) => f.slice(artifactsDir.length + 1))).toEqual([
      "home.png",
      "guide.png",
    ]);
    for (const file of report.screenshots) {
      expect(readFileSync(file).subarray(1, 4).toString("latin1")).toBe("PNG");
    }
  });
});
