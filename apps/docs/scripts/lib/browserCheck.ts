/**
 * @module Opens the built site in headless Debian chromium: every page, every internal link, search, screenshots.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";
import { startStaticServer } from "./staticServer.js";

/** The chromium the check drives (Debian's package; `scripts/ensure-chromium.sh` installs it). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Options of {@link runBrowserCheck}. */
export interface BrowserCheckOptions {
  /** The built site. */
  readonly siteDir: string;
  /** Where screenshots go. */
  readonly artifactsDir: string;
  /** A term the search box must find, and the text a result must contain. */
  readonly searchFor: string;
  /** Site-relative path of the guide to screenshot. */
  readonly guidePath: string;
  /** Pages opened at once. @defaultValue 4 */
  readonly concurrency?: number;
}

/** What the check found. */
export interface BrowserCheckReport {
  /** Site-relative paths of every page visited. */
  readonly pages: readonly string[];
  /** `page: message` for each console error, page error or failed request. */
  readonly consoleErrors: readonly string[];
  /** `page -> link` for each internal link whose target (or `#anchor`) does not exist. */
  readonly brokenLinks: readonly string[];
  /** Text of the search results shown for `searchFor`. */
  readonly searchResults: readonly string[];
  /** Files written to `artifactsDir`. */
  readonly screenshots: readonly string[];
  /** Wall time of the whole check. */
  readonly durationMs: number;
}

interface Visit {
  readonly ids: ReadonlySet<string>;
  readonly links: readonly string[];
}

async function visit(page: Page, url: string, errors: string[], label: string): Promise<Visit> {
  const onConsole = (message: { type(): string; text(): string }): void => {
    if (message.type() === "error") errors.push(`${label}: console error: ${message.text()}`);
  };
  const onPageError = (error: Error): void => {
    errors.push(`${label}: page error: ${error.message}`);
  };
  const onRequestFailed = (request: Request): void => {
    const reason = request.failure()?.errorText ?? "unknown";
    // The browser cancels requests still in flight when a page moves on (its favicon, typically):
    // that is not a broken resource, and every link and asset URL is checked separately below.
    if (reason === "net::ERR_ABORTED") return;
    errors.push(`${label}: request failed: ${request.url()} (${reason})`);
  };
  page.on("console", onConsole);
  page.on("pageerror", onPageError);
  page.on("requestfailed", onRequestFailed);
  try {
    const response = await page.goto(url, { waitUntil: "load" });
    if (response === null || !response.ok())
      errors.push(`${label}: HTTP ${response?.status() ?? "no response"}`);
    const found = await page.evaluate(() => ({
      ids: [...document.querySelectorAll("[id], a[name]")].map((e) => e.id || e.getAttribute("name") || ""),
      links: [...document.querySelectorAll("a[href], link[href], img[src], script[src]")].map(
        (e) => (e as HTMLAnchorElement).href || (e as HTMLImageElement).src,
      ),
    }));
    return { ids: new Set(found.ids), links: found.links };
  } finally {
    page.off("console", onConsole);
    page.off("pageerror", onPageError);
    page.off("requestfailed", onRequestFailed);
  }
}

