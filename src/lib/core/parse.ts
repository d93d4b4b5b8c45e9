// Tolerant parsers for model output: category letters, judge verdicts, k-response blocks,
// checklists, Likert grades and correctness grades. They never throw on model text.

import type { CategoryId } from './taxonomy';
import { CATEGORY_IDS } from './taxonomy';

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

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/** Truncates to `limit` UTF-16 units without leaving half a surrogate pair. */
export function truncateRaw(text: string, limit = RAW_EXCERPT_LIMIT): string {
  if (text.length <= limit) return text;
  let cut = text.slice(0, limit);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut;
}

function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

function failure(kind: ParseFailureKind, message: string, raw: string): ParseFailure {
  return { kind, message, raw: truncateRaw(raw) };
}

function fail<T>(kind: ParseFailureKind, message: string, raw: string): ParseResult<T> {
  return { ok: false, error: failure(kind, message, raw) };
}

/**
 * Normalizes model text before matching: NFKC folds full-width letters, digits and colons
 * (common in CJK output) to ASCII, and reasoning-model `<think>` blocks are dropped because their
 * drafts may contain verdicts the model later revised.
 */
function prepare(text: string): string {
  return dropReasoning(text.normalize('NFKC'));
}

/**
 * Reasoning comes first, so keeping what follows the last `</think>` also covers APIs that strip
 * the opening tag; indexOf keeps this linear on adversarial input.
 */
function dropReasoning(text: string): string {
  const close = text.toLowerCase().lastIndexOf('</think>');
  return close >= 0 ? text.slice(close + '</think>'.length) : text;
}

function nonEmptyLines(text: string): string[] {
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
function stripDecoration(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && LEADING_DECORATION.has(line[start] ?? '')) start++;
  while (end > start && TRAILING_DECORATION.has(line[end - 1] ?? '')) end--;
  return line.slice(start, end);
}

