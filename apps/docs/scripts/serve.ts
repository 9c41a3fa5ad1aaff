/**
 * @module `pnpm docs:serve`: serves the built site on localhost until interrupted.
 */
import { existsSync } from "node:fs";
import { siteDir } from "./lib/paths.js";
import { startStaticServer } from "./lib/staticServer.js";

const port = Number(process.env["PORT"] ?? 4173);
if (!existsSync(siteDir)) {
  console.error(`No site at ${siteDir}; run \`pnpm docs:build\` first.`);
  process.exit(1);
}
const server = await startStaticServer({ root: siteDir, port });
console.log(`Stageflow docs: ${server.url} (Ctrl+C to stop)`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
