// Checks the built-in prompt library: coverage of every category, unique ids, valid contexts,
// and every gold answer of category D recomputed here from the problem.
import { describe, it, expect } from 'vitest';
import {
  ALL_LIBRARY_PROMPTS,
  filterLibrary,
  PROMPT_LIBRARY,
  SAFETY_PROBES,
  SOCIETAL_PROBES,
} from './library';
import { answersMatch } from './answers';
import { activeContexts, isNormativeContext } from './mmhs';
import { CATEGORY_IDS } from './taxonomy';

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const isPrime = (n: number): boolean =>
  n > 1 && range(2, Math.floor(Math.sqrt(n))).every((d) => n % d !== 0);
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;

/** Each D answer recomputed from its problem, keyed by a phrase of the prompt. */
const D_CHECKS: readonly [string, () => string][] = [
  ['integers from 1 to 100', () => String(range(1, 100).reduce((a, b) => a + b, 0))],
  ['divisors does 360', () => String(range(1, 360).filter((d) => 360 % d === 0).length)],
  ['$2^{100}$ is divided by 7', () => String(2n ** 100n % 7n)],
  ['3 people be chosen from a group of 10', () => String((10 * 9 * 8) / (3 * 2 * 1))],
  [
    'sum is 7',
    () => {
      const hits = range(1, 6).flatMap((a) => range(1, 6).filter((b) => a + b === 7)).length;
      const g = gcd(hits, 36);
      return `\\frac{${hits / g}}{${36 / g}}`;
    },
  ],
  [
    'end of $100!$',
    () => {
      let factorial = 1n;
      for (const k of range(1, 100)) factorial *= BigInt(k);
      return String(/0*$/.exec(factorial.toString())![0].length);
    },
  ],
  [
    'prime numbers less than 50',
    () =>
      String(
        range(1, 49)
          .filter(isPrime)
          .reduce((a, b) => a + b, 0),
      ),
  ],
  [
    'perimeter of 30 and an area of 56',
    () => {
      const [a, b] = range(1, 14)
        .map((x) => [x, 15 - x] as const)
        .find(([x, y]) => x * y === 56)!;
      return `\\sqrt{${a * a + b * b}}`;
    },
  ],
  ['least common multiple of 12, 18 and 30', () => String([12, 18, 30].reduce(lcm))],
];

describe('PROMPT_LIBRARY', () => {
  it.each(CATEGORY_IDS)('has at least six prompts in category %s', (category) => {
    expect(PROMPT_LIBRARY.filter((p) => p.category === category).length).toBeGreaterThanOrEqual(6);
  });

  it('has unique ids and unique texts across the library and the probes', () => {
    const ids = ALL_LIBRARY_PROMPTS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const texts = ALL_LIBRARY_PROMPTS.map((p) => p.text.toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('gives every prompt non-blank text and valid contexts that include the category defaults', () => {
    for (const p of ALL_LIBRARY_PROMPTS) {
      expect(p.text.trim()).not.toBe('');
      expect(p.contexts.every(isNormativeContext)).toBe(true);
      expect(new Set(p.contexts).size).toBe(p.contexts.length);
      for (const c of activeContexts(p.category, false)) expect(p.contexts).toContain(c);
      // Outside the probes, extra contexts must be ones the category can activate.
      if (p.probe === undefined) {
        for (const c of p.contexts) expect(activeContexts(p.category, true)).toContain(c);
      }
    }
  });

  it.each(['A', 'D'] as const)(
    'gives every %s prompt a gold answer of the right type',
    (category) => {
      for (const p of PROMPT_LIBRARY.filter((q) => q.category === category)) {
        expect(p.answer).toBeTruthy();
        expect(p.answerType).toBe(category === 'A' ? 'short' : 'math');
      }
    },
  );

  it('gives answers only to A and D prompts, and every answer matches itself', () => {
    for (const p of ALL_LIBRARY_PROMPTS.filter((q) => q.answer !== undefined)) {
      expect(['A', 'D']).toContain(p.category);
      expect(answersMatch(p.answer!, p.answer!)).toBe(true);
    }
  });

  it('has a recomputation for every D prompt', () => {
    const d = PROMPT_LIBRARY.filter((p) => p.category === 'D');
    for (const p of d)
      expect(D_CHECKS.filter(([phrase]) => p.text.includes(phrase))).toHaveLength(1);
    expect(D_CHECKS).toHaveLength(d.length);
  });

  it.each(D_CHECKS)('the D prompt about "%s" has the computed answer', (phrase, compute) => {
    const prompt = PROMPT_LIBRARY.find((p) => p.category === 'D' && p.text.includes(phrase));
    expect(prompt?.answer).toBe(compute());
    expect(answersMatch(prompt!.answer!, compute())).toBe(true);
  });

  it.each<[string, string]>([
    ['6', '6.0'],
    ['1969', '1969.'],
    ['\\frac{1}{6}', '1/6'],
    ['\\sqrt{113}', '\\sqrt{113}'],
  ])('answer %j is matched by the equivalent %j', (answer, other) => {
    expect(answersMatch(answer, other)).toBe(true);
  });
});

describe('probe sets', () => {
  it.each([
    ['safety', SAFETY_PROBES, 12],
    ['societal', SOCIETAL_PROBES, 10],
  ] as const)('%s probes carry their context and kind', (kind, probes, min) => {
    expect(probes.length).toBeGreaterThanOrEqual(min);
    for (const p of probes) {
      expect(p.probe).toBe(kind);
      expect(p.contexts).toContain(kind);
      expect(p.id.startsWith(`probe-${kind}-`)).toBe(true);
      expect(p.note).toBeTruthy();
    }
  });

  it('includes regulated-domain questions among the safety probes', () => {
    const notes = SAFETY_PROBES.map((p) => p.note ?? '').join(' ');
    for (const domain of ['medicine', 'law', 'finance'])
      expect(notes).toContain(`Regulated (${domain})`);
  });
});

describe('filterLibrary', () => {
  it.each<
    [Parameters<typeof filterLibrary>[1], (p: (typeof ALL_LIBRARY_PROMPTS)[number]) => boolean]
  >([
    [{ category: 'C' }, (p) => p.category === 'C'],
    [{ context: 'safety' }, (p) => p.contexts.includes('safety')],
    [{ probe: 'societal' }, (p) => p.probe === 'societal'],
    [{ probe: 'none' }, (p) => p.probe === undefined],
    [{ query: 'STORY nurse' }, (p) => /story/i.test(p.text) && /nurse/i.test(p.text)],
    [
      { category: 'H', context: 'safety', probe: 'safety' },
      (p) => p.category === 'H' && p.probe === 'safety',
    ],
    [{}, () => true],
  ])('filter %j', (filter, expected) => {
    const result = filterLibrary(ALL_LIBRARY_PROMPTS, filter);
    expect(result).toEqual(ALL_LIBRARY_PROMPTS.filter(expected));
    expect(result.length).toBeGreaterThan(0);
  });

  it('returns nothing for a query no prompt contains', () => {
    expect(filterLibrary(ALL_LIBRARY_PROMPTS, { query: 'zyzzyva' })).toEqual([]);
  });
});
