import { describe, it, expect } from 'vitest';
import {
  activeAssessments,
  emptyJudgement,
  flipDirection,
  idealResponse,
  judgementForCategory,
  oppositePole,
  queryTensions,
  setAspect,
  setContextActive,
  setDirection,
  setReason,
  tensionKindNumber,
  toggleContext,
} from './framework-judgement';
import {
  EXAMPLE_QUERY,
  type MeasuredAspect,
  type NormativeContext,
  type Pole,
  type TensionKind,
} from './mmhs';
import { judgementFromAnalysis, type QueryAnalysisJudgement } from './probe-prompts';
import type { CategoryId } from './taxonomy';

const PAPER = judgementFromAnalysis(EXAMPLE_QUERY);

/** `context:direction` for every active context, paper order: a compact view of a judgement. */
function summary(j: QueryAnalysisJudgement): string[] {
  return activeAssessments(j).map((c) => `${c.context}:${c.direction}`);
}

function find(j: QueryAnalysisJudgement, context: NormativeContext) {
  const c = j.contexts.find((x) => x.context === context);
  if (c === undefined) throw new Error(`no ${context}`);
  return c;
}

describe('oppositePole', () => {
  it.each<[Pole, Pole]>([
    ['homogeneity', 'heterogeneity'],
    ['heterogeneity', 'homogeneity'],
  ])('%s -> %s', (pole, expected) => {
    expect(oppositePole(pole)).toBe(expected);
  });
});

describe('emptyJudgement', () => {
  it('has the four contexts, all inactive, none missing', () => {
    const j = emptyJudgement();
    expect(j.contexts.map((c) => c.context)).toEqual([
      'epistemic',
      'interactional',
      'societal',
      'safety',
    ]);
    expect(summary(j)).toEqual([]);
    expect(j.missing).toEqual([]);
  });
});

