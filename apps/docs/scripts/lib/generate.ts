/**
 * @module Writes the generated reference pages (snapshot fields, event catalogue, DAG pictures).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { ContextSnapshotSchema, type StageGraph } from "@stageflow/core";
import { listExamples } from "./checkGuides.js";
import { dagToMermaid, dagToSvg } from "./dagPicture.js";
import { eventCatalogue, eventCatalogueMarkdown, type PackageSource } from "./eventCatalogue.js";
import { docsDir, examplesDir, generatedDir, repoDir } from "./paths.js";
import { snapshotFields, snapshotFieldsMarkdown } from "./snapshotFields.js";

/** What the generator wrote. */
export interface GenerateReport {
  /** Snapshot fields documented. */
  readonly snapshotFields: number;
  /** Event types catalogued. */
  readonly events: number;
  /** Example DAGs drawn. */
  readonly pictures: readonly string[];
}

/** Entry files of the API reference, one per package that has landed. */
export function apiEntries(): string[] {
  const dir = join(docsDir, "src", "api");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort((a, b) => (a === "core.ts" ? -1 : b === "core.ts" ? 1 : a.localeCompare(b)))
    .map((f) => join(dir, f));
}

/** The shipped source of every package under `packages/`. */
function packageSources(): PackageSource[] {
  const root = join(repoDir, "packages");
  return readdirSync(root).flatMap((name) => {
    const src = join(root, name, "src");
    if (!existsSync(src)) return [];
    const files = readdirSync(src, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".ts"))
      .map((e) => ({
        path: join(e.parentPath, e.name),
        text: readFileSync(join(e.parentPath, e.name), "utf8"),
      }));
    return [{ name: `@stageflow/${name}`, files }];
  });
}

/**
 * Imports every example that exports a `graph` (a core `StageGraph`) with its console output muted,
 * and draws the graph.
 */
async function drawExampleGraphs(outDir: string): Promise<string[]> {
  const drawn: string[] = [];
  for (const file of listExamples(examplesDir)) {
    if (!/^export const graph\b/m.test(readFileSync(file, "utf8"))) continue;
    const log = console.log;
    let module: { graph?: StageGraph };
    console.log = () => undefined;
    try {
      module = (await import(pathToFileURL(file).href)) as { graph?: StageGraph };
    } finally {
      console.log = log;
    }
    const graph = module.graph;
    if (graph === undefined || !Array.isArray(graph.stages))
      throw new Error(`${file}: "graph" is not a StageGraph`);
    const name = basename(file, ".ts");
    const nodes = graph.stages.map((s) => ({ name: s.name, kind: s.kind, dependsOn: s.dependsOn }));
    writeFileSync(join(outDir, `${name}.svg`), dagToSvg(nodes, `The "${graph.name}" pipeline`));
    writeFileSync(
      join(outDir, `${name}.mmd.md`),
      ["```mermaid", dagToMermaid(nodes).trimEnd(), "```", ""].join("\n"),
    );
    drawn.push(name);
  }
  return drawn;
}

/**
 * Regenerates `.generated/` from the sources of truth.
 * @returns counts of what was generated
 * @throws Error when a snapshot field or an event type lacks documentation
 */
export async function generate(): Promise<GenerateReport> {
  rmSync(generatedDir, { recursive: true, force: true });
  const dagDir = join(generatedDir, "dags");
  mkdirSync(dagDir, { recursive: true });
  const fields = snapshotFields(ContextSnapshotSchema);
  writeFileSync(join(generatedDir, "snapshot-fields.md"), snapshotFieldsMarkdown(fields));
  const events = eventCatalogue(join(docsDir, "tsconfig.json"), apiEntries());
  writeFileSync(join(generatedDir, "event-catalogue.md"), eventCatalogueMarkdown(events, packageSources()));
  const pictures = await drawExampleGraphs(dagDir);
  return { snapshotFields: fields.length, events: events.length, pictures };
}
