// Final-answer extraction and equivalence checking for competition-math answers (MATH, MATH-500).
// Normalises LaTeX like the Hendrycks et al. and PRM800K/Minerva graders, then compares values.

/**
 * Relative tolerance used when both answers evaluate to plain real numbers: two values match when
 * |a - b| <= 1e-9 * max(|a|, |b|). Exact for integers written as integer literals on both sides
 * (compared as BigInt, so large integers that differ in the last digit never match).
 */
export const NUMERIC_RELATIVE_TOLERANCE = 1e-9;

/** Recursion limit for nested structures (lists of tuples of matrices...); deeper input fails. */
const MAX_DEPTH = 6;
/** Answers with more `\pm` signs than this are not expanded (each one doubles the list). */
const MAX_PM_SIGNS = 3;
/** Longer "answers" are not final answers; they are only stripped of whitespace. */
const MAX_ANSWER_LENGTH = 2000;
/** Lists longer than this are compared as plain strings only, to bound the matching cost. */
const MAX_LIST_ITEMS = 64;
/** Private-use character standing in for a LaTeX line break `\\` while spaces are removed. */
const ROW = '\uE000';

/** Index just past the `}` matching the `{` at `open`, or -1; `\{`, `\}` are escaped braces. */
function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Returns the content of the LAST `\boxed{...}` or `\fbox{...}` in `text` (nested braces and
 * escaped `\{ \}` handled; `\boxed {x}` with a space is accepted), or of the Minerva shorthand
 * `\boxed 5`, whose answer runs to the next `$` or line end. Returns null when there is no box,
 * when the last box is unterminated (a truncated generation: an earlier box would be a guess),
 * or when its content is blank.
 */
export function extractBoxed(text: string): string | null {
  if (typeof text !== 'string') return null;
  const re = /\\(?:boxed|fbox)(?![a-zA-Z])/g;
  let last = -1;
  let lastEnd = -1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    last = m.index;
    lastEnd = m.index + m[0].length;
  }
  if (last < 0) return null;
  let i = lastEnd;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  let content: string;
  if (text[i] === '{') {
    const end = matchBrace(text, i);
    if (end < 0) return null;
    content = text.slice(i + 1, end - 1);
  } else {
    // Shorthand needs a separator (`\boxed 5`) or a non-letter (`\boxed5`); `\boxed$` is empty.
    const rest = text.slice(i);
    const stop = rest.search(/[$\n]/);
    content = stop < 0 ? rest : rest.slice(0, stop);
  }
  return content.trim() === '' ? null : content.trim();
}

/** Replaces every `\name{X}` by `X` (balanced braces), for each command in `names`. */
function unwrapCommands(s: string, names: readonly string[]): string {
  let out = s;
  for (const name of names) {
    const token = `\\${name}{`;
    let from = 0;
    for (let at = out.indexOf(token, from); at >= 0; at = out.indexOf(token, from)) {
      const open = at + token.length - 1;
      const end = matchBrace(out, open);
      if (end < 0) break;
      out = out.slice(0, at) + out.slice(open + 1, end - 1) + out.slice(end);
      from = at;
    }
  }
  return out;
}

/** Text-like wrappers whose content is the answer itself. */
const TEXT_COMMANDS = [
  'text',
  'textbf',
  'textit',
  'textrm',
  'textnormal',
  'mbox',
  'mathrm',
  'mathbf',
  'mathit',
  'emph',
  'operatorname',
];

/**
 * Drops trailing units: a final `\text{...}`-like group (optionally squared or cubed) after a
 * non-empty answer, e.g. `10\text{ cm}`, `864 \mbox{ inches}^2`, `\frac{270}7\text{ degrees}`.
 */