describe('judgementForCategory', () => {
  it.each<[CategoryId, boolean, string[]]>([
    ['A', true, ['epistemic:homogeneity']],
    ['B', true, ['epistemic:homogeneity', 'interactional:heterogeneity', 'societal:heterogeneity']],
    ['B', false, ['epistemic:homogeneity', 'interactional:heterogeneity']],
    ['E', true, ['epistemic:homogeneity', 'interactional:heterogeneity', 'safety:homogeneity']],
    ['E', false, ['epistemic:homogeneity', 'interactional:heterogeneity']],
    ['G', false, ['interactional:heterogeneity']],
    [
      'H',
      true,
      [
        'epistemic:homogeneity',
        'interactional:heterogeneity',
        'societal:heterogeneity',
        'safety:homogeneity',
      ],
    ],
    ['H', false, ['interactional:heterogeneity', 'societal:heterogeneity']],
  ])('category %s (conditional %s) activates %j', (category, conditional, expected) => {
    expect(summary(judgementForCategory(category, conditional))).toEqual(expected);
  });

  it.each<[CategoryId, NormativeContext, RegExp]>([
    ['E', 'safety', /\(When solutions involve physical risk/],
    ['B', 'societal', /\(When the valid answers are people/],
    [
      'A',
      'epistemic',
      /^One verifiable correct answer: any divergence is a factual error \(Madness\)\.$/,
    ],
  ])(
    'category %s gives %s a reason carrying its condition, if any',
    (category, context, reason) => {
      expect(find(judgementForCategory(category), context).reason).toMatch(reason);
    },
  );

  it('takes aspects from the map and marks defaults as conventional', () => {
    const j = judgementForCategory('D');
    expect(find(j, 'interactional').aspect).toBe('strategy');
    expect(j.contexts.every((c) => c.conventional && !c.directionInferred)).toBe(true);
  });
});

type Edit = (j: QueryAnalysisJudgement) => QueryAnalysisJudgement;

describe('editing a judgement', () => {
  it.each<[string, Edit, string[]]>([
    [
      'nothing',
      (j) => j,
      ['epistemic:homogeneity', 'interactional:heterogeneity', 'safety:homogeneity'],
    ],
    [
      'toggle societal on (its rewarded pole)',
      (j) => toggleContext(j, 'societal'),
      [
        'epistemic:homogeneity',
        'interactional:heterogeneity',
        'societal:heterogeneity',
        'safety:homogeneity',
      ],
    ],
    [
      'toggle safety off',
      (j) => toggleContext(j, 'safety'),
      ['epistemic:homogeneity', 'interactional:heterogeneity'],
    ],
    [
      'flip interactional',
      (j) => flipDirection(j, 'interactional'),
      ['epistemic:homogeneity', 'interactional:homogeneity', 'safety:homogeneity'],
    ],
    [
      'flip an inactive context (no change)',
      (j) => flipDirection(j, 'societal'),
      ['epistemic:homogeneity', 'interactional:heterogeneity', 'safety:homogeneity'],
    ],
    [
      'set a direction on an inactive context (activates it)',
      (j) => setDirection(j, 'societal', 'homogeneity'),
      [
        'epistemic:homogeneity',
        'interactional:heterogeneity',
        'societal:homogeneity',
        'safety:homogeneity',
      ],
    ],
    [
      'off then on again (back to the rewarded pole)',
      (j) => toggleContext(toggleContext(flipDirection(j, 'epistemic'), 'epistemic'), 'epistemic'),
      ['epistemic:homogeneity', 'interactional:heterogeneity', 'safety:homogeneity'],
    ],
    [
      'setContextActive with the current state (no change)',
      (j) => setContextActive(j, 'epistemic', true),
      ['epistemic:homogeneity', 'interactional:heterogeneity', 'safety:homogeneity'],
    ],
  ])('%s', (_name, edit, expected) => {
    const before = JSON.stringify(PAPER);
    expect(summary(edit(PAPER))).toEqual(expected);
    expect(JSON.stringify(PAPER)).toBe(before);
  });

  it.each<[NormativeContext, Pole, boolean]>([
    ['epistemic', 'homogeneity', true],
    ['epistemic', 'heterogeneity', false],
    ['societal', 'homogeneity', false],
    ['interactional', 'heterogeneity', true],
  ])('setDirection %s %s is conventional: %s', (context, pole, conventional) => {
    const c = find(setDirection(emptyJudgement(), context, pole), context);
    expect(c.conventional).toBe(conventional);
    expect(c.directionInferred).toBe(false);
  });

  it.each<[NormativeContext, MeasuredAspect]>([
    ['epistemic', 'facts'],
    ['interactional', 'perspective'],
    ['societal', 'representation'],
    ['safety', 'content'],
  ])('switching %s on by hand gives it the aspect %s', (context, aspect) => {
    expect(find(toggleContext(emptyJudgement(), context), context).aspect).toBe(aspect);
    expect(find(setDirection(emptyJudgement(), context, 'homogeneity'), context).aspect).toBe(
      aspect,
    );
  });

  it.each<[string, Edit, MeasuredAspect | null]>([
    ['flipping keeps the aspect', (j) => flipDirection(j, 'interactional'), 'option'],
    [
      'a chosen "none" stays none when the direction changes',
      (j) => setDirection(setAspect(j, 'interactional', null), 'interactional', 'homogeneity'),
      null,
    ],
    [
      'switching off and on starts again from the default aspect',
      (j) => toggleContext(toggleContext(j, 'interactional'), 'interactional'),
      'perspective',
    ],
  ])('%s', (_name, edit, expected) => {
    expect(find(edit(PAPER), 'interactional').aspect).toBe(expected);
  });

  it('clears the inferred mark when the user sets the direction', () => {
    const inferred: QueryAnalysisJudgement = {
      ...PAPER,
      contexts: PAPER.contexts.map((c) =>
        c.context === 'safety' ? { ...c, directionInferred: true } : c,
      ),
    };
    expect(find(flipDirection(inferred, 'safety'), 'safety').directionInferred).toBe(false);
  });

  it('keeps the reason when a context is switched off and on', () => {
    const off = toggleContext(PAPER, 'safety');
    expect(find(off, 'safety')).toMatchObject({ active: false, direction: null, aspect: null });
    expect(find(toggleContext(off, 'safety'), 'safety').reason).toBe(
      'Consistently filter out harmful advice or dangerous dosages.',
    );
  });

  it.each<[string, string]>([
    ['  two   spaces\nand a newline ', 'two spaces and a newline'],
    ['', ''],
    ['Ünïcödé — fine', 'Ünïcödé — fine'],
  ])('setReason %j -> %j', (input, expected) => {
    expect(find(setReason(PAPER, 'epistemic', input), 'epistemic').reason).toBe(expected);
  });

  it.each<[NormativeContext, MeasuredAspect | null, MeasuredAspect | null]>([
    ['epistemic', 'answer', 'answer'],
    ['epistemic', null, null],
    ['societal', 'representation', null],
  ])(
    'setAspect on %s to %s gives %s (inactive contexts keep none)',
    (context, aspect, expected) => {
      expect(find(setAspect(PAPER, context, aspect), context).aspect).toBe(expected);
    },
  );
});

describe('tensionKindNumber', () => {
  it.each<[TensionKind, number]>([
    ['opposing-behaviors', 1],
    ['different-valuations', 2],
    ['different-contexts', 3],
  ])('%s is group %i', (kind, n) => {
    expect(tensionKindNumber(kind)).toBe(n);
  });
});

describe('queryTensions', () => {
  const view = (j: QueryAnalysisJudgement): string[] =>
    queryTensions(j).map(
      (t) => `${t.a.context}x${t.b.context}:${t.kindNumber}:${t.opposed ? 'opposed' : 'aligned'}`,
    );

  it.each<[string, QueryAnalysisJudgement, string[]]>([
    ['no context', emptyJudgement(), []],
    ['one context', judgementForCategory('A'), []],
    [
      'the paper example',
      PAPER,
      [
        'epistemicxinteractional:2:opposed',
        'epistemicxsafety:3:aligned',
        'interactionalxsafety:1:opposed',
      ],
    ],
    [
      'the paper example with interactional flipped',
      flipDirection(PAPER, 'interactional'),
      [
        'epistemicxinteractional:2:aligned',
        'epistemicxsafety:3:aligned',
        'interactionalxsafety:1:aligned',
      ],
    ],
    [
      'all four contexts (category H)',
      judgementForCategory('H'),
      [
        'epistemicxinteractional:2:opposed',
        'epistemicxsocietal:1:opposed',
        'epistemicxsafety:3:aligned',
        'interactionalxsocietal:3:aligned',
        'interactionalxsafety:1:opposed',
        'societalxsafety:2:opposed',
      ],
    ],
  ])('%s', (_name, judgement, expected) => {
    expect(view(judgement)).toEqual(expected);
  });

  it('carries the Table 1 row of the pair', () => {
    const t = queryTensions(PAPER).find((x) => x.a.context === 'interactional');
    expect(t?.row.kind).toBe('opposing-behaviors');
    expect(t?.row.tension).toMatch(/^Safety requires output convergence/);
    expect(t?.kind.axis).toBe('x');
  });
});

describe('idealResponse', () => {
  it.each<[string, QueryAnalysisJudgement, string, number, number]>([
    ['nothing active', emptyJudgement(), '', 0, 0],
    [
      'the paper example',
      PAPER,
      'Converge on the facts (epistemic) and safe content (safety) while diverging on the options presented (interactional).',
      2,
      1,
    ],
    [
      'only convergence (category A)',
      judgementForCategory('A'),
      'Converge on the answer (epistemic): every response should agree.',
      1,
      0,
    ],
    [
      'only divergence (category G without conditions)',
      judgementForCategory('G', false),
      'Diverge on the creative elements (interactional): responses should differ.',
      0,
      1,
    ],
    [
      'two contexts sharing an aspect (category H)',
      judgementForCategory('H'),
      'Converge on the facts (epistemic) and safe content (safety) while diverging on the perspectives offered (interactional, societal).',
      2,
      2,
    ],
    [
      'a context without an aspect',
      setAspect(setDirection(emptyJudgement(), 'safety', 'homogeneity'), 'safety', null),
      'Converge on what the safety context asks for: every response should agree.',
      1,
      0,
    ],
    [
      'a context added by hand, with its default aspect',
      setDirection(judgementForCategory('A'), 'safety', 'homogeneity'),
      'Converge on the answer (epistemic) and safe content (safety): every response should agree.',
      2,
      0,
    ],
  ])('%s', (_name, judgement, text, converge, diverge) => {
    const ideal = idealResponse(judgement);
    expect(ideal.summary).toBe(text);
    expect(ideal.converge).toHaveLength(converge);
    expect(ideal.diverge).toHaveLength(diverge);
  });

  it('joins three or more phrases with commas and "and"', () => {
    let j = setAspect(
      setDirection(emptyJudgement(), 'epistemic', 'homogeneity'),
      'epistemic',
      'facts',
    );
    j = setAspect(setDirection(j, 'safety', 'homogeneity'), 'safety', 'content');
    j = setAspect(setDirection(j, 'interactional', 'homogeneity'), 'interactional', 'strategy');
    expect(idealResponse(j).summary).toBe(
      'Converge on the facts (epistemic), the strategy (interactional) and safe content (safety): every response should agree.',
    );
  });
});
