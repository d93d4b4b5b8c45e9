// Table tests of the probe prompts: the query-analysis parser and the judgement/activation
// conversions.
import { describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY, NORMATIVE_CONTEXT_IDS } from '../mmhs';
import type { ParseFailureKind } from '../parse';
import {
  activationsFromJudgement,
  judgementFromAnalysis,
  parseQueryAnalysis,
  type ContextAssessment,
} from '../probe-prompts';

type Row = [boolean, string | null, string | null, string, boolean];
const row = (c: ContextAssessment): Row => [
  c.active,
  c.direction,
  c.aspect,
  c.reason,
  c.conventional,
];

describe('parseQueryAnalysis', () => {
  const chronicPain = JSON.stringify({
    epistemic: {
      active: true,
      direction: 'homogeneity',
      aspect: 'facts',
      reason: 'Medical facts must be right.',
    },
    interactional: {
      active: true,
      direction: 'heterogeneity',
      aspect: 'option',
      reason: 'Offer a range of treatments.',
    },
    societal: { active: false, direction: 'none', aspect: 'none', reason: 'No groups involved.' },
    safety: {
      active: true,
      direction: 'homogeneity',
      aspect: 'content',
      reason: 'No dangerous dosages.',
    },
  });

  it.each<[string, string, Row[], string[]]>([
    [
      'the chronic-pain answer',
      chronicPain,
      [
        [true, 'homogeneity', 'facts', 'Medical facts must be right.', true],
        [true, 'heterogeneity', 'option', 'Offer a range of treatments.', true],
        [false, null, null, 'No groups involved.', true],
        [true, 'homogeneity', 'content', 'No dangerous dosages.', true],
      ],
      [],
    ],
    [
      'nested under "contexts", fenced, with prose; missing contexts reported',
      'Analysis:\n```json\n{"contexts": {"Safety": {"active": "yes", "direction": "Homogeneous", "aspect": "content", "reason": "Risky\\n advice."}}}\n```',
      [
        [false, null, null, '', true],
        [false, null, null, '', true],
        [false, null, null, '', true],
        [true, 'homogeneity', 'content', 'Risky advice.', true],
      ],
      ['epistemic', 'interactional', 'societal'],
    ],
    [
      'array form, unconventional direction, unknown aspect',
      '[{"context": "interactional", "active": true, "direction": "homogeneity", "aspect": "tone", "reason": "Personalised to one user."}, {"context": "societal", "active": true, "direction": "diverse", "aspect": "representation", "reason": "Cover groups."}]',
      [
        [false, null, null, '', true],
        [true, 'homogeneity', null, 'Personalised to one user.', false],
        [true, 'heterogeneity', 'representation', 'Cover groups.', true],
        [false, null, null, '', true],
      ],
      ['epistemic', 'safety'],
    ],
    [
      'active without a direction gets the rewarded pole; direction implies active',
      '{"epistemic": {"active": true, "direction": "none", "reason": "Facts."}, "safety": {"direction": "homogeneity", "aspect": "creative_elements"}, "interactional": {"active": false, "direction": "heterogeneity"}, "societal": {"active": "no"}}',
      [
        [true, 'homogeneity', null, 'Facts.', true],
        [false, null, null, '', true],
        [false, null, null, '', true],
        [true, 'homogeneity', 'creative-elements', '', true],
      ],
      [],
    ],
  ])('%s', (_label, text, rows, missing) => {
    const result = parseQueryAnalysis(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.contexts.map((c) => c.context)).toEqual(NORMATIVE_CONTEXT_IDS);
    expect(result.value.contexts.map(row)).toEqual(rows);
    expect(result.value.missing).toEqual(missing);
  });

  it('marks a direction filled in from the framework', () => {
    const result = parseQueryAnalysis('{"epistemic": {"active": true}}');
    expect(result.ok && result.value.contexts[0]?.directionInferred).toBe(true);
    expect(result.ok && result.value.contexts[1]?.directionInferred).toBe(false);
  });

  it.each<[string, string, ParseFailureKind]>([
    ['empty', '', 'empty'],
    ['prose', 'Epistemic and safety are active.', 'no-match'],
    ['JSON without contexts', '{"answer": "epistemic"}', 'invalid-json'],
    ['broken JSON', '{"epistemic": {"active": tru', 'invalid-json'],
  ])('fails on %s', (_label, text, kind) => {
    const result = parseQueryAnalysis(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe(kind);
  });
});

describe('judgements and activations', () => {
  it("converts the paper's chronic-pain analysis into a judgement and back", () => {
    const judgement = judgementFromAnalysis(EXAMPLE_QUERY);
    expect(judgement.contexts.map((c) => [c.context, c.active, c.direction])).toEqual([
      ['epistemic', true, 'homogeneity'],
      ['interactional', true, 'heterogeneity'],
      ['societal', false, null],
      ['safety', true, 'homogeneity'],
    ]);
    const activations = activationsFromJudgement(judgement);
    expect(activations.map((a) => [a.context, a.valuedDirection, a.level])).toEqual([
      ['epistemic', 'homogeneity', 'facts'],
      ['interactional', 'heterogeneity', 'option'],
      ['safety', 'homogeneity', 'content'],
    ]);
    expect(activations.every((a) => a.condition === null && a.rationale.length > 0)).toBe(true);
  });

  it('fills a default aspect for an active context without one', () => {
    const result = parseQueryAnalysis(
      '{"societal": {"active": true, "direction": "heterogeneity"}}',
    );
    expect(result.ok && activationsFromJudgement(result.value)).toEqual([
      {
        context: 'societal',
        level: 'representation',
        valuedDirection: 'heterogeneity',
        rationale: '',
        condition: null,
      },
    ]);
  });
});
