/**
 * @module Static reading of a function's source text to find which dependency outputs it reads.
 * @internal
 *
 * Nothing is executed. The analysis is deliberately conservative: it answers "these names" only when
 * every use of the context (or inputs) parameter is a plain property access and every `inputs` read is
 * `get` / `require` / `has` / `getFrom` with a string literal or a bare identifier; anything else
 * (passing the context on, `ctx["inputs"]`, `inputs.names`, computed names, `arguments`, native
 * or bound functions) makes the answer "unknown", and unknown stages are never reported.
 */

/** What a function reads: a set of literal names and identifiers, or unknown. */
export type InputReads =
  | { readonly known: true; readonly names: readonly string[]; readonly identifiers: readonly string[] }
  | { readonly known: false };

const UNKNOWN: InputReads = { known: false };
const NOTHING: InputReads = { known: true, names: [], identifiers: [] };
const IDENT = /^[A-Za-z_$][\w$]*$/;
const READ =
  /^\s*\??\.\s*(?:get|require|has|getFrom)\s*\(\s*(?:"([^"\\]*)"|'([^'\\]*)'|`([^`\\$]*)`|([A-Za-z_$][\w$]*))\s*[,)]/;

function closing(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return -1;
}

/** Splits a function's source into its first parameter's text and the rest. */
function firstParam(src: string): { param: string; body: string } | undefined {
  const bare = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (bare !== null) return { param: bare[1] as string, body: src.slice(bare[0].length) };
  const open = src.indexOf("(");
  if (open === -1) return undefined;
  const close = closing(src, open);
  if (close === -1) return undefined;
  const list = src.slice(open + 1, close);
  let depth = 0;
  let end = list.length;
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as string;
    if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      end = i;
      break;
    }
  }
  return { param: list.slice(0, end).trim(), body: src.slice(close + 1) };
}

/** Finds the reads through `name` in `body`; `viaContext` means `name` is the context, else the inputs. */
function scan(body: string, name: string, viaContext: boolean): InputReads {
  if (/\barguments\b/.test(body)) return UNKNOWN;
  const names: string[] = [];
  const identifiers: string[] = [];
  const uses = new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`, "g");
  for (let m = uses.exec(body); m !== null; m = uses.exec(body)) {
    let rest = body.slice(m.index + name.length);
    if (viaContext) {
      const prop = /^\s*\??\.\s*([A-Za-z_$][\w$]*)/.exec(rest);
      if (prop === null) return UNKNOWN; // the context escapes: passed on, destructured or indexed
      if (prop[1] !== "inputs") continue;
      rest = rest.slice(prop[0].length);
    }
    const read = READ.exec(rest);
    if (read === null) return UNKNOWN;
    if (read[4] !== undefined) identifiers.push(read[4]);
    else names.push((read[1] ?? read[2] ?? read[3]) as string);
  }
  return { known: true, names, identifiers };
}

/**
 * Reads of a stage's `execute(ctx)`, or of a `when(inputs, snapshot)` condition (`contextParam: false`).
 * @param fn - the function
 * @param contextParam - whether the first parameter is a `StageContext` (else a `StageInputs`)
 */
export function inputReads(fn: unknown, contextParam: boolean): InputReads {
  if (typeof fn !== "function") return UNKNOWN;
  let src: string;
  try {
    // `String(fn)` rather than `Function.prototype.toString`: core's `defineStage` wrapper reports the
    // definition's own source this way.
    src = String(fn);
  } catch {
    return UNKNOWN;
  }
  if (src.includes("[native code]")) return UNKNOWN;
  const split = firstParam(src);
  if (split === undefined) return UNKNOWN;
  const { param, body } = split;
  if (param === "") return /\barguments\b/.test(body) ? UNKNOWN : NOTHING;
  if (param.startsWith("...")) return UNKNOWN;
  const plain = (/^([A-Za-z_$][\w$]*)\s*(?:=|$)/.exec(param) ?? [])[1];
  if (plain !== undefined) return scan(body, plain, contextParam);
  if (!contextParam || !param.startsWith("{")) return UNKNOWN;
  // `({ inputs }) =>` or `({ inputs: i, signal }) =>`: follow the inputs binding, if it is a plain one.
  if (!/\binputs\b/.test(param)) return /\barguments\b/.test(body) ? UNKNOWN : NOTHING;
  const alias = /[{,]\s*inputs\s*(?::\s*([A-Za-z_$][\w$]*)\s*)?(?=[,}])/.exec(param);
  if (alias === null) return UNKNOWN;
  const binding = alias[1] ?? "inputs";
  return IDENT.test(binding) ? scan(body, binding, false) : UNKNOWN;
}
