// Hand-editing of a query-analysis judgement for the framework explorer, the Table 1 tensions
// between the contexts a query activates, and the "ideal response" sentence of Figure 2.

import {
  CATEGORY_CONTEXT_MAP,
  NORMATIVE_CONTEXT_IDS,
  TENSION_KINDS,
  getContext,
  getTension,
  type ContextTension,
  type MeasuredAspect,
  type NormativeContext,
  type Pole,
  type TensionKind,
  type TensionKindInfo,
} from './mmhs';
import type { ContextAssessment, QueryAnalysisJudgement } from './probe-prompts';
import { inactiveAssessment as inactive, judgementFromActivations } from './probe-prompts';
import type { CategoryId } from './taxonomy';

/** The other end of the homogeneity-heterogeneity axis. */
export function oppositePole(pole: Pole): Pole {
  return pole === 'homogeneity' ? 'heterogeneity' : 'homogeneity';
}

/** A judgement with every context inactive: the blank page of a hand-made analysis. */
export function emptyJudgement(): QueryAnalysisJudgement {
  return { contexts: NORMATIVE_CONTEXT_IDS.map((c) => inactive(c)), missing: [] };
}

/**
 * The default analysis of a task category: the contexts CATEGORY_CONTEXT_MAP activates for it,
 * with their direction, aspect and rationale. A conditional activation carries its condition in
 * the reason, so the user sees when it holds.
 * @param category the task category
 * @param includeConditional also activate contexts that hold only for some prompts (default true)
 */
export function judgementForCategory(
  category: CategoryId,
  includeConditional: boolean = true,
): QueryAnalysisJudgement {
  // A category lists each context once; the first entry wins should that ever change.
  return judgementFromActivations(
    CATEGORY_CONTEXT_MAP[category].filter((e) => includeConditional || e.condition === null),
    (a) => (a.condition === null ? a.rationale : `${a.rationale} (${a.condition})`),
  );
}

function update(
  judgement: QueryAnalysisJudgement,
  context: NormativeContext,
  change: (current: ContextAssessment) => ContextAssessment,
): QueryAnalysisJudgement {
  return {
    ...judgement,
    contexts: judgement.contexts.map((c) => (c.context === context ? change(c) : c)),
  };
}

/**
 * What a context switched on by hand applies to until the user says otherwise: the aspect the
 * context is mostly about (the same defaults the analyser assumes when a model names none).
 */
export const DEFAULT_ASPECTS: Readonly<Record<NormativeContext, MeasuredAspect>> = {
  epistemic: 'facts',
  interactional: 'perspective',
  societal: 'representation',
  safety: 'content',
};

/**
 * Turns a context on or off. A context switched on demands the pole the framework says it
 * rewards, since that is the paper's default reading, about its default aspect; switching off
 * clears direction and aspect but keeps the reason, so switching back on loses no text.
 * @returns a new judgement; the input is not changed
 */
export function setContextActive(
  judgement: QueryAnalysisJudgement,
  context: NormativeContext,
  active: boolean,
): QueryAnalysisJudgement {
  return update(judgement, context, (c) => {
    if (c.active === active) return c;
    if (!active) return inactive(context, c.reason);
    return {
      ...c,
      active: true,
      direction: getContext(context).rewardedPole,
      directionInferred: false,
      aspect: c.aspect ?? DEFAULT_ASPECTS[context],
      conventional: true,
    };
  });
}

/** Switches a context on when it is off and off when it is on (see {@link setContextActive}). */
export function toggleContext(
  judgement: QueryAnalysisJudgement,
  context: NormativeContext,
): QueryAnalysisJudgement {
  const current = judgement.contexts.find((c) => c.context === context);
  return setContextActive(judgement, context, !(current?.active ?? false));
}

/**
 * Sets the direction a context demands, switching the context on if needed (with its default
 * aspect). The direction now comes from the user, so it is no longer marked as inferred.
 * @returns a new judgement
 */
export function setDirection(
  judgement: QueryAnalysisJudgement,
  context: NormativeContext,
  direction: Pole,
): QueryAnalysisJudgement {
  return update(judgement, context, (c) => ({
    ...c,
    active: true,
    direction,
    directionInferred: false,
    aspect: c.active ? c.aspect : (c.aspect ?? DEFAULT_ASPECTS[context]),
    conventional: direction === getContext(context).rewardedPole,
  }));
}

/**
 * Flips the direction of an active context; an inactive context stays as it is, because it
 * demands nothing to flip.
 * @returns a new judgement
 */
export function flipDirection(
  judgement: QueryAnalysisJudgement,
  context: NormativeContext,
): QueryAnalysisJudgement {
  const current = judgement.contexts.find((c) => c.context === context);
  if (current === undefined || !current.active || current.direction === null) return judgement;
  return setDirection(judgement, context, oppositePole(current.direction));
}

