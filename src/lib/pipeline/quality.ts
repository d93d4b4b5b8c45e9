// Quality stage (checklist-based, after Lin et al. 2025): a judge writes 3-5 quality factors once
// per prompt, then grades each response against them on a 1-5 Likert scale.

import { parseChecklist, parseGrade, truncateRaw, type Grade } from '../core/parse';
import { buildChecklistGradeMessages, buildChecklistMessages } from '../core/prompts';
import type { CategoryId } from '../core/taxonomy';
import type { ChatCall } from './call';
import { judgeSideRequest, type JudgeSideParams } from './classify';

/** Result of asking for a checklist. */
export interface ChecklistOutcome {
  /** The checklist items; absent when none could be read. */
  items?: string[];
  raw: string;
  error?: string;
  reasks: number;
}

/** Result of grading one response. */
export interface GradeOutcome {
  score?: Grade;
  raw: string;
  error?: string;
  reasks: number;
}

/**
 * Asks the judge for the prompt's 3-5 key quality factors, steered by the category when known.
 * An unreadable list (or one outside 3-5 items) is asked again once, bypassing the cache.
 * Engine failures (after the engine's retries) propagate.
 */
export async function generateChecklist(
  call: ChatCall,
  opts: { prompt: string; category?: CategoryId },
  params: JudgeSideParams,
): Promise<ChecklistOutcome> {
  const request = { messages: buildChecklistMessages(opts), ...judgeSideRequest(params) };
  let raw = '';
  let error = '';
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await call(request, { cache: attempt === 0 });
    raw = result.choices[0]?.text ?? '';
    const parsed = parseChecklist(raw);
    if (parsed.ok) return { items: parsed.value, raw: truncateRaw(raw), reasks: attempt };
    error = `unreadable checklist (${parsed.error.kind}): ${parsed.error.message}`;
  }
  return { raw: truncateRaw(raw), error, reasks: 1 };
}

/**
 * Grades one response 1-5 against the checklist. An unreadable or out-of-range score is asked
 * again once, bypassing the cache. Engine failures (after the engine's retries) propagate.
 */
export async function gradeResponse(
  call: ChatCall,
  opts: { prompt: string; checklist: readonly string[]; response: string },
  params: JudgeSideParams,
): Promise<GradeOutcome> {
  const request = { messages: buildChecklistGradeMessages(opts), ...judgeSideRequest(params) };
  let raw = '';
  let error = '';
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await call(request, { cache: attempt === 0 });
    raw = result.choices[0]?.text ?? '';
    const parsed = parseGrade(raw);
    if (parsed.ok) return { score: parsed.value, raw: truncateRaw(raw), reasks: attempt };
    error = `unreadable grade (${parsed.error.kind}): ${parsed.error.message}`;
  }
  return { raw: truncateRaw(raw), error, reasks: 1 };
}
