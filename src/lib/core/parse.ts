// Tolerant parsers for model output: category letters, judge verdicts, k-response blocks,
// checklists, Likert grades and correctness grades. Re-exports the parts under ./parse/.

export type {
  ParseFailureKind,
  ParseFailure,
  ParseResult,
  JudgeVerdict,
  Grade,
  Correctness,
} from './parse/shared';
export { RAW_EXCERPT_LIMIT, truncateRaw, extractJsonValues, looksLikeJson } from './parse/shared';
export { parseClassification } from './parse/classify';
export { parseJudgeVerdict } from './parse/verdict';
export type { LenientResponses } from './parse/responses';
export { parseMultiResponseLenient, parseMultiResponse } from './parse/responses';
export type { ChecklistBounds } from './parse/checklist';
export { parseChecklist } from './parse/checklist';
export { parseGrade } from './parse/grade';
export { parseCorrectness } from './parse/correctness';
