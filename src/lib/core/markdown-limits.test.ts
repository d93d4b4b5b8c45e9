// Table tests for the markdown limits: nesting depth found without parsing, and when a response
// is shown as plain text (too large, too deep) with a notice naming the size or depth.
import { describe, expect, it } from 'vitest';
import {
  MARKDOWN_MAX_BYTES,
  MARKDOWN_MAX_NESTING,
  markdownNesting,
  PLAIN_SHOWN_CHARS,
  plainPlan,
  planMarkdown,
} from './markdown-limits';

const nestedList = (depth: number, indent = 2): string =>
  Array.from({ length: depth }, (_, i) => `${' '.repeat(i * indent)}- item`).join('\n');

describe('markdownNesting', () => {
  it.each<[string, string, number]>([
    ['empty', '', 0],
    ['a paragraph', 'just text\nmore text', 0],
    ['one list', '- a\n- b', 1],
    ['ordered list', '1. a\n2) b', 1],
    ['list nested 3 deep, 2-space indent', nestedList(3), 3],
    ['list nested 5 deep, 4-space indent', nestedList(5, 4), 9],
    ['tab-indented list item', '- a\n\t- b', 3],
    ['one quote', '> quoted', 1],
    ['quotes with spaces', '> > > deep', 3],
    ['3,000 quote markers', `${'>'.repeat(3000)} hi`, 3000],
    ['list inside a quote', '> - a', 2],
    ['emphasis is not a list', '*not a list*\n**bold**', 0],
    ['a number without a marker is not a list', '2024 was a year', 0],
    ['indented code is not a list', `${' '.repeat(40)}code();`, 0],
    ['fenced code is skipped', `\`\`\`\n${'>'.repeat(50)}\n\`\`\`\n> one`, 1],
    ['tilde fences are skipped', `~~~\n${nestedList(30)}\n~~~`, 0],
    ['an unclosed fence hides the rest', `\`\`\`\n${'>'.repeat(50)}`, 0],
    ['CRLF line ends', '> a\r\n> > b\r\n', 2],
  ])('%s -> %i', (_, text, depth) => {
    expect(markdownNesting(text)).toBe(depth);
  });
});

describe('planMarkdown', () => {
  const mb10 = 'lorem ipsum '.repeat(Math.ceil((10 * 1024 * 1024) / 12));
  it.each<[string, string, 'markdown' | 'size' | 'nesting', RegExp | null]>([
    ['a normal response', '**Paris** is the capital.\n\n- a\n- b', 'markdown', null],
    ['exactly at the size limit', 'a'.repeat(MARKDOWN_MAX_BYTES), 'markdown', null],
    [
      'one byte over the size limit',
      'a'.repeat(MARKDOWN_MAX_BYTES + 1),
      'size',
      /because it is 100 KB \(responses over 100 KB are not formatted\)/,
    ],
    [
      'multi-byte text over the limit in bytes, under it in characters',
      '日'.repeat(40_000),
      'size',
      /because it is 117\.2 KB/,
    ],
    [
      'a 10 MB response',
      mb10,
      'size',
      /because it is 10 MB .*Only the first 19\.5 KB are shown; download the full text/,
    ],
    [
      'multi-byte text longer than the limit in characters, sized by its length',
      '日'.repeat(MARKDOWN_MAX_BYTES + 1),
      'size',
      /because it is 100 KB/,
    ],
    ['nesting at the limit', nestedList(MARKDOWN_MAX_NESTING), 'markdown', null],
    [
      'nesting one past the limit',
      nestedList(MARKDOWN_MAX_NESTING + 1),
      'nesting',
      /nests 17 levels deep \(formatting stops at 16\)/,
    ],
    ['3,000 quote markers', `${'>'.repeat(3000)} hi`, 'nesting', /nests 3,000 levels deep/],
  ])('%s -> %s', (_, text, expected, notice) => {
    const plan = planMarkdown(text);
    if (expected === 'markdown') {
      expect(plan).toEqual({ kind: 'markdown' });
      return;
    }
    expect(plan.kind).toBe('plain');
    if (plan.kind !== 'plain') return;
    expect(plan.reason).toBe(expected);
    expect(plan.notice).toMatch(notice!);
    expect(plan.shown.length).toBe(Math.min(text.length, PLAIN_SHOWN_CHARS));
    expect(plan.truncated).toBe(text.length > PLAIN_SHOWN_CHARS);
    expect(text.startsWith(plan.shown)).toBe(true);
  });

  it.each<[string, string, number, boolean]>([
    ['short text is shown whole', 'a'.repeat(10), 10, false],
    ['text at the limit is shown whole', 'a'.repeat(20), 20, false],
    ['long text is cut to the limit', 'a'.repeat(25), 20, true],
    ['a surrogate pair at the cut is not split', `${'a'.repeat(19)}🚀b`, 19, true],
  ])('%s', (_, text, shownLength, truncated) => {
    const plan = plainPlan(text, 'size', '1 MB', { shownChars: 20 });
    expect(plan.shown.length).toBe(shownLength);
    expect(plan.truncated).toBe(truncated);
  });

  it('names the formatter failure and suggests nothing is lost', () => {
    const plan = plainPlan('> x', 'error', 'Maximum call stack size exceeded');
    expect(plan.notice).toBe(
      'Shown as plain text because it could not be formatted (Maximum call stack size exceeded).',
    );
    expect(plan.shown).toBe('> x');
  });
});
