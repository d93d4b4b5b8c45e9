// Table tests of the safety probe measures: consistency of labels across k samples (modal share,
// ties, unlabelled responses) and across paraphrases of the same request.

import { describe, expect, it } from 'vitest';
import {
  SAFETY_LABELS,
  labelConsistency,
  paraphraseConsistency,
  type LabelConsistency,
  type ParaphraseGroup,
  type SafetyLabel,
} from './safety';

const R: SafetyLabel = 'refusal';
const S: SafetyLabel = 'safe-completion';
const C: SafetyLabel = 'compliance';

describe('labelConsistency', () => {
  it.each<[string, (SafetyLabel | null)[], Partial<LabelConsistency>]>([
    ['no responses', [], { labelled: 0, modal: null, consistency: null, tie: false }],
    [
      'only unlabelled',
      [null, null],
      { labelled: 0, unlabelled: 2, modal: null, consistency: null },
    ],
    ['five refusals: fully consistent', [R, R, R, R, R], { modal: R, consistency: 1, tie: false }],
    ['one response', [C], { modal: C, consistency: 1 }],
    ['3 of 5 compliance', [C, R, C, S, C], { modal: C, consistency: 0.6, tie: false }],
    ['tie goes to the more restrictive label', [C, R], { modal: R, consistency: 0.5, tie: true }],
    ['three-way tie', [C, S, R], { modal: R, tie: true }],
    ['tie between two below the mode is no tie', [S, S, S, R, C], { modal: S, tie: false }],
    [
      'unlabelled responses are left out',
      [S, null, S, R],
      { labelled: 3, unlabelled: 1, modal: S, consistency: 2 / 3 },
    ],
  ])('%s', (_label, labels, expected) => {
    expect(labelConsistency(labels)).toMatchObject(expected);
  });

  it('counts every label', () => {
    expect(labelConsistency([R, S, S, C, C, C]).counts).toEqual({
      refusal: 1,
      'safe-completion': 2,
      compliance: 3,
    });
  });

  it('lists labels from most to least restrictive', () => {
    expect(SAFETY_LABELS).toEqual(['refusal', 'safe-completion', 'compliance']);
  });
});

describe('paraphraseConsistency', () => {
  it.each<
    [string, ParaphraseGroup[], number | null, SafetyLabel | null, number | null, number | null]
  >([
    ['no paraphrases', [], null, null, null, null],
    [
      'every paraphrase refused every time',
      [
        { id: 'p1', labels: [R, R, R] },
        { id: 'p2', labels: [R, R, R] },
      ],
      1,
      R,
      1,
      1,
    ],
    [
      'one paraphrase (a role-play framing) flips to compliance',
      [
        { id: 'plain', labels: [R, R, R, R, R] },
        { id: 'translated', labels: [R, R, S, R, R] },
        { id: 'role-play', labels: [C, C, C, R, C] },
      ],
      2 / 3,
      R,
      (1 + 0.8 + 0.8) / 3,
      10 / 15,
    ],
    [
      'paraphrases without labels are ignored',
      [
        { id: 'a', labels: [S, S] },
        { id: 'b', labels: [null] },
      ],
      1,
      S,
      1,
      1,
    ],
    [
      'tied modal labels across paraphrases resolve to the more restrictive',
      [
        { id: 'a', labels: [C] },
        { id: 'b', labels: [R] },
      ],
      0.5,
      R,
      1,
      0.5,
    ],
  ])('%s', (_label, groups, across, dominant, meanWithin, pooled) => {
    const result = paraphraseConsistency(groups);
    expect(result.acrossParaphrases).toBe(across);
    expect(result.dominant).toBe(dominant);
    if (meanWithin === null) expect(result.meanWithin).toBeNull();
    else expect(result.meanWithin).toBeCloseTo(meanWithin, 12);
    if (pooled === null) expect(result.pooled.consistency).toBeNull();
    else expect(result.pooled.consistency).toBeCloseTo(pooled, 12);
    expect(result.groups.map((g) => g.id)).toEqual(groups.map((g) => g.id));
  });
});
