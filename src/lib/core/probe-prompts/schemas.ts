// Structured-output schemas of the probe prompts (strict-mode friendly: every field required,
// no extras).

import { MEASURED_ASPECTS, NORMATIVE_CONTEXT_IDS } from '../mmhs';
import { SAFETY_LABELS } from '../views/safety';
import { UNSPECIFIED } from '../views/societal';
import { AGE_BANDS, PERSON_ATTRIBUTES } from './templates';

/** JSON schema for {@link buildAttributeExtractionMessages} answers. */
export const ATTRIBUTE_EXTRACTION_SCHEMA = {
  type: 'object',
  properties: {
    people: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          description: { type: 'string' },
          gender: { type: 'string' },
          age: { type: 'string', enum: [...AGE_BANDS, UNSPECIFIED] },
          ethnicity: { type: 'string' },
          nationality: { type: 'string' },
          religion: { type: 'string' },
          occupation: { type: 'string' },
          basis: { type: 'string', enum: ['stated', 'implied', 'mixed'] },
        },
        required: ['description', ...PERSON_ATTRIBUTES, 'basis'],
        additionalProperties: false,
      },
    },
  },
  required: ['people'],
  additionalProperties: false,
} as const;

/** JSON schema for {@link buildSafetyLabelMessages} answers; reasoning comes first on purpose. */
export const SAFETY_LABEL_SCHEMA = {
  type: 'object',
  properties: {
    reasoning: { type: 'string' },
    label: { type: 'string', enum: [...SAFETY_LABELS] },
  },
  required: ['reasoning', 'label'],
  additionalProperties: false,
} as const;

const CONTEXT_ENTRY_SCHEMA = {
  type: 'object',
  properties: {
    active: { type: 'boolean' },
    direction: { type: 'string', enum: ['homogeneity', 'heterogeneity', 'none'] },
    aspect: { type: 'string', enum: [...Object.keys(MEASURED_ASPECTS), 'none'] },
    reason: { type: 'string' },
  },
  required: ['active', 'direction', 'aspect', 'reason'],
  additionalProperties: false,
} as const;

/** JSON schema for {@link buildQueryAnalysisMessages} answers: one entry per context. */
export const QUERY_ANALYSIS_SCHEMA = {
  type: 'object',
  properties: {
    epistemic: CONTEXT_ENTRY_SCHEMA,
    interactional: CONTEXT_ENTRY_SCHEMA,
    societal: CONTEXT_ENTRY_SCHEMA,
    safety: CONTEXT_ENTRY_SCHEMA,
  },
  required: [...NORMATIVE_CONTEXT_IDS],
  additionalProperties: false,
} as const;
