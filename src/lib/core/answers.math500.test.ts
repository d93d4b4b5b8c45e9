// Data-driven check of answer extraction and matching on all 500 rows of the real MATH-500 split.
// Every published solution must match its reference answer; distinct reference answers never match.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { answersMatch, extractBoxed, normalizeAnswer } from './answers';
import { sharedDataPath } from '../../../tests/shared-data';

interface MathRow {
  problem: string;
  solution: string;
  answer: string;
  unique_id: string;
}

function isRow(x: unknown): x is MathRow {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    typeof r.solution === 'string' &&
    typeof r.answer === 'string' &&
    typeof r.unique_id === 'string' &&
    typeof r.problem === 'string'
  );
}

const FILE = sharedDataPath('math500.jsonl');
const PRESENT = existsSync(FILE);
const ROWS: MathRow[] = PRESENT
  ? readFileSync(FILE, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line): unknown => JSON.parse(line))
      .filter(isRow)
  : [];

/**
 * Rows whose published final box cannot match the reference answer under any reasonable
 * normaliser. Empty: every row of MATH-500 matches.
 */
const KNOWN_MISMATCHES: readonly string[] = [];

/**
 * Different rows whose reference answers are genuinely equal, so a match is correct: both are the
 * set of integers {1, -2}, entered "separated by commas" in different orders.
 */
const KNOWN_EQUIVALENT_PAIRS: readonly (readonly [string, string])[] = [
  ['test/intermediate_algebra/1388.json', 'test/intermediate_algebra/1102.json'],
];

function knownEquivalent(a: string, b: string): boolean {
  return KNOWN_EQUIVALENT_PAIRS.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

/**
 * The reference answers of MATH-500 are the solutions' box contents verbatim, so each answer is
 * also re-typed the way a model might: inside a sentence, `\dfrac`, spaces after commas and
 * `\left( \right)` (outside `\text`, which must stay valid LaTeX).
 */
function restyle(ans: string): string {
  let v = ans.replace(/\\frac(?![a-zA-Z])/g, '\\dfrac').replace(/,/g, ', ');
  if (!/\\(?:left|text|mbox)/.test(v)) {
    v = v.replace(/\(/g, '\\left(').replace(/\)/g, '\\right)');
  }
  return `Therefore, the answer is $\\boxed{ ${v} }$.`;
}

/**
 * The answer with its first digit changed (9 -> 0, d -> d + 1), or null without digits; the first
 * digit, because a trailing one may be a unit's exponent (`15\mbox{ cm}^2`), which is ignored.
 */
function mutateFirstDigit(ans: string): string | null {
  const m = /\d/.exec(ans);
  if (!m) return null;
  const d = (Number(m[1]) + 1) % 10;
  return ans.slice(0, m.index) + String(d) + ans.slice(m.index + 1);
}

/** A simple two-item tuple or interval with its items swapped, or null for other answers. */
function swapPair(ans: string): string | null {
  const m = /^(\\left)?([([])\s*([^(),[\]]+?)\s*,\s*([^(),[\]]+?)\s*(\\right)?([)\]])$/.exec(ans);
  if (!m || normalizeAnswer(m[3] ?? '') === normalizeAnswer(m[4] ?? '')) return null;
  return `${m[1] ?? ''}${m[2] ?? ''}${m[4] ?? ''},${m[3] ?? ''}${m[5] ?? ''}${m[6] ?? ''}`;
}

describe.skipIf(!PRESENT)(
  PRESENT ? `MATH-500 (${FILE})` : `MATH-500 SKIPPED: data file not found at ${FILE}`,
  () => {
    it('reads all 500 rows, each solution holding a box', () => {
      expect(ROWS).toHaveLength(500);
      expect(ROWS.filter((r) => extractBoxed(r.solution) === null).map((r) => r.unique_id)).toEqual(
        [],
      );
    });

    it('matches the last box of every published solution with its reference answer', () => {
      const failures = ROWS.filter((r) => !KNOWN_MISMATCHES.includes(r.unique_id)).filter(
        (r) => !answersMatch(extractBoxed(r.solution), r.answer),
      );
      expect(
        failures.map((r) => `${r.unique_id}: ${extractBoxed(r.solution) ?? 'null'} vs ${r.answer}`),
      ).toEqual([]);
      expect(KNOWN_MISMATCHES.length).toBeLessThan(ROWS.length / 100);
    });

    it('matches each reference answer with itself and normalises idempotently', () => {
      const bad = ROWS.filter((r) => {
        const n = normalizeAnswer(r.answer);
        return !answersMatch(r.answer, r.answer) || normalizeAnswer(n) !== n || n === '';
      });
      expect(bad.map((r) => `${r.unique_id}: ${r.answer}`)).toEqual([]);
    });

    it('matches every reference answer re-typed in another style', () => {
      const failures = ROWS.filter((r) => !answersMatch(extractBoxed(restyle(r.answer)), r.answer));
      expect(failures.map((r) => `${r.unique_id}: ${restyle(r.answer)} vs ${r.answer}`)).toEqual(
        [],
      );
    });

    it('rejects every reference answer with its first digit changed', () => {
      const mutated = ROWS.map((r) => [r, mutateFirstDigit(r.answer)] as const).filter(
        (pair): pair is readonly [MathRow, string] => pair[1] !== null,
      );
      expect(mutated.length).toBeGreaterThan(450);
      const falsePositives = mutated.filter(([r, m]) => answersMatch(r.answer, m));
      expect(falsePositives.map(([r, m]) => `${r.unique_id}: ${r.answer} ~ ${m}`)).toEqual([]);
    });

    it('rejects points and intervals with their two items swapped', () => {
      const swapped = ROWS.map((r) => [r, swapPair(r.answer)] as const).filter(
        (pair): pair is readonly [MathRow, string] => pair[1] !== null,
      );
      expect(swapped.length).toBeGreaterThanOrEqual(10);
      const falsePositives = swapped.filter(([r, m]) => answersMatch(r.answer, m));
      expect(falsePositives.map(([r, m]) => `${r.unique_id}: ${r.answer} ~ ${m}`)).toEqual([]);
    });

    it('never matches two reference answers whose normalised forms differ (all pairs)', () => {
      const distinct = [...new Map(ROWS.map((r) => [normalizeAnswer(r.answer), r])).values()];
      expect(distinct.length).toBeGreaterThan(250);
      const falsePositives: string[] = [];
      for (let i = 0; i < distinct.length; i++) {
        for (let j = i + 1; j < distinct.length; j++) {
          const a = distinct[i];
          const b = distinct[j];
          if (
            a &&
            b &&
            !knownEquivalent(a.unique_id, b.unique_id) &&
            answersMatch(a.answer, b.answer)
          ) {
            falsePositives.push(`${a.unique_id} ${a.answer} ~ ${b.unique_id} ${b.answer}`);
          }
        }
      }
      expect(falsePositives).toEqual([]);
    });

    it('never matches a solution box with the next row’s different reference answer', () => {
      const falsePositives: string[] = [];
      for (let i = 0; i < ROWS.length; i++) {
        const row = ROWS[i];
        const next = ROWS[(i + 1) % ROWS.length];
        if (!row || !next || normalizeAnswer(row.answer) === normalizeAnswer(next.answer)) continue;
        if (answersMatch(extractBoxed(row.solution), next.answer)) {
          falsePositives.push(`${row.unique_id} vs ${next.unique_id}`);
        }
      }
      expect(falsePositives).toEqual([]);
    });
  },
);
