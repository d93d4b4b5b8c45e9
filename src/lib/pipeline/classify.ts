// Classify stage: the generator sorts a prompt into a task category (A-H); a user override or a
// known category decides what the run uses, and a known category scores the classification.

import { parseClassification } from '../core/parse';
import { buildClassificationMessages } from '../core/prompts';
import { resolveCategory } from '../core/run-model';
import type { CategoryId } from '../core/taxonomy';
import type { ChatCall } from './call';

/** Parameters of judge-side calls (classification, judging, checklists, grading). */
export interface JudgeSideParams {
  temperature: number;
  maxTokens: number;
  seed?: number;
}

/** Result of asking a model to classify a prompt. */
export interface ClassifyOutcome {
  /** The category the model answered; absent when no answer could be parsed. */
  predicted?: CategoryId;
  /** The model's last answer. */
  raw: string;
  /** Why no category could be read (after one re-ask). */
  error?: string;
  /** Re-asks after unparseable answers (0 or 1). */
  reasks: number;
}

/** Request fields shared by judge-side calls. */
export function judgeSideRequest(params: JudgeSideParams): {
  temperature: number;
  max_tokens: number;
  seed?: number;
} {
  return {
    temperature: params.temperature,
    max_tokens: params.maxTokens,
    ...(params.seed === undefined ? {} : { seed: params.seed }),
  };
}

/**
 * Asks the model for the prompt's category. An unparseable answer is asked again once, bypassing
 * the cache; if it stays unparseable the outcome carries the parse error and no category.
 * Engine failures (after the engine's retries) propagate.
 */
export async function classifyPrompt(
  call: ChatCall,
  prompt: string,
  params: JudgeSideParams,
): Promise<ClassifyOutcome> {
  const request = { messages: buildClassificationMessages(prompt), ...judgeSideRequest(params) };
  let raw = '';
  let error = '';
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await call(request, { cache: attempt === 0 });
    raw = result.choices[0]?.text ?? '';
    const parsed = parseClassification(raw);
    if (parsed.ok) return { predicted: parsed.value, raw, reasks: attempt };
    error = `unreadable classification (${parsed.error.kind}): ${parsed.error.message}`;
  }
  return { raw, error, reasks: 1 };
}

/** Categories a run uses for one prompt and generator. */
export interface ResolvedCategories {
  /** For task-anchored sampling; undefined when nothing is known. */
  sampling?: CategoryId;
  /** For the judge; undefined when nothing is known. */
  judge?: CategoryId;
  /** Whether the classification matched the known category; undefined if either is missing. */
  correct?: boolean;
}

/**
 * Decides the categories a prompt runs under. The override always wins. Otherwise the judge uses
 * the known category (the paper judges against ground truth), falling back to the prediction;
 * sampling does the same unless `anchorWith` is 'predicted', which follows the paper's pipeline
 * of anchoring on the model's own classification.
 */
export function resolveCategories(opts: {
  known?: CategoryId;
  override?: CategoryId;
  predicted?: CategoryId;
  anchorWith: 'known' | 'predicted';
}): ResolvedCategories {
  const { known, override, predicted, anchorWith } = opts;
  const judge = resolveCategory({ override, known, predicted });
  const sampling = override ?? (anchorWith === 'predicted' ? (predicted ?? known) : judge);
  const correct = known !== undefined && predicted !== undefined ? known === predicted : undefined;
  return {
    ...(sampling === undefined ? {} : { sampling }),
    ...(judge === undefined ? {} : { judge }),
    ...(correct === undefined ? {} : { correct }),
  };
}