function distinct<T>(values: readonly T[]): T[] {
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first property (case-insensitive key match) of any extracted JSON object among `keys`. */
function jsonField(values: readonly unknown[], keys: readonly string[]): unknown {
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
function resolveStages<T>(
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

// ---------------------------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------------------------

function asCategory(letter: string | undefined): CategoryId | undefined {
  return CATEGORY_IDS.find((c) => c === letter);
}

/** Full and common short names of each category (matched case-insensitively). */
const CATEGORY_NAME_PATTERNS: ReadonlyArray<[CategoryId, RegExp]> = (
  [
    ['A', String.raw`well[\s-]*specified(?:[\s-]+singular)?[\s-]+objective`],
    ['B', String.raw`under[\s-]*specified(?:[\s-]+singular)?[\s-]+objective`],
    ['C', String.raw`random[\s-]+generation`],
    ['D', String.raw`problem[\s-]*solving[\s-]+objective`],
    ['E', String.raw`problem[\s-]*solving[\s-]+subjective`],
    ['F', String.raw`encyclop(?:a?e)di(?:a|c)[\s-]+inquiry`],
    ['G', String.raw`creative[\s-]+writing`],
    ['H', String.raw`advice[\s/-]*(?:or|and|/)?[\s/-]*opinions?`],
  ] as const
).map(([id, src]): [CategoryId, RegExp] => [
  id,
  new RegExp(String.raw`(?<![\p{L}])${src}(?![\p{L}])`, 'giu'),
]);

/** Labels after which a bare uppercase letter is the category ("Category: D", "答案：D"). */
const CATEGORY_LABEL_RE = new RegExp(
  String.raw`(?<![\p{L}])(?:task[\s_-]*category|category|classification|final[\s_-]+answer|answer|label|choice|类别|分类|答案)` +
    // One bounded run of disjoint separators: adjacent optional star-runs backtrack cubically.
    String.raw`(?:[\s*_:=\-–—"'\x60(\[]|\bis\b){0,12}([A-Ha-h])(?![\p{L}\p{N}])`,
  'giu',
);

function labelledCategories(text: string): CategoryId[] {
  const found: CategoryId[] = [];
  for (const m of text.matchAll(CATEGORY_LABEL_RE)) {
    // Lowercase letters after a label are usually the article "a" ("the category is a ...").
    const letter = asCategory(m[1]);
    if (letter !== undefined) found.push(letter);
  }
  return found;
}

/** A line that is only a letter, optionally followed by its name: "D", "(D)", "D. Problem-...". */
function lineCategory(line: string): CategoryId | undefined {
  // "E.g." and "A.k.a." start sentences, not answers.
  const m =
    /^[\s#>*_`"'([]*([A-H])(?!\.[a-z]\.)(?:[)\]*_`"']*\s*$|[)\]*_`"']*\s*(?:[.:)]|\s[-–—]))/u.exec(
      line,
    );
  return asCategory(m?.[1]);
}

function bareLineCategories(text: string): CategoryId[] {
  const lines = nonEmptyLines(text);
  const only = lines.length === 1 ? stripDecoration(lines[0] ?? '') : '';
  // A whole answer of one lowercase letter is still a letter; inside prose "a" is an article.
  if (/^[a-h]$/.test(only)) return [only.toUpperCase() as CategoryId];
  const picks = [lines[0], lines.at(-1)].filter((l): l is string => l !== undefined);
  return picks.map(lineCategory).filter((c): c is CategoryId => c !== undefined);
}

function boldCategories(text: string): CategoryId[] {
  const found: CategoryId[] = [];
  for (const m of text.matchAll(
    /\*\*[ \t]*\(?([A-H])(?!\.[a-z]\.)\)?(?=[ \t]*(?:\*\*|[.:)]|[-–—]\s))/gu,
  )) {
    const c = asCategory(m[1]);
    if (c !== undefined) found.push(c);
  }
  return found;
}

function namedCategories(text: string): CategoryId[] {
  const found: CategoryId[] = [];
  for (const [id, re] of CATEGORY_NAME_PATTERNS) {
    re.lastIndex = 0;
    if (re.test(text)) found.push(id);
  }
  return found;
}

const CATEGORY_RULES = [labelledCategories, bareLineCategories, boldCategories, namedCategories];

function categoryFromString(value: string, raw: string): ParseResult<CategoryId> {
  const trimmed = stripDecoration(value.normalize('NFKC'));
  if (/^[A-Za-z]$/.test(trimmed)) {
    const c = asCategory(trimmed.toUpperCase());
    return c !== undefined
      ? ok(c)
      : fail('out-of-range', `category "${trimmed}" is not one of A-H`, raw);
  }
  return resolveStages(raw, trimmed, CATEGORY_RULES, 'category letters');
}

/**
 * Extracts the category letter from a classifier answer. Accepts a bare letter, "Category: D",
 * "**D**", "D. Problem-Solving Objective", JSON `{"category":"D"}`, a category name, and
 * explanations before or after the answer. Conflicting letters are 'ambiguous'.
 */
export function parseClassification(text: string): ParseResult<CategoryId> {
  if (text.trim() === '') return fail('empty', 'empty classification output', text);
  const t = prepare(text);
  if (t.trim() === '') return fail('empty', 'classification output has only reasoning', text);

  const field = jsonField(extractJsonValues(t), [
    'category',
    'task_category',
    'classification',
    'label',
    'answer',
    'letter',
  ]);
  if (typeof field === 'string') return categoryFromString(field, text);
  if (field !== undefined) return fail('no-match', 'JSON category field is not a string', text);

  const result = resolveStages(text, t, CATEGORY_RULES, 'category letters');
  if (!result.ok && result.error.kind === 'no-match') {
    if (/^[\s(]*[A-H]\)?(?:\s*(?:,|\/|\bor\b|\band\b|&)\s*\(?[A-H]\)?)+[\s.]*$/u.test(t)) {
      return fail('ambiguous', 'several category letters offered', text);
    }
    if (looksLikeJson(t)) return fail('invalid-json', 'output looks like JSON but is not', text);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Judge verdict
// ---------------------------------------------------------------------------------------------

const FN = String.raw`(?:functionally[\s-]+)?`;
const NOT = String.raw`(?:\bnot|n['’]t)[\s-]+(?:(?:really|truly|quite|fully|strictly|entirely|exactly)[\s-]+)?`;

/**
 * Verdict phrases, negated forms first so that "not equivalent" is never read as "equivalent"
 * and "not different" never as "different". "in different ways" must stay 'different', so the
 * prefix "in" only negates a glued "inequivalent"/"in-equivalent".
 */
const VERDICT_TOKEN_RE = new RegExp(
  [
    String.raw`(?<neqv>${NOT}${FN}equivalent\b|\b(?:non|in)-?${FN}equivalent\b)`,
    String.raw`(?<ndiff>${NOT}${FN}(?:different|distinct)\b)`,
    String.raw`(?<nsame>${NOT}the[\s-]+same\b)`,
    String.raw`(?<eqv>\b${FN}equivalent\b)`,
    String.raw`(?<diff>\b${FN}(?:different|distinct)\b)`,
    String.raw`(?<zhdiff>不等价|不相同|不一样|不同)`,
    String.raw`(?<zheqv>等价|相同|一样)`,
  ].join('|'),
  'giu',
);

/**
 * "Label: rest" where rest runs to the end of the line or to the next "Label:", so an echoed
 * instruction such as `"Verdict: EQUIVALENT" or "Verdict: DIFFERENT"` yields two candidates.
 */
function labelRestRe(labels: string): RegExp {
  return new RegExp(
    String.raw`(?<![\p{L}])(?:${labels})[\s*_]*(?:is|[:=\-–—])[\s*_"'\x60]*((?:(?!(?:${labels})[\s*_]*[:=])[^\n])*)`,
    'giu',
  );
}

interface TokenHit<T> {
  value: T;
  text: string;
}

function verdictTokens(text: string): TokenHit<JudgeVerdict>[] {
  const hits: TokenHit<JudgeVerdict>[] = [];
  for (const m of text.matchAll(VERDICT_TOKEN_RE)) {
    const g = m.groups ?? {};
    const different =
      g['neqv'] !== undefined ||
      g['diff'] !== undefined ||
      g['nsame'] !== undefined ||
      g['zhdiff'] !== undefined;
    hits.push({ value: different ? 'different' : 'equivalent', text: m[0] });
  }
  return hits;
}

const VERDICT_LABEL_RE = labelRestRe(
  String.raw`final\s+verdict|verdict|judge?ment|final\s+answer|conclusion|decision|结论|判断|判定|裁决`,
);

function labelledVerdicts(text: string): JudgeVerdict[] {
  const found: JudgeVerdict[] = [];
  for (const m of text.matchAll(VERDICT_LABEL_RE)) {
    const first = verdictTokens(m[1] ?? '')[0];
    if (first !== undefined) found.push(first.value);
  }
  return found;
}

/** A line consisting only of a verdict phrase, e.g. "**DIFFERENT**" or "Not equivalent." */
function lineVerdict(line: string): JudgeVerdict | undefined {
  const core = stripDecoration(line);
  const hits = verdictTokens(core);
  const only = hits[0];
  if (hits.length !== 1 || only === undefined) return undefined;
  const rest = core.replace(only.text, '').replace(/^(?:the\s+)?(?:responses\s+are\s+)?/i, '');
  return rest.trim() === '' ? only.value : undefined;
}

function bareLineVerdicts(text: string): JudgeVerdict[] {
  const lines = nonEmptyLines(text);
  const picks = [lines[0], lines.at(-1)].filter((l): l is string => l !== undefined);
  return picks.map(lineVerdict).filter((v): v is JudgeVerdict => v !== undefined);
}

/** ALL-CAPS verdict words: the prompt asks for them, prose rarely shouts. */
function capsVerdicts(text: string): JudgeVerdict[] {
  return verdictTokens(text)
    .filter((h) => /[A-Z]/.test(h.text) && h.text === h.text.toUpperCase())
    .map((h) => h.value);
}

function boldVerdicts(text: string): JudgeVerdict[] {
  const found: JudgeVerdict[] = [];
  for (const m of text.matchAll(/\*\*([^*\n]{1,60})\*\*/gu)) {
    const v = lineVerdict(m[1] ?? '');
    if (v !== undefined) found.push(v);
  }
  return found;
}

function anyVerdicts(text: string): JudgeVerdict[] {
  return verdictTokens(text).map((h) => h.value);
}

const VERDICT_RULES = [labelledVerdicts, bareLineVerdicts, capsVerdicts, boldVerdicts, anyVerdicts];

function verdictFromJson(field: unknown, raw: string): ParseResult<JudgeVerdict> | undefined {
  if (typeof field === 'string') {
    const hits = distinct(verdictTokens(field.normalize('NFKC')).map((h) => h.value));
    if (hits.length === 1 && hits[0] !== undefined) return ok(hits[0]);
    return fail(hits.length > 1 ? 'ambiguous' : 'no-match', `unrecognized verdict "${field}"`, raw);
  }
  return undefined;
}

/**
 * Extracts the judge's verdict. Accepts JSON (`{"verdict":"different"}` or
 * `{"equivalent": false}`), "Verdict: EQUIVALENT", bold or capitalized verdicts, and reasoning
 * before the verdict. "not equivalent" parses as different. Conflicts are 'ambiguous'.
 */
export function parseJudgeVerdict(text: string): ParseResult<JudgeVerdict> {
  if (text.trim() === '') return fail('empty', 'empty judge output', text);
  const t = prepare(text);
  if (t.trim() === '') return fail('empty', 'judge output has only reasoning', text);

  const json = extractJsonValues(t);
  const fromField = verdictFromJson(
    jsonField(json, ['verdict', 'judgment', 'judgement', 'label', 'result', 'decision', 'answer']),
    text,
  );
  if (fromField !== undefined) return fromField;
  const eq = jsonField(json, ['equivalent', 'functionally_equivalent', 'is_equivalent', 'same']);
  if (typeof eq === 'boolean') return ok(eq ? 'equivalent' : 'different');
  const diff = jsonField(json, ['different', 'functionally_different', 'is_different']);
  if (typeof diff === 'boolean') return ok(diff ? 'different' : 'equivalent');

  const result = resolveStages(text, t, VERDICT_RULES, 'verdicts');
  if (!result.ok && result.error.kind === 'no-match' && looksLikeJson(t)) {
    return fail('invalid-json', 'output looks like JSON but has no readable verdict', text);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// k responses in one output
// ---------------------------------------------------------------------------------------------

/** `<response id="2">`, `<response>`, `<response_2>`; not the `<responses>` wrapper. */
const OPEN_TAG_RE = /<response(?:[_-]?(\d+))?(\s[^<>]*)?>/giu;
const CLOSE_TAG_RE = /<\/response(?:[_-]?\d+)?\s*>/iu;

/**
 * Fallback headings on their own line start: "Response 1:", "**Response 2**", "### Answer 3",
 * "=== Response 4 ===". Only used when no tags are present.
 */
// Every optional piece starts with a non-blank character, so blank runs cannot backtrack. The
// number must end the line or be followed by punctuation: "Option 2 is mine" is prose.
const HEADING_RE =
  /^[ \t]*(?:#{1,6}[ \t]*)?(?:(?:\*\*|__)[ \t]*)?(?:=+[ \t]*)?(?:response|answer|solution|option|version|回答|答案)[ \t]*(?:#[ \t]*)?(\d{1,3})[ \t]*(?:(?:\*\*|__)[ \t]*)?(?:=+[ \t]*)?(?:[:.)\-–—][ \t]*|$)(?:(?:\*\*|__)[ \t]*)?(?:=+[ \t]*)?/gimu;

function cleanBlock(block: string): string {
  return block.replace(/^[ \t]*(?:-{3,}|={3,}|\*{3,})[ \t]*$/gmu, '').trim();
}

function splitByTags(text: string): string[] | undefined {
  const opens = [...text.matchAll(OPEN_TAG_RE)];
  if (opens.length === 0) return undefined;
  const blocks: string[] = [];
  opens.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const next = opens[i + 1];
    const limit = next === undefined ? text.length : (next.index ?? text.length);
    const region = text.slice(start, limit);
    const close = CLOSE_TAG_RE.exec(region);
    blocks.push(close === null ? region : region.slice(0, close.index));
  });
  return blocks;
}

function splitByHeadings(text: string): string[] | undefined {
  const heads = [...text.matchAll(HEADING_RE)];
  // Keep only a 1, 2, 3, ... run so that prose such as "answer 2 is better" is not a boundary.
  const run: RegExpMatchArray[] = [];
  for (const h of heads) {
    if (Number(h[1]) === run.length + 1) run.push(h);
  }
  if (run.length === 0) return undefined;
  return run.map((h, i) => {
    const start = (h.index ?? 0) + h[0].length;
    const next = run[i + 1];
    return text.slice(start, next === undefined ? text.length : next.index);
  });
}

/** What {@link parseMultiResponseLenient} returns: every response found plus the problem, if any. */
export interface LenientResponses {
  responses: string[];
  issue: ParseFailure | null;
}

/**
 * Splits a system-prompt-sampling output into responses, reporting count problems instead of
 * failing: returns all non-empty blocks found (possibly more or fewer than k).
 * @throws RangeError if k is not a positive integer (programmer error).
 */
export function parseMultiResponseLenient(text: string, k: number): LenientResponses {
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new RangeError(`parseMultiResponse: k must be a positive integer, got ${k}`);
  }
  if (text.trim() === '') {
    return { responses: [], issue: failure('empty', 'empty output', text) };
  }
  // No NFKC here: the blocks are the responses themselves and must keep their exact characters.
  const t = dropReasoning(text);
  const blocks = splitByTags(t) ?? splitByHeadings(t);
  if (blocks === undefined) {
    return {
      responses: [],
      issue: failure('no-match', 'no <response> tags or "Response N" headings found', text),
    };
  }
  const responses = blocks.map(cleanBlock).filter((b) => b.length > 0);
  if (responses.length !== k) {
    const empties = blocks.length - responses.length;
    return {
      responses,
      issue: failure(
        'wrong-count',
        `expected ${k} responses, found ${responses.length}` +
          (empties > 0 ? ` (${empties} empty block${empties === 1 ? '' : 's'} ignored)` : ''),
        text,
      ),
    };
  }
  return { responses, issue: null };
}

/**
 * Splits a system-prompt-sampling output into exactly k responses. Reads the requested
 * `<response id="i">` tags (closing tag optional), falling back to "Response i" headings.
 * Fails with 'no-match' (no delimiters) or 'wrong-count'.
 * @throws RangeError if k is not a positive integer (programmer error).
 */
export function parseMultiResponse(text: string, k: number): ParseResult<string[]> {
  const { responses, issue } = parseMultiResponseLenient(text, k);
  return issue === null ? ok(responses) : { ok: false, error: issue };
}

// ---------------------------------------------------------------------------------------------
// Checklist
// ---------------------------------------------------------------------------------------------

/** Bounds on the number of checklist items (the prompt asks for 3-5). */
export interface ChecklistBounds {
  min: number;
  max: number;
}

const NUMBERED_ITEM_RE =
  /^([ \t]*)(?:[-*+][ \t]+)?(?:\*\*)?\(?\d{1,2}(?:[.):](?:\*\*)?[ \t]+|、[ \t]*)(\S.*)$/u;
const BULLET_ITEM_RE = /^([ \t]*)(?:[-*+•]|\[[ xX]?\])[ \t]+(\S.*)$/u;

function cleanItem(item: string): string {
  return item
    .replace(/^\[[ xX]?\][ \t]*/u, '')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** List items at the outermost indentation; deeper lines are appended to their parent item. */
function listItems(text: string, itemRe: RegExp): string[] {
  const lines = text.split(/\r?\n/);
  const indents = lines
    .map((l) => itemRe.exec(l)?.[1]?.length)
    .filter((n): n is number => n !== undefined);
  if (indents.length === 0) return [];
  const base = Math.min(...indents);
  const items: string[] = [];
  let open = false;
  for (const line of lines) {
    const m = itemRe.exec(line);
    if (m !== null && (m[1]?.length ?? 0) === base) {
      items.push(m[2] ?? '');
      open = true;
    } else if (line.trim() === '') {
      continue;
    } else if (open && /^[ \t]/.test(line) && items.length > 0) {
      items[items.length - 1] += ` ${line.trim()}`;
    } else {
      open = false;
    }
  }
  return items.map(cleanItem).filter((i) => i.length > 0);
}

function checklistFromJson(values: readonly unknown[]): string[] | undefined {
  for (const value of values) {
    let list: unknown = value;
    if (isRecord(value)) {
      list = jsonField(
        [value],
        ['checklist', 'items', 'factors', 'criteria', 'key_factors', 'checklist_items'],
      );
    }
    if (!Array.isArray(list)) continue;
    const items = list
      .map((entry): string | undefined => {
        if (typeof entry === 'string') return entry;
        if (isRecord(entry)) {
          const s = jsonField([entry], ['factor', 'item', 'text', 'criterion', 'description']);
          return typeof s === 'string' ? s : undefined;
        }
        return undefined;
      })
      .filter((s): s is string => s !== undefined)
      .map(cleanItem)
      .filter((s) => s.length > 0);
    if (items.length > 0) return items;
  }
  return undefined;
}

/**
 * Extracts checklist items from a numbered list, a bullet list, or JSON (`["..."]` or
 * `{"checklist": [...]}`). Fails with 'wrong-count' outside `bounds` (default 3-5, as asked).
 */
export function parseChecklist(
  text: string,
  bounds: ChecklistBounds = { min: 3, max: 5 },
): ParseResult<string[]> {
  if (text.trim() === '') return fail('empty', 'empty checklist output', text);
  const t = prepare(text);
  let items = checklistFromJson(extractJsonValues(t));
  if (items === undefined) {
    const numbered = listItems(t, NUMBERED_ITEM_RE);
    items = numbered.length > 0 ? numbered : listItems(t, BULLET_ITEM_RE);
  }
  if (items.length === 0) {
    return looksLikeJson(t)
      ? fail('invalid-json', 'output looks like JSON but holds no checklist', text)
      : fail('no-match', 'no numbered or bulleted checklist items found', text);
  }
  if (items.length < bounds.min || items.length > bounds.max) {
    return fail(
      'wrong-count',
      `expected ${bounds.min}-${bounds.max} checklist items, found ${items.length}`,
      text,
    );
  }
  return ok(items);
}

// ---------------------------------------------------------------------------------------------
// Likert grade
// ---------------------------------------------------------------------------------------------

const NUM = String.raw`(-?\d+(?:\.\d+)?)`;
const SCALE = String.raw`(?:\s*(?:/|out\s+of|of)\s*(\d+))?`;

const GRADE_LABEL_RE = new RegExp(
  String.raw`(?<![\p{L}])(?:final\s+score|overall\s+score|score|rating|grade|评分|得分|分数|打分)` +
    // Bounded run of disjoint separators (no '-', which belongs to a negative number).
    String.raw`(?:[\s*_:=–—"'\x60\[]|\([^)\n]{0,20}\)|\bis\b|\bof\b){0,12}${NUM}${SCALE}`,
  'giu',
);

/** A candidate number with the scale it was written against ("4/5" -> 4 of 5). */
interface ScoreHit {
  value: number;
  scale: number | undefined;
}

/** "4" and "4/5" are the same score; "4/10" is not. */
function scoreKey(hit: ScoreHit): string {
  return hit.scale === undefined || hit.scale === 5 ? `${hit.value}` : `${hit.value}/${hit.scale}`;
}

function labelledScores(text: string): ScoreHit[] {
  return [...text.matchAll(GRADE_LABEL_RE)].map((m) => ({
    value: Number(m[1]),
    scale: m[2] === undefined ? undefined : Number(m[2]),
  }));
}

function bareLineScores(text: string): ScoreHit[] {
  const lines = nonEmptyLines(text);
  const picks = [lines[0], lines.at(-1)].filter((l): l is string => l !== undefined);
  const hits: ScoreHit[] = [];
  for (const line of picks) {
    const m = new RegExp(String.raw`^${NUM}${SCALE}(?:\s*分)?$`, 'u').exec(stripDecoration(line));
    if (m !== null)
      hits.push({ value: Number(m[1]), scale: m[2] === undefined ? undefined : Number(m[2]) });
  }
  return hits;
}

function fractionScores(text: string): ScoreHit[] {
  const hits: ScoreHit[] = [];
  for (const m of text.matchAll(
    /\[\[\s*(\d+(?:\.\d+)?)\s*\]\]|(?<![\d.])(\d+(?:\.\d+)?)\s*(?:\/|out\s+of)\s*5(?!\d|\.\d)/giu,
  )) {
    hits.push({ value: Number(m[1] ?? m[2]), scale: 5 });
  }
  return hits;
}

function checkScore(hit: ScoreHit, raw: string): ParseResult<Grade> {
  if (hit.scale !== undefined && hit.scale !== 5) {
    return fail('out-of-range', `score ${hit.value}/${hit.scale} is not on the 1-5 scale`, raw);
  }
  if (!Number.isInteger(hit.value) || hit.value < 1 || hit.value > 5) {
    return fail('out-of-range', `score ${hit.value} is not an integer from 1 to 5`, raw);
  }
  return ok(hit.value as Grade);
}

/**
 * Extracts a 1-5 Likert score: JSON `{"score": 4}`, "Score: 4", "Rating: 4/5", "[[4]]", a bare
 * number on the first or last line, reasoning before the score. Scores outside 1-5 or on another
 * scale are 'out-of-range'; conflicting scores are 'ambiguous'.
 */
export function parseGrade(text: string): ParseResult<Grade> {
  if (text.trim() === '') return fail('empty', 'empty grader output', text);
  const t = prepare(text);
  if (t.trim() === '') return fail('empty', 'grader output has only reasoning', text);

  const field = jsonField(extractJsonValues(t), ['score', 'grade', 'rating', 'overall_score']);
  if (typeof field === 'number') return checkScore({ value: field, scale: undefined }, text);
  if (typeof field === 'string') {
    const m = new RegExp(String.raw`^\s*${NUM}${SCALE}\s*$`, 'u').exec(field.normalize('NFKC'));
    if (m === null) return fail('no-match', `unreadable score "${field}"`, text);
    return checkScore(
      { value: Number(m[1]), scale: m[2] === undefined ? undefined : Number(m[2]) },
      text,
    );
  }

  const rules = [labelledScores, bareLineScores, fractionScores];
  const byKey = new Map<string, ScoreHit>();
  const keyed = rules.map(
    (rule) => (s: string) =>
      rule(s).map((hit) => {
        byKey.set(scoreKey(hit), hit);
        return scoreKey(hit);
      }),
  );
  const result = resolveStages(text, t, keyed, 'scores');
  if (!result.ok) {
    if (result.error.kind === 'no-match' && looksLikeJson(t)) {
      return fail('invalid-json', 'output looks like JSON but has no readable score', text);
    }
    return result;
  }
  const hit = byKey.get(result.value);
  return hit === undefined ? fail('no-match', 'no score found', text) : checkScore(hit, text);
}

// ---------------------------------------------------------------------------------------------
// Correctness
// ---------------------------------------------------------------------------------------------

/** Grade words, longest first: "NOT_ATTEMPTED" and "INCORRECT" must not read as "CORRECT". */
const CORRECTNESS_TOKEN_RE =
  /(?<na>\bnot[\s_-]*attempted\b|未尝试|未作答|未回答)|(?<inc>\bincorrect\b|\bnot[\s_-]+correct\b|不正确|错误)|(?<cor>\bcorrect\b|正确)/giu;

function correctnessTokens(text: string): TokenHit<Correctness>[] {
  const hits: TokenHit<Correctness>[] = [];
  for (const m of text.matchAll(CORRECTNESS_TOKEN_RE)) {
    const g = m.groups ?? {};
    const value: Correctness =
      g['na'] !== undefined ? 'not-attempted' : g['inc'] !== undefined ? 'incorrect' : 'correct';
    hits.push({ value, text: m[0] });
  }
  return hits;
}

const CORRECTNESS_LABEL_RE = labelRestRe(
  String.raw`final\s+grade|grade|verdict|assessment|evaluation|result|judge?ment|label|结论|判定|评分`,
);

function labelledCorrectness(text: string): Correctness[] {
  const found: Correctness[] = [];
  for (const m of text.matchAll(CORRECTNESS_LABEL_RE)) {
    const first = correctnessTokens(m[1] ?? '')[0];
    if (first !== undefined) found.push(first.value);
  }
  return found;
}

function lineCorrectness(line: string): Correctness | undefined {
  const core = stripDecoration(line);
  const hits = correctnessTokens(core);
  const only = hits[0];
  return hits.length === 1 && only !== undefined && core.replace(only.text, '').trim() === ''
    ? only.value
    : undefined;
}

function bareLineCorrectness(text: string): Correctness[] {
  const lines = nonEmptyLines(text);
  const picks = [lines[0], lines.at(-1)].filter((l): l is string => l !== undefined);
  return picks.map(lineCorrectness).filter((v): v is Correctness => v !== undefined);
}

function capsCorrectness(text: string): Correctness[] {
  return correctnessTokens(text)
    .filter((h) => /[A-Z]/.test(h.text) && h.text === h.text.toUpperCase())
    .map((h) => h.value);
}

function anyCorrectness(text: string): Correctness[] {
  return correctnessTokens(text).map((h) => h.value);
}

const CORRECTNESS_RULES = [
  labelledCorrectness,
  bareLineCorrectness,
  capsCorrectness,
  anyCorrectness,
];

/**
 * Extracts a SimpleQA-style grade: CORRECT / INCORRECT / NOT_ATTEMPTED (any case, "not
 * attempted" or "not-attempted"), JSON `{"grade": "..."}`, with or without reasoning.
 */
export function parseCorrectness(text: string): ParseResult<Correctness> {
  if (text.trim() === '') return fail('empty', 'empty grader output', text);
  const t = prepare(text);
  if (t.trim() === '') return fail('empty', 'grader output has only reasoning', text);

  const field = jsonField(extractJsonValues(t), [
    'grade',
    'verdict',
    'correctness',
    'label',
    'result',
    'answer',
  ]);
  if (typeof field === 'string') {
    const hits = distinct(correctnessTokens(field.normalize('NFKC')).map((h) => h.value));
    if (hits.length === 1 && hits[0] !== undefined) return ok(hits[0]);
    return fail(hits.length > 1 ? 'ambiguous' : 'no-match', `unrecognized grade "${field}"`, text);
  }

  const result = resolveStages(text, t, CORRECTNESS_RULES, 'grades');
  if (!result.ok && result.error.kind === 'no-match' && looksLikeJson(t)) {
    return fail('invalid-json', 'output looks like JSON but has no readable grade', text);
  }
  return result;
}
