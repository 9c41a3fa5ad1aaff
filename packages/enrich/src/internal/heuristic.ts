/**
 * @module The heuristic token estimate: one pass over the text, runs of one character class, a rate per class.
 * @internal
 */

// Character classes. Rates per class were fitted to o200k_base on English prose, TypeScript, JSON and six
// non-Latin scripts; `scripts/measureHeuristic.ts` prints the resulting error table shown in the README.
const LATIN = 1;
const DIGIT = 2;
const SPACE = 3;
const NEWLINE = 4;
const PUNCT = 5;
const HAN = 6;
const KANA = 7;
const HANGUL = 8;
const GREEK_CYRILLIC = 9;
const HEBREW_ARABIC = 10;
const OTHER_LETTER = 11;

const LETTER = /\p{L}/u;

function classify(code: number): number {
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return LATIN;
    if (code >= 0x30 && code <= 0x39) return DIGIT;
    if (code === 0x20 || code === 0x09) return SPACE;
    if (code === 0x0a || code === 0x0d) return NEWLINE;
    return PUNCT;
  }
  if (code >= 0xc0 && code <= 0x24f) return code === 0xd7 || code === 0xf7 ? PUNCT : LATIN;
  if (code >= 0x300 && code <= 0x36f) return LATIN; // combining accents continue a Latin word
  if (code >= 0x370 && code <= 0x52f) return GREEK_CYRILLIC;
  if ((code >= 0x590 && code <= 0x6ff) || (code >= 0x750 && code <= 0x77f)) return HEBREW_ARABIC;
  if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0xff66 && code <= 0xff9f)) return KANA;
  if (
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff)
  )
    return HAN;
  if (
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0x1100 && code <= 0x11ff) ||
    (code >= 0x3130 && code <= 0x318f)
  )
    return HANGUL;
  if (code >= 0x2000 && code <= 0x206f) return code <= 0x200a ? SPACE : PUNCT;
  if (code >= 0xd800 && code <= 0xdfff) return PUNCT; // emoji and other astral symbols, per UTF-16 unit
  return LETTER.test(String.fromCharCode(code)) || (code >= 0x900 && code <= 0xdff) ? OTHER_LETTER : PUNCT;
}

function runTokens(kind: number, length: number, han: number): number {
  switch (kind) {
    case LATIN:
      return length <= 9 ? 1 : Math.ceil(length / 5);
    case DIGIT:
      return Math.ceil(length / 3);
    case PUNCT:
      return Math.ceil(length / 3);
    case HAN:
    case KANA:
      return Math.max(1, Math.round(han * 0.62 + (length - han) * 0.75));
    case HANGUL:
      return Math.max(1, Math.round(length * 0.6));
    case GREEK_CYRILLIC:
      return Math.max(1, Math.round(length / 5));
    case HEBREW_ARABIC:
      return Math.max(1, Math.round(length / 3.6));
    case OTHER_LETTER:
      return Math.max(1, Math.round(length / 3));
    default:
      return 1;
  }
}

/**
 * Estimates the o200k_base token count of `text` without a vocabulary.
 * @param text - any text
 * @returns a whole number ≥ 0
 */
export function estimateTokens(text: string): number {
  let total = 0;
  let kind = 0;
  let length = 0;
  let han = 0;
  for (let i = 0; i < text.length; i++) {
    let next = classify(text.charCodeAt(i));
    // Han and kana mix freely in Japanese; count them as one run with per-character weights.
    if (next === KANA && kind === HAN) next = HAN;
    if (next === HAN && kind === KANA) kind = HAN;
    if (next === kind) {
      length++;
      if (next === HAN && classify(text.charCodeAt(i)) === HAN) han++;
      continue;
    }
    // Newlines right after punctuation merge into its token (",\n", "{\n").
    if (next === NEWLINE && kind === PUNCT) continue;
    total += closeRun(kind, length, han, text.charCodeAt(i));
    kind = next;
    length = 1;
    han = next === HAN && classify(text.charCodeAt(i)) === HAN ? 1 : 0;
  }
  return total + closeRun(kind, length, han, 0);
}

function closeRun(kind: number, length: number, han: number, nextCode: number): number {
  if (kind === 0) return 0;
  // A single space before a word belongs to that word's token (" the"); runs of spaces cost one token.
  if (kind === SPACE) return length === 1 && nextCode !== 0 ? 0 : 1;
  if (kind === NEWLINE) return 1;
  return runTokens(kind, length, han);
}
