// Reads a judge's equivalent/different verdict (Definition 3.1), negations first, from labels,
// bare lines, caps, bold text or JSON. Never throws on model text.

import type { JudgeVerdict, ParseResult, TokenHit } from './shared';
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

const FN = String.raw`(?:functionally[\s-]+)?`;
const NOT = String.raw`(?:\bnot|n['’]t)[\s-]+(?:(?:really|truly|quite|fully|strictly|entirely|exactly)[\s-]+)?`;

/**
 * Verdict phrases, negated forms first so that "not equivalent" is never read as "equivalent"
 * and "not different" never as "different". "in different ways" must stay 'different', so the
 * prefix "in" only negates a glued "inequivalent"/"in-equivalent".
 */
const VERDICT_TOKEN_RE = new RegExp(
  [
    String.raw`(?<neqv>${NOT}${FN}equivalent\b|\b(?:non|in)-?${FN}equivalent\b)`,
    String.raw`(?<ndiff>${NOT}${FN}(?:different|distinct)\b)`,
    String.raw`(?<nsame>${NOT}the[\s-]+same\b)`,
    String.raw`(?<eqv>\b${FN}equivalent\b)`,
    String.raw`(?<diff>\b${FN}(?:different|distinct)\b)`,
    String.raw`(?<zhdiff>不等价|不相同|不一样|不同)`,
    String.raw`(?<zheqv>等价|相同|一样)`,
  ].join('|'),
  'giu',
);

function verdictTokens(text: string): TokenHit<JudgeVerdict>[] {
  const hits: TokenHit<JudgeVerdict>[] = [];
  for (const m of text.matchAll(VERDICT_TOKEN_RE)) {
    const g = m.groups ?? {};
    const different =
      g['neqv'] !== undefined ||
      g['diff'] !== undefined ||
      g['nsame'] !== undefined ||
      g['zhdiff'] !== undefined;
    hits.push({ value: different ? 'different' : 'equivalent', text: m[0] });
  }
  return hits;
}

const VERDICT_LABEL_RE = labelRestRe(
  String.raw`final\s+verdict|verdict|judge?ment|final\s+answer|conclusion|decision|结论|判断|判定|裁决`,
);

/** A line consisting only of a verdict phrase, e.g. "**DIFFERENT**" or "Not equivalent." */
function lineVerdict(line: string): JudgeVerdict | undefined {
  const core = stripDecoration(line);
  const hits = verdictTokens(core);
  const only = hits[0];
  if (hits.length !== 1 || only === undefined) return undefined;
  const rest = core.replace(only.text, '').replace(/^(?:the\s+)?(?:responses\s+are\s+)?/i, '');
  return rest.trim() === '' ? only.value : undefined;
}

function boldVerdicts(text: string): JudgeVerdict[] {
  const found: JudgeVerdict[] = [];
  for (const m of text.matchAll(/\*\*([^*\n]{1,60})\*\*/gu)) {
    const v = lineVerdict(m[1] ?? '');
    if (v !== undefined) found.push(v);
  }
  return found;
}

const verdictRules = tokenRules(verdictTokens, VERDICT_LABEL_RE, lineVerdict);

const VERDICT_RULES = [
  verdictRules.labelled,
  verdictRules.bareLines,
  verdictRules.caps,
  boldVerdicts,
  verdictRules.any,
];

function verdictFromJson(field: unknown, raw: string): ParseResult<JudgeVerdict> | undefined {
  if (typeof field === 'string') {
    const hits = distinct(verdictTokens(field.normalize('NFKC')).map((h) => h.value));
    if (hits.length === 1 && hits[0] !== undefined) return ok(hits[0]);
    return fail(hits.length > 1 ? 'ambiguous' : 'no-match', `unrecognized verdict "${field}"`, raw);
  }
  return undefined;
}

/**
 * Extracts the judge's verdict. Accepts JSON (`{"verdict":"different"}` or
 * `{"equivalent": false}`), "Verdict: EQUIVALENT", bold or capitalized verdicts, and reasoning
 * before the verdict. "not equivalent" parses as different. Conflicts are 'ambiguous'.
 */
export function parseJudgeVerdict(text: string): ParseResult<JudgeVerdict> {
  if (text.trim() === '') return fail('empty', 'empty judge output', text);
  const t = prepare(text);
  if (t.trim() === '') return fail('empty', 'judge output has only reasoning', text);

  const json = extractJsonValues(t);
  const fromField = verdictFromJson(
    jsonField(json, ['verdict', 'judgment', 'judgement', 'label', 'result', 'decision', 'answer']),
    text,
  );
  if (fromField !== undefined) return fromField;
  const eq = jsonField(json, ['equivalent', 'functionally_equivalent', 'is_equivalent', 'same']);
  if (typeof eq === 'boolean') return ok(eq ? 'equivalent' : 'different');
  const diff = jsonField(json, ['different', 'functionally_different', 'is_different']);
  if (typeof diff === 'boolean') return ok(diff ? 'different' : 'equivalent');

  const result = resolveStages(text, t, VERDICT_RULES, 'verdicts');
  if (!result.ok && result.error.kind === 'no-match' && looksLikeJson(t)) {
    return fail('invalid-json', 'output looks like JSON but has no readable verdict', text);
  }
  return result;
}