/** Replaces the one-line reason of a context (whitespace runs folded, ends trimmed). */
export function setReason(
  judgement: QueryAnalysisJudgement,
  context: NormativeContext,
  reason: string,
): QueryAnalysisJudgement {
  return update(judgement, context, (c) => ({ ...c, reason: reason.replace(/\s+/g, ' ').trim() }));
}

/** Sets what the direction of an active context applies to (null: not said). */
export function setAspect(
  judgement: QueryAnalysisJudgement,
  context: NormativeContext,
  aspect: MeasuredAspect | null,
): QueryAnalysisJudgement {
  return update(judgement, context, (c) => (c.active ? { ...c, aspect } : c));
}

/** The active contexts of a judgement, in paper order. */
export function activeAssessments(judgement: QueryAnalysisJudgement): ContextAssessment[] {
  return NORMATIVE_CONTEXT_IDS.map((id) => judgement.contexts.find((c) => c.context === id)).filter(
    (c): c is ContextAssessment => c !== undefined && c.active && c.direction !== null,
  );
}

/** Table 1 group number (1-3, top to bottom) of a tension kind. */
export function tensionKindNumber(kind: TensionKind): number {
  return TENSION_KINDS.findIndex((k) => k.id === kind) + 1;
}

/** One pair of contexts a query activates together, with its Table 1 row. */
export interface QueryTension {
  /** The earlier context in paper order. */
  a: ContextAssessment;
  b: ContextAssessment;
  row: ContextTension;
  kind: TensionKindInfo;
  /** Table 1 group, 1-3. */
  kindNumber: number;
  /** True when the query makes the two contexts demand opposite poles. */
  opposed: boolean;
}

/**
 * Every pair of active contexts with the Table 1 row about that pair, in paper order (first by
 * the earlier context, then by the later). With fewer than two active contexts there is none.
 */
export function queryTensions(judgement: QueryAnalysisJudgement): QueryTension[] {
  const active = activeAssessments(judgement);
  const out: QueryTension[] = [];
  for (let i = 0; i < active.length; i += 1) {
    for (let j = i + 1; j < active.length; j += 1) {
      const a = active[i] as ContextAssessment;
      const b = active[j] as ContextAssessment;
      const row = getTension(a.context, b.context);
      const kind = TENSION_KINDS.find((k) => k.id === row?.kind);
      if (row === undefined || kind === undefined) continue;
      out.push({
        a,
        b,
        row,
        kind,
        kindNumber: tensionKindNumber(row.kind),
        opposed: a.direction !== b.direction,
      });
    }
  }
  return out;
}

/** How a response must behave to satisfy every active context at once. */
export interface IdealResponse {
  /** Active contexts demanding homogeneity. */
  converge: ContextAssessment[];
  /** Active contexts demanding heterogeneity. */
  diverge: ContextAssessment[];
  /** One sentence in the paper's Figure 2 style; empty when no context is active. */
  summary: string;
}

/** What a response converges or diverges on, per measured aspect, as a noun phrase. */
export const ASPECT_PHRASES: Readonly<Record<MeasuredAspect, string>> = {
  answer: 'the answer',
  correctness: 'correctness',
  strategy: 'the strategy',
  option: 'the options presented',
  solution: 'the solution',
  facts: 'the facts',
  perspective: 'the perspectives offered',
  'creative-elements': 'the creative elements',
  representation: 'who is represented and how',
  content: 'safe content',
};

function phraseList(items: readonly ContextAssessment[]): string {
  // Contexts sharing an aspect are named together: "the facts (epistemic, safety)".
  // A context without an aspect is named in the phrase itself, so it needs no parenthesis.
  const byPhrase = new Map<string, string[]>();
  for (const c of items) {
    const phrase =
      c.aspect === null ? `what the ${c.context} context asks for` : ASPECT_PHRASES[c.aspect];
    byPhrase.set(phrase, [...(byPhrase.get(phrase) ?? []), c.context]);
  }
  const parts = [...byPhrase].map(([phrase, contexts]) =>
    phrase.startsWith('what the ') ? phrase : `${phrase} (${contexts.join(', ')})`,
  );
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * The ideal response as the paper states it for Figure 2: converge where contexts demand
 * homogeneity, diverge where they demand heterogeneity.
 */
export function idealResponse(judgement: QueryAnalysisJudgement): IdealResponse {
  const active = activeAssessments(judgement);
  const converge = active.filter((c) => c.direction === 'homogeneity');
  const diverge = active.filter((c) => c.direction === 'heterogeneity');
  let summary = '';
  if (converge.length > 0 && diverge.length > 0) {
    summary = `Converge on ${phraseList(converge)} while diverging on ${phraseList(diverge)}.`;
  } else if (converge.length > 0) {
    summary = `Converge on ${phraseList(converge)}: every response should agree.`;
  } else if (diverge.length > 0) {
    summary = `Diverge on ${phraseList(diverge)}: responses should differ.`;
  }
  return { converge, diverge, summary };
}
