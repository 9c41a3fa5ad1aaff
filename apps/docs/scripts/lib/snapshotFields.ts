/**
 * @module Generates the snapshot field reference from `ContextSnapshotSchema`, the source of truth.
 */
import type { z } from "zod";

/** One documented field of the snapshot. */
export interface SnapshotField {
  /** Dotted path (`conversation.messages[].role`). */
  readonly path: string;
  /** The field's type, in TypeScript-like notation. */
  readonly type: string;
  /** Whether the serialised form must contain it (no default, not optional). */
  readonly required: boolean;
  /** The default, as JSON, when it has one. */
  readonly defaultValue: string | undefined;
  /** The schema's `.describe()` text. */
  readonly description: string;
}

interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly entries?: Record<string, string>;
  readonly format?: string;
  readonly defaultValue?: unknown;
  readonly options?: readonly z.ZodType[];
}

const def = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

/** Peels `default`, `optional` and `nullable` wrappers off a schema. */
function core(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const d = def(current);
    if ((d.type === "default" || d.type === "optional" || d.type === "nullable") && d.innerType)
      current = d.innerType;
    else return current;
  }
}

function describe(schema: z.ZodType): string | undefined {
  let current: z.ZodType | undefined = schema;
  while (current !== undefined) {
    if (current.description !== undefined) return current.description;
    const d = def(current);
    current =
      d.type === "default" || d.type === "optional" || d.type === "nullable" ? d.innerType : undefined;
  }
  return undefined;
}

function typeOf(schema: z.ZodType): string {
  const d = def(schema);
  switch (d.type) {
    case "default":
    case "optional":
      return typeOf(d.innerType as z.ZodType);
    case "nullable":
      return `${typeOf(d.innerType as z.ZodType)} | null`;
    case "string":
      return d.format === "datetime" ? "string (ISO 8601)" : "string";
    case "enum":
      return Object.values(d.entries ?? {})
        .map((v) => `"${v}"`)
        .join(" | ");
    case "array":
      return `${typeOf(d.element as z.ZodType)}[]`;
    case "record":
      return `Record<string, ${typeOf(d.valueType as z.ZodType)}>`;
    case "lazy":
      return "JSON";
    case "union":
      return (d.options ?? []).map(typeOf).join(" | ");
    default:
      return d.type;
  }
}

/**
 * Walks an object schema and lists every field, nested objects and array items included.
 * @param schema - an object schema (`ContextSnapshotSchema`)
 * @param prefix - the path of `schema` itself
 * @returns the fields in schema order
 * @throws Error when a field has no `.describe()` text: the schema must document every field
 */
export function snapshotFields(schema: z.ZodType, prefix = ""): SnapshotField[] {
  const shape = def(core(schema)).shape;
  if (shape === undefined) throw new Error(`${prefix || "schema"} is not an object schema`);
  const fields: SnapshotField[] = [];
  for (const [key, field] of Object.entries(shape)) {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    const description = describe(field);
    if (description === undefined)
      throw new Error(`snapshot field "${path}" has no .describe() text in the schema`);
    const d = def(field);
    const inner = core(field);
    const innerDef = def(inner);
    fields.push({
      path,
      type: typeOf(field),
      required: d.type !== "default" && d.type !== "optional",
      defaultValue: d.type === "default" ? JSON.stringify(d.defaultValue) : undefined,
      description,
    });
    if (innerDef.type === "object") fields.push(...snapshotFields(inner, path));
    if (innerDef.type === "array" && def(core(innerDef.element as z.ZodType)).type === "object") {
      fields.push(...snapshotFields(innerDef.element as z.ZodType, `${path}[]`));
    }
  }
  return fields;
}

/**
 * Renders the fields as a markdown table.
 * @param fields - from {@link snapshotFields}
 * @returns markdown
 */
export function snapshotFieldsMarkdown(fields: readonly SnapshotField[]): string {
  const rows = fields.map(
    (f) =>
      `| \`${f.path}\` | \`${f.type.replace(/\|/g, "\\|")}\` | ${f.required ? "yes" : "no"} | ${f.defaultValue === undefined ? "" : `\`${f.defaultValue}\``} | ${f.description.replace(/\|/g, "\\|")} |`,
  );
  return [
    "| Field | Type | Required in JSON | Default | Description |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
