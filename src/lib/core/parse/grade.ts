// Reads the checklist grader's 1-5 Likert score, tolerating "4/5" and labelled forms.
// Never throws on model text.

import type { Grade, ParseResult } from './shared';
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
