/**
 * @module Generates the event catalogue from `StageflowEventMap`, as every installed package augments it.
 */
import ts from "typescript";

/** One field of an event's `data`. */
export interface EventField {
  /** Field name. */
  readonly name: string;
  /** Its type, as TypeScript prints it. */
  readonly type: string;
  /** Whether it may be absent. */
  readonly optional: boolean;
  /** Its doc comment. */
  readonly description: string;
}

/** One event type of the catalogue. */
export interface EventDoc {
  /** The dotted type (`"stage.completed"`). */
  readonly type: string;
  /** When it is emitted (the doc comment on the map entry). */
  readonly description: string;
  /** The data fields; empty with `openData` for free-form payloads. */
  readonly fields: readonly EventField[];
  /** True when `data` is an open record rather than a fixed set of fields. */
  readonly openData: boolean;
  /** The package whose source declares the entry. */
  readonly declaredIn: string;
}

/** A package's shipped source files, to find which package emits which event type. */
export interface PackageSource {
  /** `@stageflow/<name>`. */
  readonly name: string;
  /** Path and text of each file. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly text: string }>;
}

/** Source text without comment lines, so prose that names an event is not mistaken for code. */
function codeOf(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s*(\*|\/\*|\/\/)/.test(line))
    .join("\n");
}

/**
 * Finds the packages whose code (comments excluded) names an event type as a string literal, outside
 * the places that only list types (core's event map, sinks that pick log levels, the testing fixtures).
 * A type no code names literally is attributed to the packages that emit a template of its family
 * (`` `pipeline.${status}` ``).
 * @param type - the event type
 * @param packages - every package's source
 * @returns package names, sorted
 */
export function emittersOf(type: string, packages: readonly PackageSource[]): string[] {
  const family = type.slice(0, type.indexOf("."));
  const search = (pattern: RegExp): string[] =>
    packages
      .filter((p) => p.name !== "@stageflow/testing")
      .filter((p) =>
        p.files.some(
          (f) => !/events\/eventTypes\.ts$|\/sinks\//.test(f.path) && pattern.test(codeOf(f.text)),
        ),
      )
      .map((p) => p.name)
      .sort();
  const literal = search(new RegExp(`["']${type.replace(/\./g, "\\.")}["']`));
  return literal.length > 0 ? literal : search(new RegExp(`emit\\(\`${family}\\.\\$\\{`));
}

function doc(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, " ").trim();
}

function packageOf(symbol: ts.Symbol): string {
  const file = symbol.declarations?.[0]?.getSourceFile().fileName ?? "";
  const match = /packages\/([^/]+)\//.exec(file);
  return match ? `@stageflow/${match[1]}` : file;
}

/**
 * Reads `StageflowEventMap` through the program built from `tsconfigPath` and `entryFiles`, so every
 * augmentation those entries load is included.
 * @param tsconfigPath - the tsconfig to compile with
 * @param entryFiles - files that import every package (the first must re-export `@stageflow/core`)
 * @returns the events, in declaration order
 * @throws Error when the map cannot be found or an entry has no doc comment
 */
export function eventCatalogue(tsconfigPath: string, entryFiles: readonly string[]): EventDoc[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${tsconfigPath}`);
  const program = ts.createProgram({ rootNames: [...entryFiles], options: parsed.options });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(entryFiles[0] as string);
  const moduleSymbol = entry && checker.getSymbolAtLocation(entry);
  const exported =
    moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "StageflowEventMap");
  if (exported === undefined) throw new Error(`${entryFiles[0]} does not export StageflowEventMap`);
  const mapSymbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const mapType = checker.getDeclaredTypeOfSymbol(mapSymbol);
  return checker.getPropertiesOfType(mapType).map((event) => {
    const description = doc(event, checker);
    if (description === "") throw new Error(`StageflowEventMap["${event.name}"] has no doc comment`);
    const dataType = checker.getTypeOfSymbol(event);
    const openData =
      checker.getIndexInfosOfType(dataType).length > 0 && checker.getPropertiesOfType(dataType).length === 0;
    const fields = checker.getPropertiesOfType(dataType).map((field) => ({
      name: field.name,
      type: checker.typeToString(checker.getTypeOfSymbol(field), undefined, ts.TypeFormatFlags.NoTruncation),
      optional: (field.flags & ts.SymbolFlags.Optional) !== 0,
      description: doc(field, checker),
    }));
    return { type: event.name, description, fields, openData, declaredIn: packageOf(event) };
  });
}

const cell = (text: string): string => text.replace(/\|/g, "\\|");

/**
 * Renders the catalogue: a summary table (with the packages that emit each type), then one section per
 * event with its data fields.
 * @param events - from {@link eventCatalogue}
 * @param packages - every package's source, for the "Emitted by" column
 * @returns markdown
 */
export function eventCatalogueMarkdown(
  events: readonly EventDoc[],
  packages: readonly PackageSource[],
): string {
  const out: string[] = ["| Type | When | Emitted by |", "| --- | --- | --- |"];
  for (const e of events) {
    const emitters = emittersOf(e.type, packages).map((name) => `\`${name}\``);
    out.push(
      `| \`${e.type}\` | ${cell(e.description)} | ${emitters.length > 0 ? emitters.join(", ") : "your code"} |`,
    );
  }
  out.push("");
  for (const e of events) {
    out.push(`### ${e.type}`, "", e.description, "");
    if (e.openData) {
      out.push("`data` is an open JSON object; the emitting package documents its fields.", "");
    } else if (e.fields.length === 0) {
      out.push("`data` has no fields.", "");
    } else {
      out.push("| `data` field | Type | Description |", "| --- | --- | --- |");
      for (const f of e.fields) {
        out.push(`| \`${f.name}${f.optional ? "?" : ""}\` | \`${cell(f.type)}\` | ${cell(f.description)} |`);
      }
      out.push("");
    }
  }
  return out.join("\n");
}
