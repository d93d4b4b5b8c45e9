// Accuracy stage, where a gold answer exists: math answers by their last \boxed{} compared with
// answersMatch; short answers by a SimpleQA-style grader call (CORRECT / INCORRECT / NOT_ATTEMPTED).

import { answersMatch, extractBoxed } from '../core/answers';
import { parseCorrectness, truncateRaw, type Correctness } from '../core/parse';
import { buildCorrectnessMessages } from '../core/prompts';
import type { ChatCall } from './call';
import { judgeSideRequest, type JudgeSideParams } from './classify';

/** Result of checking a math response. */
export interface MathOutcome {
  correct: boolean;
  /** The response's final boxed answer, null when it boxed nothing. */
  extracted: string | null;
  /** Set when the response has no readable final answer (it then counts as incorrect). */
  issue?: string;
}

/**
 * Checks a math response: its last `\boxed{}` against the gold answer, which may itself be boxed
 * (as in MATH solutions) or bare (as in MATH-500's answer column). A response without a boxed
 * answer is incorrect, as in the MATH graders, and flagged.
 */
export function gradeMath(response: string, gold: string): MathOutcome {
  const extracted = extractBoxed(response);
  const target = extractBoxed(gold) ?? gold;
  if (extracted === null) {
    return { correct: false, extracted, issue: 'no \\boxed{} final answer in the response' };
  }
  return { correct: answersMatch(extracted, target), extracted };
}

/** Result of grading a short answer. */
export interface ShortAnswerOutcome {
  grade?: Correctness;
  /** Null when the grader's answer stayed unreadable. */
  correct: boolean | null;
  raw: string;
  error?: string;
  reasks: number;
}

/**
 * Grades a short answer against the gold with the grader prompt. An unreadable grade is asked
 * again once, bypassing the cache. NOT_ATTEMPTED counts as not correct. Engine failures (after
 * the engine's retries) propagate.
 */
export async function gradeShortAnswer(
  call: ChatCall,
  opts: { question: string; gold: string; response: string },
  params: JudgeSideParams,
): Promise<ShortAnswerOutcome> {
  const request = { messages: buildCorrectnessMessages(opts), ...judgeSideRequest(params) };
  let raw = '';
  let error = '';
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await call(request, { cache: attempt === 0 });
    raw = result.choices[0]?.text ?? '';
    const parsed = parseCorrectness(raw);
    if (parsed.ok) {
      return {
        grade: parsed.value,
        correct: parsed.value === 'correct',
        raw: truncateRaw(raw),
        reasks: attempt,
      };
    }
    error = `unreadable grade (${parsed.error.kind}): ${parsed.error.message}`;
  }
  return { correct: null, raw: truncateRaw(raw), error, reasks: 1 };
}
