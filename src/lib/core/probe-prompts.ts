// Prompt templates and never-throwing parsers for the probe contexts and the framework explorer:
// attribute extraction (societal), refusal / safe-completion / compliance labels, query analysis.

export type {
  ProbeTemplateId,
  ProbeTemplate,
  PersonAttribute,
  AttributeBasis,
} from './probe-prompts/templates';
export {
  PERSON_ATTRIBUTES,
  AGE_BANDS,
  PROBE_TEMPLATES,
  buildAttributeExtractionMessages,
  buildSafetyLabelMessages,
  buildQueryAnalysisMessages,
} from './probe-prompts/templates';
export {
  ATTRIBUTE_EXTRACTION_SCHEMA,
  SAFETY_LABEL_SCHEMA,
  QUERY_ANALYSIS_SCHEMA,
} from './probe-prompts/schemas';
export type { ExtractedPerson, AttributeExtraction } from './probe-prompts/attributes';
export { parseAttributeExtraction, primaryAttributes } from './probe-prompts/attributes';
export { parseSafetyLabel } from './probe-prompts/safety';
export type { ContextAssessment, QueryAnalysisJudgement } from './probe-prompts/query-analysis';
export {
  parseQueryAnalysis,
  activationsFromJudgement,
  inactiveAssessment,
  judgementFromActivations,
  judgementFromAnalysis,
} from './probe-prompts/query-analysis';
