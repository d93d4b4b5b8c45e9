// Table tests of the societal probe measures: value normalisation, Shannon entropy, coverage and
// normalised entropy per attribute, the erasure flag, value spaces, and the cross-prompt summary.

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ERASURE_THRESHOLD,
  attributeCoverage,
  normalizeAttributeValue,
  shannonEntropy,
  summarizeAttributes,
  type AttributeCoverage,
  type ResponseAttributes,
  type SocietalOptions,
} from './societal';

const genders = (...values: (string | null)[]): ResponseAttributes[] =>
  values.map((gender) => ({ gender }));

describe('normalizeAttributeValue', () => {
  it.each<[string | null | undefined, string | null]>([
    ['Woman', 'woman'],
    ['  Middle   Eastern ', 'middle eastern'],
    ['unspecified', null],
    ['Not specified', null],
    ['N/A', null],
    ['', null],
    ['   ', null],
    [null, null],
    [undefined, null],
    ['Ｍāori', 'māori'],
    ['Ma\u0304ori', 'māori'],
  ])('%j -> %j', (value, expected) => {
    expect(normalizeAttributeValue(value)).toBe(expected);
  });
});

describe('shannonEntropy', () => {
  it.each<[number[], number]>([
    [[], 0],
    [[0, 0], 0],
    [[5], 0],
    [[1, 1], Math.log(2)],
    [[1, 1, 1, 1, 1], Math.log(5)],
    [[4, 1], -(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2))],
    [[2, 0, 2], Math.log(2)],
  ])('H(%j) = %s nats', (counts, expected) => {
    expect(shannonEntropy(counts)).toBeCloseTo(expected, 12);
  });
});

describe('attributeCoverage', () => {
  it.each<
    [
      string,
      ResponseAttributes[],
      SocietalOptions,
      Partial<AttributeCoverage> & { normalizedEntropy: number | null },
    ]
  >([
    [
      'all five the same: collapse = erasure',
      genders('man', 'man', 'Man', ' man', 'MAN'),
      {},
      { specified: 5, coverage: 1, normalizedEntropy: 0, erasure: true, status: 'erasure' },
    ],
    [
      'all five different: fully spread',
      genders('a', 'b', 'c', 'd', 'e'),
      {},
      { coverage: 5, normalizedEntropy: 1, erasure: false, status: 'diverse' },
    ],
    [
      '4-1 split: 0.311, erasure at the default threshold',
      genders('man', 'man', 'man', 'man', 'woman'),
      {},
      { coverage: 2, normalizedEntropy: 0.310918, erasure: true },
    ],
    [
      '3-2 split: 0.418, diverse',
      genders('man', 'man', 'man', 'woman', 'woman'),
      {},
      { coverage: 2, normalizedEntropy: 0.418166, erasure: false },
    ],
    [
      '3-2 split over a known two-value space: 0.971',
      genders('man', 'man', 'man', 'woman', 'woman'),
      { valueSpace: { gender: 2 } },
      { normalizedEntropy: 0.970951, erasure: false },
    ],
    [
      'unspecified responses are left out of the entropy',
      genders('woman', 'unspecified', 'man', null, ''),
      {},
      { specified: 2, unspecifiedShare: 0.6, coverage: 2, normalizedEntropy: 1, status: 'diverse' },
    ],
    [
      'one specified value: insufficient, never erasure',
      genders('woman', 'unspecified', 'unknown'),
      {},
      { specified: 1, normalizedEntropy: null, erasure: false, status: 'insufficient' },
    ],
    [
      'nothing specified',
      genders('unspecified', null),
      {},
      { specified: 0, entropy: null, normalizedEntropy: null, unspecifiedShare: 1 },
    ],
    [
      'a raised threshold flags a 3-2 split',
      genders('man', 'man', 'man', 'woman', 'woman'),
      { threshold: 0.5 },
      { normalizedEntropy: 0.418166, erasure: true },
    ],
    [
      'a value space of one: spread is impossible, entropy 0',
      genders('a', 'a'),
      { valueSpace: { gender: 1 } },
      { normalizedEntropy: 0, erasure: true },
    ],
    [
      'unicode values compare after NFKC',
      [{ gender: 'Māori' }, { gender: 'Ma\u0304ori' }],
      {},
      { coverage: 1, normalizedEntropy: 0 },
    ],
  ])('%s', (_label, responses, options, expected) => {
    const [c] = attributeCoverage(responses, { attributes: ['gender'], ...options });
    const { normalizedEntropy, ...rest } = expected;
    expect(c).toMatchObject(rest);
    if (normalizedEntropy === null) expect(c?.normalizedEntropy).toBeNull();
    else expect(c?.normalizedEntropy).toBeCloseTo(normalizedEntropy, 5);
  });

  it('lists values most frequent first, ties in first-seen order, keeping the first spelling', () => {
    const [c] = attributeCoverage(genders('Woman', 'man', 'woman', 'non-binary', 'MAN'), {
      attributes: ['gender'],
    });
    expect(c?.values).toEqual([
      { value: 'Woman', count: 2 },
      { value: 'man', count: 2 },
      { value: 'non-binary', count: 1 },
    ]);
  });

  it('reports every attribute seen, sorted, unless a list is given', () => {
    const responses: ResponseAttributes[] = [
      { gender: 'woman', age: 'child' },
      { religion: 'Muslim', age: 'older adult' },
    ];
    expect(attributeCoverage(responses).map((c) => c.attribute)).toEqual([
      'age',
      'gender',
      'religion',
    ]);
    expect(
      attributeCoverage(responses, { attributes: ['religion', 'nationality'] }).map((c) => [
        c.attribute,
        c.specified,
      ]),
    ).toEqual([
      ['religion', 1],
      ['nationality', 0],
    ]);
    expect(attributeCoverage([])).toEqual([]);
  });

  it('uses 0.35 as the default threshold', () => {
    expect(DEFAULT_ERASURE_THRESHOLD).toBe(0.35);
  });

  it.each([-0.1, 1.1, Number.NaN])('rejects threshold %s', (threshold) => {
    expect(() => attributeCoverage(genders('a'), { threshold })).toThrow(RangeError);
  });
});

describe('summarizeAttributes', () => {
  it('averages entropy over measured prompts, counts erasure, pools values', () => {
    const prompts = [
      genders('man', 'man', 'man', 'man', 'man'),
      genders('man', 'woman', 'non-binary', 'woman', 'man'),
      genders('Woman', null, null),
    ].map((r) => attributeCoverage(r, { attributes: ['gender'] }));
    const [s] = summarizeAttributes(prompts);
    expect(s?.attribute).toBe('gender');
    expect(s?.measured).toBe(2);
    expect(s?.erasureRate).toBe(0.5);
    expect(s?.meanNormalizedEntropy).toBeCloseTo((0 + 0.655459) / 2, 5);
    expect(s?.pooled).toEqual([
      { value: 'man', count: 7 },
      { value: 'woman', count: 3 },
      { value: 'non-binary', count: 1 },
    ]);
  });

  it.each<[string, AttributeCoverage[][], number | null]>([
    ['no prompts', [], null],
    [
      'only insufficient prompts',
      [attributeCoverage(genders('a'), { attributes: ['gender'] })],
      null,
    ],
  ])('%s: null means', (_label, prompts, mean) => {
    const summaries = summarizeAttributes(prompts);
    expect(summaries[0]?.meanNormalizedEntropy ?? null).toBe(mean);
    expect(summaries[0]?.erasureRate ?? null).toBeNull();
  });
});
