// Message builders for classification, the pairwise judge, checklist quality grading and
// correctness grading.

import type { CategoryId } from '../taxonomy';
import { CATEGORY_DEFINITIONS, CATEGORY_NAMES, QUALITY_FOCUS } from './categories';
import type { ChatMessage } from './fill';
import { fill } from './fill';
import {
  CHECKLIST_GRADE_TEXT,
  CHECKLIST_TEXT,
  CLASSIFICATION_TEXT,
  CORRECTNESS_TEXT,
  JUDGE_CRITERIA,
  JUDGE_SYSTEM_TEXT,
  JUDGE_USER_TEXT,
} from './templates';

/** Messages asking the model to classify `prompt` into one category letter A-H. */
export function buildClassificationMessages(prompt: string): ChatMessage[] {
  return [{ role: 'user', content: fill(CLASSIFICATION_TEXT, { prompt }) }];
}

/** The judge's per-category equivalence criterion (shown to users to explain the metric). */
export function judgeCriterion(category: CategoryId): string {
  return JUDGE_CRITERIA[category];
}

/**
 * Task-anchored pairwise judge (Definition 3.1): are `a` and `b` functionally equivalent for the
 * prompt's category? Parse the answer with `parseJudgeVerdict`.
 */
export function buildJudgeMessages(opts: {
  prompt: string;
  category: CategoryId;
  a: string;
  b: string;
}): ChatMessage[] {
  const c = opts.category;
  return [
    {
      role: 'system',
      content: fill(JUDGE_SYSTEM_TEXT, {
        category_id: c,
        category_name: CATEGORY_NAMES[c],
        category_definition: CATEGORY_DEFINITIONS[c],
        criterion: JUDGE_CRITERIA[c],
      }),
    },
    {
      role: 'user',
      content: fill(JUDGE_USER_TEXT, {
        prompt: opts.prompt,
        response_a: opts.a,
        response_b: opts.b,
      }),
    },
  ];
}

/**
 * Checklist generation (WildBench-style, Lin et al. 2025): 3-5 prompt-specific quality factors,
 * steered by the category's quality focus when a category is known.
 */
export function buildChecklistMessages(opts: {
  prompt: string;
  category?: CategoryId;
}): ChatMessage[] {
  const c = opts.category;
  const categoryContext =
    c === undefined
      ? ''
      : ` The prompt belongs to the task category "${CATEGORY_NAMES[c]}". ${QUALITY_FOCUS[c]}`;
  return [
    {
      role: 'user',
      content: fill(CHECKLIST_TEXT, { prompt: opts.prompt, category_context: categoryContext }),
    },
  ];
}

/** Formats checklist items as the numbered list shown to the grader. */
export function formatChecklist(checklist: readonly string[]): string {
  return checklist.map((item, i) => `${i + 1}. ${item}`).join('\n');
}

/** Checklist-based grading of one response on a 1-5 Likert scale; parse with `parseGrade`. */
export function buildChecklistGradeMessages(opts: {
  prompt: string;
  checklist: readonly string[];
  response: string;
}): ChatMessage[] {
  return [
    {
      role: 'user',
      content: fill(CHECKLIST_GRADE_TEXT, {
        prompt: opts.prompt,
        checklist: formatChecklist(opts.checklist),
        response: opts.response,
      }),
    },
  ];
}

/** SimpleQA-style grading against a gold answer; parse with `parseCorrectness`. */
export function buildCorrectnessMessages(opts: {
  question: string;
  gold: string;
  response: string;
}): ChatMessage[] {
  return [
    {
      role: 'user',
      content: fill(CORRECTNESS_TEXT, {
        question: opts.question,
        gold: opts.gold,
        response: opts.response,
      }),
    },
  ];
}
