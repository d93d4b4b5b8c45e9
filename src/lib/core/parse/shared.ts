// Parse results and the helpers every model-output parser shares: JSON candidates, decoration
// stripping, staged rule resolution and labelled-token regexes. Never throws on model text.

/** Why a parser could not extract a value. */
export type ParseFailureKind =
  'empty' | 'no-match' | 'ambiguous' | 'wrong-count' | 'out-of-range' | 'invalid-json';

/** A parse failure; `raw` is the model text truncated to {@link RAW_EXCERPT_LIMIT} characters. */
export interface ParseFailure {
  kind: ParseFailureKind;
  message: string;
  raw: string;
}

/** Outcome of a parser: the value, or a typed failure. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ParseFailure };

/** Maximum length of {@link ParseFailure.raw}; keeps huge outputs out of stored records. */
export const RAW_EXCERPT_LIMIT = 500;

/** Judge verdict on a response pair (Definition 3.1: 0 = equivalent, 1 = different). */
export type JudgeVerdict = 'equivalent' | 'different';

/** Likert score of the checklist grader. */
export type Grade = 1 | 2 | 3 | 4 | 5;

/** SimpleQA-style correctness grade. */
export type Correctness = 'correct' | 'incorrect' | 'not-attempted';

/** Truncates to `limit` UTF-16 units without leaving half a surrogate pair. */
export function truncateRaw(text: string, limit = RAW_EXCERPT_LIMIT): string {
  if (text.length <= limit) return text;
  let cut = text.slice(0, limit);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

/** A successful parse of `value`. */
export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

/** A failure record with `raw` truncated to RAW_EXCERPT_LIMIT. */
export function failure(kind: ParseFailureKind, message: string, raw: string): ParseFailure {
  return { kind, message, raw: truncateRaw(raw) };
}

/** A failed parse of the given kind. */
export function fail<T>(kind: ParseFailureKind, message: string, raw: string): ParseResult<T> {
  return { ok: false, error: failure(kind, message, raw) };
}

/**
 * Normalizes model text before matching: NFKC folds full-width letters, digits and colons
 * (common in CJK output) to ASCII, and reasoning-model `<think>` blocks are dropped because their
 * drafts may contain verdicts the model later revised.
 */
export function prepare(text: string): string {
  return dropReasoning(text.normalize('NFKC'));
}

/**
 * Reasoning comes first, so keeping what follows the last `</think>` also covers APIs that strip
 * the opening tag; indexOf keeps this linear on adversarial input.
 */
export function dropReasoning(text: string): string {
  const close = text.toLowerCase().lastIndexOf('</think>');
  return close >= 0 ? text.slice(close + '</think>'.length) : text;
}

/** The text's lines that are not blank. */
export function nonEmptyLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

const LEADING_DECORATION = new Set([...' \t\r\n#>*_`"\'“”‘’([{【「']);
const TRAILING_DECORATION = new Set([...' \t\r\n*_`"\'“”‘’)]}】」.!。！:;']);

/**
 * Strips markdown emphasis, quotes, brackets and terminal punctuation around a short line.
 * Character loops rather than an end-anchored regex, which is quadratic on long blank runs.
 */
export function stripDecoration(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && LEADING_DECORATION.has(line[start] ?? '')) start++;
  while (end > start && TRAILING_DECORATION.has(line[end - 1] ?? '')) end--;
  return line.slice(start, end);
}

/** The values without repeats, in first-seen order. */
export function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** Maximum JSON candidates tried per text, so adversarial `{{{{` input stays linear-ish. */
const MAX_JSON_CANDIDATES = 24;

/** Index just past the bracket matching `text[start]`, honouring JSON strings; -1 if unbalanced. */
function matchBracket(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * JSON objects/arrays embedded in the text (fenced or bare), in order of appearance.
 * Bounded to a few candidates so adversarial `{{{{` input stays cheap.
 */
export function extractJsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let attempts = 0;
  let from = 0;
  while (attempts < MAX_JSON_CANDIDATES) {
    const brace = text.indexOf('{', from);
    const bracket = text.indexOf('[', from);
    const start = brace < 0 ? bracket : bracket < 0 ? brace : Math.min(brace, bracket);
    if (start < 0) break;
    attempts++;
    const end = matchBracket(text, start);
    if (end < 0) {
      from = start + 1;
      continue;
    }
    const parsed = tryJson(text.slice(start, end));
    if (parsed.ok) {
      values.push(parsed.value);
      from = end;
    } else {
      from = start + 1;
    }
  }
  return values;
}

