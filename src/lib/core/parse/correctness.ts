// Reads a SimpleQA-style correctness grade (correct / incorrect / not attempted).
// Never throws on model text.

import type { Correctness, ParseResult, TokenHit } from './shared';
import {
  distinct,
  extractJsonValues,
  fail,
  jsonField,
  labelRestRe,
  looksLikeJson,
  ok,
  prepare,
  resolveStages,
  stripDecoration,
  tokenRules,
} from './shared';

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

function lineCorrectness(line: string): Correctness | undefined {
  const core = stripDecoration(line);
  const hits = correctnessTokens(core);
  const only = hits[0];
  return hits.length === 1 && only !== undefined && core.replace(only.text, '').trim() === ''
    ? only.value
    : undefined;
}

const correctnessRules = tokenRules(correctnessTokens, CORRECTNESS_LABEL_RE, lineCorrectness);

const CORRECTNESS_RULES = [
  correctnessRules.labelled,
  correctnessRules.bareLines,
  correctnessRules.caps,
  correctnessRules.any,
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
