// Reads the category letter (A-D) a classifier model gave, from labels, bare lines, bold text,
// category names or JSON. Never throws on model text.

import type { CategoryId } from '../taxonomy';
import { CATEGORY_IDS } from '../taxonomy';
import type { ParseResult } from './shared';
import {
  extractJsonValues,
  fail,
  jsonField,
  looksLikeJson,
  nonEmptyLines,
  ok,
  prepare,
  resolveStages,
  stripDecoration,
} from './shared';

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