async function crawl(
  context: BrowserContext,
  base: string,
  concurrency: number,
  errors: string[],
): Promise<{ pages: string[]; broken: string[] }> {
  const visited = new Map<string, Visit | undefined>();
  const pending: Array<{ from: string; link: string }> = [];
  const queue = [`${base}index.html`];
  visited.set(`${base}index.html`, undefined);
  let active = 0;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  // Each worker takes the next queued page; an idle worker waits while others may still discover pages.
  const worker = async (page: Page): Promise<void> => {
    for (;;) {
      const url = queue.shift();
      if (url === undefined) {
        if (active === 0) return notify();
        await new Promise<void>((resolve) => {
          const previous = wake;
          wake = () => {
            previous?.();
            resolve();
          };
        });
        continue;
      }
      active += 1;
      try {
        const result = await visit(page, url, errors, url.slice(base.length));
        visited.set(url, result);
        for (const link of result.links) {
          if (!link.startsWith(base)) continue;
          pending.push({ from: url, link });
          const target = link.split("#")[0] as string;
          if (target.endsWith(".html") && !visited.has(target)) {
            visited.set(target, undefined);
            queue.push(target);
          }
        }
      } finally {
        active -= 1;
        notify();
      }
    }
  };
  const pages = await Promise.all(Array.from({ length: concurrency }, () => context.newPage()));
  try {
    await Promise.all(pages.map((p) => worker(p)));
  } finally {
    await Promise.all(pages.map((p) => p.close()));
  }
  const broken: string[] = [];
  const assets = new Map<string, boolean>();
  for (const { from, link } of pending) {
    const [target, anchor] = link.split("#") as [string, string | undefined];
    if (target.endsWith(".html") || target.endsWith("/")) {
      const page = visited.get(target.endsWith("/") ? `${target}index.html` : target);
      if (page === undefined)
        broken.push(`${from.slice(base.length)} -> ${link.slice(base.length)} (missing page)`);
      else if (anchor && !page.ids.has(decodeURIComponent(anchor)))
        broken.push(`${from.slice(base.length)} -> ${link.slice(base.length)} (missing anchor)`);
      continue;
    }
    if (!assets.has(target)) assets.set(target, (await fetch(target)).ok);
    if (assets.get(target) !== true)
      broken.push(`${from.slice(base.length)} -> ${link.slice(base.length)} (missing file)`);
  }
  return { pages: [...visited.keys()].map((u) => u.slice(base.length)).sort(), broken: [...new Set(broken)] };
}

async function search(page: Page, base: string, term: string): Promise<string[]> {
  await page.goto(`${base}index.html`, { waitUntil: "load" });
  await page.keyboard.press("/");
  const input = page.locator("#tsd-search-input");
  await input.waitFor({ state: "visible", timeout: 10_000 });
  await input.fill(term);
  const results = page.locator("#tsd-search-results li");
  await results.first().waitFor({ state: "visible", timeout: 10_000 });
  return results.allInnerTexts();
}

/**
 * Serves the site on localhost, opens it in headless chromium and checks it.
 * @param options - where the site is, where screenshots go, what to search
 * @returns what was found; the caller decides what fails
 * @throws Error when chromium is missing or the site was not built
 */
export async function runBrowserCheck(options: BrowserCheckOptions): Promise<BrowserCheckReport> {
  const started = performance.now();
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing; run apps/docs/scripts/ensure-chromium.sh (apt-get install chromium).`,
    );
  }
  if (!existsSync(join(options.siteDir, "index.html")))
    throw new Error(`no site in ${options.siteDir}; run pnpm docs:build`);
  const server = await startStaticServer({ root: options.siteDir });
  const profile = mkdtempSync(join(tmpdir(), "stageflow-docs-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The profile directory is the fresh `--user-data-dir`; Playwright passes it itself.
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    const errors: string[] = [];
    const { pages, broken } = await crawl(context, server.url, options.concurrency ?? 4, errors);
    const page = await context.newPage();
    const searchResults = await search(page, server.url, options.searchFor);
    mkdirSync(options.artifactsDir, { recursive: true });
    const screenshots = [join(options.artifactsDir, "home.png"), join(options.artifactsDir, "guide.png")];
    await page.goto(`${server.url}index.html`, { waitUntil: "load" });
    await page.screenshot({ path: screenshots[0] as string, fullPage: true });
    await page.goto(`${server.url}${options.guidePath}`, { waitUntil: "load" });
    await page.screenshot({ path: screenshots[1] as string, fullPage: true });
    return {
      pages,
      consoleErrors: errors,
      brokenLinks: broken,
      searchResults,
      screenshots,
      durationMs: performance.now() - started,
    };
  } finally {
    await context.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
