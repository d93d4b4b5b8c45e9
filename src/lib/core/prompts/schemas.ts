// Structured-output schemas of the core prompts (plain JSON Schema; strict-mode friendly: all
// fields required).

import { CATEGORY_IDS } from '../taxonomy';

/** JSON schema for {@link buildClassificationMessages} answers. */
export const CLASSIFICATION_SCHEMA = {
  type: 'object',
  properties: {
    category: { type: 'string', enum: [...CATEGORY_IDS] },
  },
  required: ['category'],
  additionalProperties: false,
} as const;

/** JSON schema for {@link buildJudgeMessages} answers; reasoning precedes the verdict on purpose. */
export const JUDGE_SCHEMA = {
  type: 'object',
  properties: {
    reasoning: { type: 'string' },
    verdict: { type: 'string', enum: ['equivalent', 'different'] },
  },
  required: ['reasoning', 'verdict'],
  additionalProperties: false,
} as const;

/** JSON schema for {@link buildChecklistMessages} answers. */
export const CHECKLIST_SCHEMA = {
  type: 'object',
  properties: {
    checklist: { type: 'array', items: { type: 'string' }, minItems: 3, maxItems: 5 },
  },
  required: ['checklist'],
  additionalProperties: false,
} as const;

/** JSON schema for {@link buildChecklistGradeMessages} answers. */
export const GRADE_SCHEMA = {
  type: 'object',
  properties: {
    reasoning: { type: 'string' },
    score: { type: 'integer', enum: [1, 2, 3, 4, 5] },
  },
  required: ['reasoning', 'score'],
  additionalProperties: false,
} as const;

/** JSON schema for {@link buildCorrectnessMessages} answers. */
export const CORRECTNESS_SCHEMA = {
  type: 'object',
  properties: {
    grade: { type: 'string', enum: ['CORRECT', 'INCORRECT', 'NOT_ATTEMPTED'] },
  },
  required: ['grade'],
  additionalProperties: false,
} as const;