/** True when the text (minus a code fence) is meant to be JSON, for the 'invalid-json' kind. */
export function looksLikeJson(text: string): boolean {
  const t = text
    .trim()
    .replace(/^```[a-zA-Z]*\s*/, '')
    .trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first property (case-insensitive key match) of any extracted JSON object among `keys`. */
export function jsonField(values: readonly unknown[], keys: readonly string[]): unknown {
  for (const value of values) {
    if (!isRecord(value)) continue;
    for (const [key, field] of Object.entries(value)) {
      if (keys.includes(key.toLowerCase())) return field;
    }
  }
  return undefined;
}

/** Candidates of one matching rule, reduced to: nothing, one distinct value, or a conflict. */
type Stage<T> = { found: 'none' } | { found: 'one'; value: T } | { found: 'many'; values: T[] };

function stage<T>(values: readonly T[]): Stage<T> {
  const unique = distinct(values);
  if (unique.length === 0) return { found: 'none' };
  if (unique.length === 1) return { found: 'one', value: unique[0] as T };
  return { found: 'many', values: unique };
}

/**
 * Runs matching rules in priority order. When a rule finds conflicting values, the last
 * non-empty line decides if it alone is unambiguous (models that reason first state their final
 * answer last); otherwise the result is 'ambiguous'.
 */
export function resolveStages<T>(
  raw: string,
  text: string,
  rules: ReadonlyArray<(t: string) => T[]>,
  what: string,
): ParseResult<T> {
  for (const rule of rules) {
    const result = stage(rule(text));
    if (result.found === 'one') return ok(result.value);
    if (result.found === 'many') {
      const lastLine = nonEmptyLines(text).at(-1) ?? '';
      for (const lineRule of rules) {
        const onLast = stage(lineRule(lastLine));
        if (onLast.found === 'one') return ok(onLast.value);
        if (onLast.found === 'many') break;
      }
      return fail('ambiguous', `conflicting ${what}: ${result.values.join(', ')}`, raw);
    }
  }
  return fail('no-match', `no ${what} found`, raw);
}

/**
 * "Label: rest" where rest runs to the end of the line or to the next "Label:", so an echoed
 * instruction such as `"Verdict: EQUIVALENT" or "Verdict: DIFFERENT"` yields two candidates.
 */
export function labelRestRe(labels: string): RegExp {
  return new RegExp(
    String.raw`(?<![\p{L}])(?:${labels})[\s*_]*(?:is|[:=\-–—])[\s*_"'\x60]*((?:(?!(?:${labels})[\s*_]*[:=])[^\n])*)`,
    'giu',
  );
}

/** A matched token: its normalised value and the text it was read from. */
export interface TokenHit<T> {
  value: T;
  text: string;
}

/** Rule functions, each a stage for {@link resolveStages}, of one token-based parser. */
export interface TokenRules<T> {
  /** "Label: rest": the first token after each label. */
  labelled: (text: string) => T[];
  /** The first and last non-empty lines, when one holds only a token. */
  bareLines: (text: string) => T[];
  /** ALL-CAPS tokens: the prompts ask for them, prose rarely shouts. */
  caps: (text: string) => T[];
  /** Every token anywhere. */
  any: (text: string) => T[];
}

/** The rules the verdict and correctness parsers share, built from their tokenizer. */
export function tokenRules<T>(
  tokens: (text: string) => TokenHit<T>[],
  labelRe: RegExp,
  lineValue: (line: string) => T | undefined,
): TokenRules<T> {
  return {
    labelled(text) {
      const found: T[] = [];
      for (const m of text.matchAll(labelRe)) {
        const first = tokens(m[1] ?? '')[0];
        if (first !== undefined) found.push(first.value);
      }
      return found;
    },
    bareLines(text) {
      const lines = nonEmptyLines(text);
      const picks = [lines[0], lines.at(-1)].filter((l): l is string => l !== undefined);
      return picks.map(lineValue).filter((v): v is T => v !== undefined);
    },
    caps(text) {
      return tokens(text)
        .filter((h) => /[A-Z]/.test(h.text) && h.text === h.text.toUpperCase())
        .map((h) => h.value);
    },
    any(text) {
      return tokens(text).map((h) => h.value);
    },
  };
}
