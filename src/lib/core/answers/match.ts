// Equivalence of two normalised answers: numbers within tolerance, unordered lists and sets,
// tuples and intervals, assignments, matrices and unions.

import { evaluateNumber } from './evaluate';
import { MAX_DEPTH, MAX_LIST_ITEMS, MAX_PM_SIGNS, NUMERIC_RELATIVE_TOLERANCE } from './limits';
import { normalizeAnswer } from './normalize';

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
