// Deterministic ids of run units and of the records they write. The same run and definition
// always give the same ids, which is what lets a resumed run skip work and never duplicate it.

import type { SamplingStrategy } from '../core/prompts';

/**
 * Escapes the id separator in one id component: engine ids often contain ':' (`ollama/llama3:8b`),
 * and escaping keeps `a:b` + `c` distinct from `a` + `b:c`.
 */
export function idPart(value: string | number): string {
  return String(value).replace(/%/g, '%25').replace(/:/g, '%3A');
}

function join(...parts: (string | number)[]): string {
  return parts.map(idPart).join(':');
}

/** Unit classifying one prompt with one generator. */
export function classifyUnitId(runId: string, model: string, promptId: string): string {
  return join(runId, 'classify', model, promptId);
}

/**
 * Unit sampling one response (`index`) or, for single-call strategies and native `n`, all k
 * responses (`index === 'all'`).
 */
export function sampleUnitId(
  runId: string,
  model: string,
  promptId: string,
  strategy: SamplingStrategy,
  index: number | 'all',
): string {
  return join(runId, 'sample', model, promptId, strategy, index);
}

/** Unit judging one group's responses with one judge. */
export function judgeUnitId(
  runId: string,
  judge: string,
  model: string,
  promptId: string,
  strategy: SamplingStrategy,
): string {
  return join(runId, 'judge', judge, model, promptId, strategy);
}

/** Unit computing one group's general metrics. */
export function metricsUnitId(
  runId: string,
  model: string,
  promptId: string,
  strategy: SamplingStrategy,
): string {
  return join(runId, 'metrics', model, promptId, strategy);
}

/** Unit writing one judge's checklist for one prompt. */
export function checklistUnitId(runId: string, judge: string, promptId: string): string {
  return join(runId, 'checklist', judge, promptId);
}

/** Unit grading one response's quality with one judge. */
export function gradeUnitId(
  runId: string,
  judge: string,
  model: string,
  promptId: string,
  strategy: SamplingStrategy,
  index: number,
): string {
  return join(runId, 'grade', judge, model, promptId, strategy, index);
}

/** An id of something about one response: run, generator, prompt, strategy and index. */
type PerResponseId = (
  runId: string,
  model: string,
  promptId: string,
  strategy: SamplingStrategy,
  index: number,
) => string;

function perResponseId(kind: string): PerResponseId {
  return (runId, model, promptId, strategy, index) =>
    join(runId, kind, model, promptId, strategy, index);
}

/** Unit checking one response against the gold answer. */
export const accuracyUnitId: PerResponseId = perResponseId('accuracy');

/** Response record id. */
export const responseId: PerResponseId = perResponseId('response');

/** Order in which a pair was shown to the judge: `ab` = lower sample index first. */
export type PairOrder = 'ab' | 'ba';

/** Key of one judge call within a group: sample indices `a < b` and the order shown. */
export function pairKey(a: number, b: number, order: PairOrder): string {
  return `${a}-${b}-${order}`;
}

/** Judgement record id of one pairwise verdict. */
export function verdictId(judgeUnit: string, a: number, b: number, order: PairOrder): string {
  return `${judgeUnit}:${pairKey(a, b, order)}`;
}
