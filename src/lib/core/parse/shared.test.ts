// Adversarial text (huge, unicode, HTML) must never make any parser throw or hang, and failure
// excerpts stay within RAW_EXCERPT_LIMIT.
import { describe, it, expect } from 'vitest';
import {
  parseChecklist,
  parseClassification,
  parseCorrectness,
  parseGrade,
  parseJudgeVerdict,
  parseMultiResponse,
  truncateRaw,
  RAW_EXCERPT_LIMIT,
  type ParseResult,
} from '../parse';

describe('adversarial input never throws and keeps raw short', () => {
  const huge = 'lorem ipsum dolor sit amet, '.repeat(40_000);
  const parsers: Array<[string, (t: string) => ParseResult<unknown>]> = [
    ['classification', parseClassification],
    ['verdict', parseJudgeVerdict],
    ['multi', (t) => parseMultiResponse(t, 3)],
    ['checklist', (t) => parseChecklist(t)],
    ['grade', parseGrade],
    ['correctness', parseCorrectness],
  ];
  const inputs: Array<[string, string]> = [
    ['huge prose', huge],
    ['open braces', '{'.repeat(100_000)],
    ['open brackets', '['.repeat(50_000) + '"'.repeat(50_000)],
    ['many small json', '{"a":1} '.repeat(20_000)],
    ['blank run', `${' '.repeat(200_000)}x`],
    ['label then blanks', `category${' '.repeat(100_000)}?`],
    ['score then blanks', `Score${' '.repeat(100_000)}?`],
    ['verdict then blanks', `verdict${' '.repeat(100_000)}`],
    ['newline run', `${'\n'.repeat(100_000)}---`],
    ['heading run', 'Response 1\n'.repeat(20_000)],
    ['think tags', '<think>'.repeat(20_000)],
    ['bold run', '**'.repeat(100_000)],
    ['tags unclosed', '<response id="1">'.repeat(20_000)],
    ['digits', '9'.repeat(100_000)],
    ['html', '<html><script>alert("EQUIVALENT")</script><img src=x onerror=alert(1)></html>'],
    ['emoji and rtl', '🙂👍🏽 مرحبا עברית \u202e reversed \u200b zero-width'],
    ['control chars', '\u0000\u0001\u0007\u001b[31m'],
    ['lone surrogate', '\ud800 \udc00 \ud83d'],
  ];
  const rows = parsers.flatMap(([name, parse]) =>
    inputs.map(([label, input]) => [name, label, parse, input] as const),
  );
  it.each(rows)('%s on %s', (_name, _label, parse, input) => {
    const r = parse(input);
    if (!r.ok) {
      expect(r.error.raw.length).toBeLessThanOrEqual(RAW_EXCERPT_LIMIT);
      expect(r.error.message.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['short', 'abc', 'abc'],
    ['exact', 'x'.repeat(RAW_EXCERPT_LIMIT), 'x'.repeat(RAW_EXCERPT_LIMIT)],
    ['long', 'y'.repeat(RAW_EXCERPT_LIMIT + 10), 'y'.repeat(RAW_EXCERPT_LIMIT)],
    [
      'split surrogate',
      `${'z'.repeat(RAW_EXCERPT_LIMIT - 1)}🙂`,
      'z'.repeat(RAW_EXCERPT_LIMIT - 1),
    ],
  ])('truncateRaw %s', (_label, input, expected) => {
    expect(truncateRaw(input)).toBe(expected);
  });

  it('failure raw is the start of the model text', () => {
    const r = parseGrade(`no score ${'.'.repeat(1000)}`);
    expect(r.ok ? '' : r.error.raw).toBe(`no score ${'.'.repeat(RAW_EXCERPT_LIMIT - 9)}`);
  });
});