function removeTrailingTextUnits(s: string): string {
  let out = s;
  for (let guard = 0; guard < 4; guard++) {
    const m = /\\(?:text|mbox|textrm|mathrm)\s*\{/g;
    let lastAt = -1;
    let lastOpen = -1;
    for (let x = m.exec(out); x !== null; x = m.exec(out)) {
      lastAt = x.index;
      lastOpen = x.index + x[0].length - 1;
    }
    if (lastAt <= 0) return out;
    const end = matchBrace(out, lastOpen);
    if (end < 0) return out;
    const tail = out.slice(end);
    if (!/^\s*(?:\^\s*\{?\s*[23]\s*\}?)?\s*\.?\s*$/.test(tail)) return out;
    const head = out.slice(0, lastAt).trimEnd();
    // Units follow a quantity; keep text that is the answer itself (`x\text{-axis}`, `\text{A}`).
    if (!/(\d|\\pi)/.test(head) || /[=+\-*/^_,([{]$/.test(head)) return out;
    out = head;
  }
  return out;
}

/** Unit words stripped after a number when written without `\text`, e.g. `10 cm`, `5 dollars`. */
const UNIT_WORDS =
  'units?|square\\s+units|sq\\.?\\s*units|cm|mm|km|centimeters?|millimeters?|meters?|kilometers?|' +
  'inch(?:es)?|feet|foot|ft|yards?|miles?|mph|hours?|minutes?|seconds?|days?|weeks?|years?|' +
  'degrees?|cents?|dollars?|pounds?|ounces?|grams?|kilograms?|kg|liters?|gallons?';
const UNIT_RE = new RegExp(
  `(\\d|\\})\\s+(?:square\\s+|cubic\\s+)?(?:${UNIT_WORDS})(?:\\s*\\^\\s*\\{?[23]\\}?)?\\s*\\.?$`,
);

/** Rewrites `\frac12`, `\frac1b`, `\frac{1}2` and `\binom52` into fully braced form. */
function fixTwoArgCommands(s: string): string {
  let out = '';
  let i = 0;
  const re = /\\(?:frac|binom)(?![a-zA-Z])/g;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m.index < i) continue;
    out += s.slice(i, m.index) + m[0];
    let j = m.index + m[0].length;
    for (let arg = 0; arg < 2; arg++) {
      if (j >= s.length) break;
      if (s[j] === '{') {
        const end = matchBrace(s, j);
        if (end < 0) break;
        out += s.slice(j, end);
        j = end;
      } else if (s[j] === '\\') {
        const cmd = /^\\[a-zA-Z]+/.exec(s.slice(j));
        const tok = cmd ? cmd[0] : s.slice(j, j + 2);
        out += `{${tok}}`;
        j += tok.length;
      } else {
        out += `{${s[j] ?? ''}}`;
        j += 1;
      }
    }
    i = j;
    re.lastIndex = j;
  }
  return out + s.slice(i);
}

/** Strips one pair of braces that wraps the whole string, e.g. a doubly braced `{5}`. */
function stripOuterBraces(s: string): string {
  let out = s;
  while (out.startsWith('{') && matchBrace(out, 0) === out.length) out = out.slice(1, -1);
  return out;
}

const TRAILING_ROW_RE = new RegExp(`${ROW}+(?=\\\\end\\{)`, 'g');
const ROW_RE = new RegExp(ROW, 'g');

/** Greek-letter commands accepted as the variable of an `x = ...` prefix. */
const GREEK = 'alpha|beta|gamma|delta|epsilon|theta|lambda|mu|phi|psi|omega|rho|sigma|tau';
const VAR_PREFIX_RE = new RegExp(
  `^(?:[a-zA-Z]|\\\\(?:${GREEK}))(?:_\\{?\\w+\\}?)?\\s*(?:=|\\\\in(?![a-zA-Z]))`,
);

/**
 * Normalises a final answer the way the MATH graders do (Hendrycks et al. `strip_string`, the
 * PRM800K and lm-eval "minerva" rules): drops spaces, `\left`/`\right`, thin spaces, `\displaystyle`,
 * dollar and percent signs, degree marks, trailing units and periods, a one-variable `x =` or
 * `x \in` prefix; rewrites `\dfrac`/`\tfrac`, `\frac12`, `\sqrt2`, `a/b`, `.5`, `2.50`, `1,000`,
 * `\text{(C)}`, `\text{Word}`. The result is meant for equality tests, not for display. Inputs
 * over 2,000 characters are not final answers and are only stripped of whitespace.
 */
export function normalizeAnswer(ans: string): string {
  if (typeof ans !== 'string') return '';
  // Fast path: most answers are bare integers, which every rule below leaves unchanged.
  if (/^-?\d{1,15}$/.test(ans)) return ans;
  if (ans.length > MAX_ANSWER_LENGTH) return ans.replace(/\s+/g, '');
  const cached = normalizeCache.get(ans);
  if (cached !== undefined) return cached;
  const result = normalizeUncached(ans);
  // Grading compares many responses with few references; a small bounded memo pays off.
  if (normalizeCache.size >= NORMALIZE_CACHE_SIZE) normalizeCache.clear();
  normalizeCache.set(ans, result);
  return result;
}

const NORMALIZE_CACHE_SIZE = 2048;
const normalizeCache = new Map<string, string>();

/** The normalisation pipeline behind normalizeAnswer's fast paths and memo. */
function normalizeUncached(ans: string): string {
  let s = ans
    .replace(/[\u2212\u2013\u2014]/g, '-')
    .replace(/[\u00a0\u2009\u202f\u200b]/g, ' ')
    .replace(/\u03c0/g, '\\pi ')
    .replace(/\u221e/g, '\\infty ')
    .replace(/\u221a/g, '\\sqrt')
    .replace(/\u00d7/g, '\\times ')
    .replace(/[\u00b7\u22c5]/g, '\\cdot ')
    .replace(/\u00b1/g, '\\pm ')
    .replace(/\u00b0/g, '')
    .replace(/\\\\/g, ROW)
    .replace(/\n/g, ' ')
    .trim();

  // Math delimiters around the whole answer.
  s = s
    .replace(/^\$+|\$+$/g, '')
    .replace(/^\\\(|\\\)$/g, '')
    .replace(/^\\\[|\\\]$/g, '');
  if (/^\\(?:boxed|fbox)(?![a-zA-Z])/.test(s)) s = extractBoxed(s) ?? '';

  s = s
    .replace(/\\(?:displaystyle|textstyle)(?![a-zA-Z])/g, '')
    .replace(/\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![a-zA-Z])/g, '')
    .replace(/\\(?:quad|qquad)(?![a-zA-Z])/g, ' ')
    .replace(/\\[!,;: ]/g, '')
    .replace(/~/g, ' ')
    .replace(/\\[dtc]frac(?![a-zA-Z])/g, '\\frac')
    .replace(/\\[dt]binom(?![a-zA-Z])/g, '\\binom')
    .replace(/\{(b|B)matrix\}/g, '{pmatrix}')
    .replace(/\\lbrace(?![a-zA-Z])/g, '\\{')
    .replace(/\\rbrace(?![a-zA-Z])/g, '\\}')
    .replace(/\\leq?(?![a-zA-Z])/g, '\\le ')
    .replace(/\\geq?(?![a-zA-Z])/g, '\\ge ')
    // Degrees: ^\circ, ^{\circ}, \degree; a bare \circ (composition) is kept.
    .replace(/\^\s*\{\s*\\circ\s*\}/g, '')
    .replace(/\^\s*\\circ(?![a-zA-Z])/g, '')
    .replace(/\\degrees?(?![a-zA-Z])/g, '')
    .replace(/\\\$/g, '')
    .replace(/\$/g, '')
    .replace(/\\%/g, '')
    .replace(/%/g, '')
    .trim();

  s = removeTrailingTextUnits(s);
  s = s.replace(UNIT_RE, '$1');
  s = unwrapCommands(s, TEXT_COMMANDS);
  s = s.replace(/\s*[.;]\s*$/, '').trim();

  // A one-variable prefix `x = 5`, `k=3`, `\theta = 30`, `x \in [a,b]`; equations keep theirs.
  const prefix = VAR_PREFIX_RE.exec(s);
  if (prefix && !s.slice(prefix[0].length).includes('=')) s = s.slice(prefix[0].length);

  // LaTeX takes one token as an unbraced argument: \sqrt2, \sqrt 2 and \sqrt\pi.
  s = s.replace(/\\sqrt(?![a-zA-Z])\s*(?![{[\s])(\\[a-zA-Z]+|\S)/g, '\\sqrt{$1}');
  s = s.replace(/\s+/g, '');
  s = s.replace(/\{,\}/g, ',');
  s = fixTwoArgCommands(s);
  s = s.replace(/([\^_])\{([^{}\\])\}/g, '$1$2');
  s = stripOuterBraces(s);

  // Multiple-choice letters: \text{(C)}, (C), C.
  const choice = /^\(([A-E])\)$/.exec(s);
  if (choice) s = choice[1] ?? s;

  // Numbers: thousands separators, leading and trailing zeros, simple slashes.
  if (/^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  s = s.replace(/(^|[^\d}])\.(\d)/g, (_m, before: string, digit: string) => `${before}0.${digit}`);
  s = s.replace(/(\d+\.\d*?)0+(?!\d)/g, '$1').replace(/(\d)\.(?!\d)/g, '$1');
  s = s.replace(/^\+/, '');
  s = s.replace(/(^|[,([])\+\\infty/g, '$1\\infty');
  const slash = /^(-?)(\d+)\/(\d+)$/.exec(s);
  if (slash) s = `${slash[1] ?? ''}\\frac{${slash[2] ?? ''}}{${slash[3] ?? ''}}`;

  // Word answers (names, days, shapes) compare case-insensitively.
  if (/^[A-Za-z]{3,}$/.test(s)) s = s.toLowerCase();

  s = s.replace(TRAILING_ROW_RE, '').replace(ROW_RE, '\\\\');
  return s.replace(/\.$/, '');
}

/** Splits on top-level separators (outside all brackets and braces); escaped `\{` counts. */
function splitTopLevel(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      const next = s[i + 1];
      if (next === '{') depth++;
      else if (next === '}') depth--;
      else if (depth === 0 && s.startsWith(sep, i)) {
        parts.push(s.slice(start, i));
        start = i + sep.length;
        i += sep.length - 1;
        continue;
      }
      i++;
      continue;
    }
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (depth === 0 && s.startsWith(sep, i)) {
      parts.push(s.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

/** True when the bracket opening the string closes at its last character (not `(1)+(2)`). */
function closesAtEnd(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '\\') {
      const next = s.charAt(i + 1);
      i++;
      if (next === '{') depth++;
      else if (next === '}') depth--;
      else continue;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else continue;
    if (depth <= 0 && i < s.length - 1) return false;
  }
  return depth === 0;
}

type Shape =
  | { kind: 'matrix'; rows: string[][] }
  | { kind: 'ordered'; open: string; close: string; items: string[] }
  | { kind: 'set'; items: string[] }
  | { kind: 'union'; items: string[] }
  | { kind: 'atom' };

/** Classifies a normalised answer: matrix, tuple/interval, unordered list/set, union or atom. */
function shapeOf(s: string): Shape {
  const mat = /^\\begin\{pmatrix\}(.*)\\end\{pmatrix\}$/s.exec(s);
  if (mat) {
    const rows = (mat[1] ?? '').split('\\\\').map((r) => r.split('&'));
    return { kind: 'matrix', rows };
  }
  const union = splitTopLevel(s, '\\cup');
  if (union.length > 1) return { kind: 'union', items: union };
  if (s.startsWith('\\{') && s.endsWith('\\}') && closesAtEnd(s)) {
    return { kind: 'set', items: splitTopLevel(s.slice(2, -2), ',') };
  }
  for (const [open, close] of [
    ['(', ')'],
    ['(', ']'],
    ['[', ')'],
    ['[', ']'],
  ] as const) {
    if (s.length > 2 && s.startsWith(open) && s.endsWith(close) && closesAtEnd(s)) {
      const items = splitTopLevel(s.slice(1, -1), ',');
      if (items.length > 1) return { kind: 'ordered', open, close, items };
    }
  }
  const items = splitTopLevel(s, ',');
  if (items.length > 1) return { kind: 'set', items };
  return { kind: 'atom' };
}

/** Expands the first `\pm`/`\mp` into its two signed variants; no sign means a single item. */
function expandPm(item: string): string[] {
  const m = /\\(pm|mp)(?![a-zA-Z])/.exec(item);
  // Each sign doubles the list; more than a few is not a real answer.
  if (!m || (item.match(/\\(?:pm|mp)(?![a-zA-Z])/g) ?? []).length > MAX_PM_SIGNS) return [item];
  const first = m[1] === 'pm' ? '+' : '-';
  const second = m[1] === 'pm' ? '-' : '+';
  const before = item.slice(0, m.index);
  const after = item.slice(m.index + m[0].length);
  return [...expandPm(before + first + after), ...expandPm(before + second + after)].map((x) =>
    x.replace(/^\+/, ''),
  );
}

/** Multiset match: every item pairs with a distinct equivalent item of the other list. */
function sameMultiset(a: string[], b: string[], depth: number): boolean {
  if (a.length !== b.length || a.length > MAX_LIST_ITEMS) return false;
  const used = new Array<boolean>(b.length).fill(false);
  for (const x of a) {
    let found = false;
    for (let j = 0; j < b.length; j++) {
      const y = b[j];
      if (!used[j] && y !== undefined && equivalent(x, y, depth + 1)) {
        used[j] = true;
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

/** Items of an unordered answer after `\pm` expansion; atoms are a one-item set. */
function setItems(s: string, shape: Shape): string[] | null {
  if (shape.kind === 'set') return shape.items.map(normalizeAnswer).flatMap(expandPm);
  if (shape.kind === 'atom') return expandPm(s);
  return null;
}

/**
 * A list of assignments to distinct variables (`x=1,y=2`) as a name -> value map, or null. Such a
 * list is a point, so values must match by name; only same-variable lists (`x=1,x=-2`) are sets.
 */
function assignments(shape: Shape): Map<string, string> | null {
  if (shape.kind !== 'set') return null;
  const map = new Map<string, string>();
  for (const item of shape.items) {
    const m = /^([a-zA-Z](?:_\w)?|\\[a-zA-Z]+)=([^=]+)$/.exec(item);
    if (!m || m[1] === undefined || m[2] === undefined || map.has(m[1])) return null;
    map.set(m[1], m[2]);
  }
  return map.size > 1 ? map : null;
}

interface Analysis {
  value: number | null;
  shape: Shape;
}

const ANALYSIS_CACHE_SIZE = 2048;
const analysisCache = new Map<string, Analysis>();

/** Numeric value and structure of a normalised answer, memoised like normalizeAnswer. */
function analyse(s: string): Analysis {
  const cached = analysisCache.get(s);
  if (cached !== undefined) return cached;
  const value = evaluateNumber(s);
  const result: Analysis = { value, shape: value === null ? shapeOf(s) : { kind: 'atom' } };
  if (analysisCache.size >= ANALYSIS_CACHE_SIZE) analysisCache.clear();
  analysisCache.set(s, result);
  return result;
}

/** Structural equivalence of two normalised answers. */
function equivalent(x: string, y: string, depth: number): boolean {
  const a = depth === 0 ? x : normalizeAnswer(x);
  const b = depth === 0 ? y : normalizeAnswer(y);
  if (a === '' || b === '') return false;
  if (a === b) return true;
  if (depth > MAX_DEPTH) return false;

  const { value: va, shape: sa } = analyse(a);
  const { value: vb, shape: sb } = analyse(b);
  if (va !== null && vb !== null) return numbersMatch(a, b, va, vb);

  if (sa.kind === 'matrix' || sb.kind === 'matrix') {
    if (sa.kind !== 'matrix' || sb.kind !== 'matrix' || sa.rows.length !== sb.rows.length) {
      return false;
    }
    return sa.rows.every((row, i) => {
      const other = sb.rows[i];
      return (
        other !== undefined &&
        row.length === other.length &&
        row.every((cell, j) => equivalent(cell, other[j] ?? '', depth + 1))
      );
    });
  }
  if (sa.kind === 'ordered' || sb.kind === 'ordered') {
    if (sa.kind !== 'ordered' || sb.kind !== 'ordered') return false;
    if (sa.open !== sb.open || sa.close !== sb.close || sa.items.length !== sb.items.length) {
      return false;
    }
    return sa.items.every((item, i) => equivalent(item, sb.items[i] ?? '', depth + 1));
  }
  if (sa.kind === 'union' || sb.kind === 'union') {
    if (sa.kind !== 'union' || sb.kind !== 'union') return false;
    return sameMultiset(sa.items, sb.items, depth);
  }
  const ma = assignments(sa);
  const mb = assignments(sb);
  if (ma !== null || mb !== null) {
    if (ma === null || mb === null || ma.size !== mb.size) return false;
    return [...ma].every(([name, value]) => {
      const other = mb.get(name);
      return other !== undefined && equivalent(value, other, depth + 1);
    });
  }
  const ia = setItems(a, sa);
  const ib = setItems(b, sb);
  if (ia === null || ib === null) return false;
  if (ia.length === 1 && ib.length === 1) {
    // Two plain atoms already failed the checks above; a one-item set may still match an atom.
    const [x1 = '', y1 = ''] = [ia[0], ib[0]];
    return (x1 !== a || y1 !== b) && equivalent(x1, y1, depth + 1);
  }
  return sameMultiset(ia, ib, depth);
}

/** Integer literals compare exactly; other numbers within the relative tolerance. */
function numbersMatch(a: string, b: string, va: number, vb: number): boolean {
  if (/^-?\d+$/.test(a) && /^-?\d+$/.test(b)) return BigInt(a) === BigInt(b);
  if (va === vb) return true;
  return Math.abs(va - vb) <= NUMERIC_RELATIVE_TOLERANCE * Math.max(Math.abs(va), Math.abs(vb));
}

/**
 * Value of a normalised answer that is a real-number expression built from decimals, `\frac`,
 * `\sqrt` (with optional index), `\pi`, + - * / `\cdot` `\times` `\div`, `^` and brackets; a
 * proper mixed number like `1\frac{4}{5}` means 1 + 4/5. Anything else (variables, `i`, bases,
 * commas) gives null, as do non-finite results.
 */
function evaluateNumber(s: string): number | null {
  const mixed = /^(-?)(\d+)\\frac\{(\d+)\}\{(\d+)\}$/.exec(s);
  if (mixed) {
    const whole = Number(mixed[2]);
    const num = Number(mixed[3]);
    const den = Number(mixed[4]);
    if (num < den && den > 0) return (mixed[1] === '-' ? -1 : 1) * (whole + num / den);
  }
  const tokens = tokenize(s);
  if (tokens === null) return null;
  const parser = new ExprParser(tokens);
  const value = parser.parseExpression();
  if (value === null || !parser.done() || !Number.isFinite(value)) return null;
  return value;
}

/** Splits a normalised answer into arithmetic tokens, or null on any unsupported symbol. */
function tokenize(s: string): string[] | null {
  const tokens: string[] = [];
  const re = /\d+(?:\.\d+)?(?:e[-+]?\d+)?|\.\d+|\\[a-zA-Z]+|[-+*/^(){}[\]]/y;
  let i = 0;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return null;
    const tok = m[0];
    if (
      tok.startsWith('\\') &&
      !['\\frac', '\\sqrt', '\\pi', '\\cdot', '\\times', '\\div'].includes(tok)
    ) {
      return null;
    }
    tokens.push(tok);
    i += tok.length;
  }
  return tokens;
}

/** Recursive-descent evaluator over tokens from `tokenize`; returns null on malformed input. */
class ExprParser {
  private pos = 0;
  constructor(private readonly tokens: string[]) {}

  done(): boolean {
    return this.pos === this.tokens.length;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  parseExpression(): number | null {
    let left = this.parseTerm();
    while (left !== null && (this.peek() === '+' || this.peek() === '-')) {
      const op = this.tokens[this.pos++];
      const right = this.parseTerm();
      if (right === null) return null;
      left = op === '+' ? left + right : left - right;
    }
    return left;
  }

  private parseTerm(): number | null {
    let left = this.parseUnary();
    for (;;) {
      if (left === null) return null;
      const t = this.peek();
      if (t === '*' || t === '/' || t === '\\cdot' || t === '\\times' || t === '\\div') {
        this.pos++;
        const right = this.parseUnary();
        if (right === null) return null;
        left = t === '/' || t === '\\div' ? left / right : left * right;
      } else if (t !== undefined && this.startsAtom(t)) {
        // Implicit product, e.g. 2\sqrt{3}, 3\pi, (1+x)(2).
        const right = this.parsePower();
        if (right === null) return null;
        left *= right;
      } else {
        return left;
      }
    }
  }

  private startsAtom(t: string): boolean {
    return (
      t === '\\frac' || t === '\\sqrt' || t === '\\pi' || t === '(' || t === '{' || /^[\d.]/.test(t)
    );
  }

  private parseUnary(): number | null {
    const t = this.peek();
    if (t === '-' || t === '+') {
      this.pos++;
      const v = this.parseUnary();
      return v === null ? null : t === '-' ? -v : v;
    }
    return this.parsePower();
  }

  private parsePower(): number | null {
    const base = this.parseAtom();
    if (base === null || this.peek() !== '^') return base;
    this.pos++;
    let exp: number | null;
    const t = this.peek();
    if (t === '{') exp = this.parseGroup('{', '}');
    else if (t !== undefined && /^\d/.test(t)) {
      // LaTeX binds only the first digit of an unbraced exponent.
      this.pos++;
      exp = Number(t[0]);
      if (t.length > 1) this.tokens.splice(this.pos, 0, t.slice(1));
    } else exp = this.parseAtom();
    if (exp === null) return null;
    return Math.pow(base, exp);
  }

  private parseGroup(open: string, close: string): number | null {
    if (this.peek() !== open) return null;
    this.pos++;
    const v = this.parseExpression();
    if (v === null || this.peek() !== close) return null;
    this.pos++;
    return v;
  }

  private parseAtom(): number | null {
    const t = this.peek();
    if (t === undefined) return null;
    if (t === '(') return this.parseGroup('(', ')');
    if (t === '{') return this.parseGroup('{', '}');
    if (t === '\\pi') {
      this.pos++;
      return Math.PI;
    }
    if (t === '\\frac') {
      this.pos++;
      const num = this.parseGroup('{', '}');
      const den = num === null ? null : this.parseGroup('{', '}');
      return num === null || den === null ? null : num / den;
    }
    if (t === '\\sqrt') {
      this.pos++;
      let index = 2;
      if (this.peek() === '[') {
        const n = this.parseGroup('[', ']');
        if (n === null) return null;
        index = n;
      }
      const radicand = this.parseGroup('{', '}');
      if (radicand === null || radicand < 0) return null;
      return index === 2 ? Math.sqrt(radicand) : Math.pow(radicand, 1 / index);
    }
    if (/^[\d.]/.test(t)) {
      this.pos++;
      return Number(t);
    }
    return null;
  }
}

/**
 * True when two final answers are equivalent: equal after `normalizeAnswer`; or both are real
 * numbers (decimals, fractions, radicals, pi) equal within NUMERIC_RELATIVE_TOLERANCE; or both are
 * unordered lists/sets (`1,-2`, `\{-2,1\}`, `1\pm\sqrt{19}`) with matching items in any order; or
 * tuples/intervals with the same brackets and matching items in order; or assignments to the
 * same variables (`x=1,y=2`) with matching values; or matrices matching cell by cell; or unions of
 * matching parts. Null or blank inputs give false; it never throws.
 */
export function answersMatch(a: string | null, b: string | null): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  try {
    return equivalent(normalizeAnswer(a), normalizeAnswer(b), 0);
  } catch {
    return false;
  }
}
