// Prompt templates and message builders for task classification, task-anchored sampling, the
// pairwise functional-diversity judge, checklist quality grading and SimpleQA-style correctness.

import { DATA_NOTICE, neutraliseDelimiters } from './delimiters';
import type { CategoryId } from './taxonomy';
import { CATEGORY_IDS } from './taxonomy';

/** One message in the OpenAI chat-completions shape. */
export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

// ---------------------------------------------------------------------------------------------
// Template filling
// ---------------------------------------------------------------------------------------------

/** Matches `{name}` placeholders; JSON examples such as `{"verdict": ...}` never match. */
const PLACEHOLDER_RE = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Substitutes `{name}` placeholders in one pass. Inserted values are never re-scanned, so model
 * or user text containing `{prompt}` or `$&` is copied verbatim, except that every inserted
 * string goes through `neutraliseDelimiters`: values are quoted inside tagged data sections, and
 * a prompt or response must not be able to close its section (`</response_a>`) and write its
 * own instructions after it. The app's own inserted texts hold no tags, so they are unchanged.
 * @throws Error when the template names a variable absent from `vars` (a programmer error).
 */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(PLACEHOLDER_RE, (_match, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    if (value === undefined) {
      throw new Error(`fill: missing template variable "${name}"`);
    }
    return typeof value === 'number' ? String(value) : neutraliseDelimiters(value);
  });
}

/** Placeholder names of a template, deduplicated, in order of first appearance. */
export function templatePlaceholders(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER_RE)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Category wording used inside prompts
// ---------------------------------------------------------------------------------------------

/** Category names as the prompts present them (Jain et al., Table 1). */
export const CATEGORY_NAMES: Readonly<Record<CategoryId, string>> = {
  A: 'Well-Specified Singular Objective',
  B: 'Underspecified Singular Objective',
  C: 'Random Generation',
  D: 'Problem-Solving Objective',
  E: 'Problem-Solving Subjective',
  F: 'Encyclopedia Inquiry',
  G: 'Creative Writing',
  H: 'Advice or Opinions',
};

/** One-sentence definitions with an example, shown to the classifier. */
export const CATEGORY_DEFINITIONS: Readonly<Record<CategoryId, string>> = {
  A: 'The prompt has a single verifiable correct answer (e.g. "Who won the 2010 Nobel Prize in Chemistry?").',
  B: 'The prompt has many verifiable correct answers, any of which would satisfy it (e.g. "Name a prime number greater than 100.").',
  C: 'The prompt asks to randomize over a finite set of options (e.g. "Pick a random number between 1 and 10.", "Flip a coin.").',
  D: 'The prompt is a problem with a single verifiable solution that can be reached with different problem-solving strategies (e.g. a math word problem).',
  E: 'The prompt is a problem with many possible solutions that are only partially verifiable (e.g. "How can I open a jar without any tools?").',
  F: 'The prompt asks for real-world factual information supported by credible references, which can be presented from different factual perspectives (e.g. "What caused the fall of the Western Roman Empire?").',
  G: 'The prompt asks for creative expression (e.g. a story, poem, joke, slogan or song).',
  H: 'The prompt solicits advice, opinions, recommendations or feedback (e.g. "Should I learn Python or JavaScript first?").',
};

/** What the checklist author should weigh for quality in each category. */
export const QUALITY_FOCUS: Readonly<Record<CategoryId, string>> = {
  A: 'For this category, quality hinges on stating the single correct answer accurately and clearly.',
  B: 'For this category, quality hinges on giving an answer that is actually correct and satisfies every constraint of the prompt.',
  C: 'For this category, quality hinges on choosing a valid option from the allowed set and respecting the requested format.',
  D: 'For this category, quality hinges on reaching the correct final answer through valid, clearly explained reasoning.',
  E: 'For this category, quality hinges on proposing a feasible, effective solution that respects the constraints of the problem.',
  F: 'For this category, quality hinges on factual accuracy, relevant coverage and consistency with credible sources.',
  G: 'For this category, quality hinges on following the creative brief, originality, coherence and craft.',
  H: "For this category, quality hinges on helpful, well-reasoned and balanced advice or opinion that addresses the user's situation.",
};

function categoryListText(): string {
  return CATEGORY_IDS.map((id) => `${id}. ${CATEGORY_NAMES[id]}: ${CATEGORY_DEFINITIONS[id]}`).join(
    '\n',
  );
}

// ---------------------------------------------------------------------------------------------
// Template catalogue
// ---------------------------------------------------------------------------------------------

/** Identifier of an exported prompt template. */
export type PromptTemplateId =
  | 'classification'
  | 'system-general'
  | `system-anchored-${CategoryId}`
  | 'multi-response-format'
  | 'icr-general'
  | `icr-anchored-${CategoryId}`
  | 'judge-system'
  | 'judge-user'
  | `judge-criterion-${CategoryId}`
  | 'checklist'
  | 'checklist-grade'
  | 'correctness';

/** A prompt template the UI can show verbatim. */
export interface PromptTemplate {
  id: PromptTemplateId;
  title: string;
  /** Chat role whose content this template becomes (criteria are spliced into the judge system). */
  role: 'system' | 'user';
  /**
   * 'paper': wording quoted from Jain et al. (2025) / the work they build on; 'app': written for
   * this app in the paper's style because the paper's table was not available verbatim.
   */
  source: 'paper' | 'app';
  text: string;
}

/** Zhang et al. (2025a) system prompt, as quoted by Jain et al. */
const SYSTEM_GENERAL = 'Generate {num_responses} responses that represent diverse values.';

/**
 * Task-anchored system-prompt instructions. D and G are quoted from the paper; the others follow
 * the same "what kind of prompt this is, then what to vary" pattern. A deliberately asks for the
 * same answer k times: homogenization is desired for well-specified prompts.
 */
const SYSTEM_ANCHORED: Readonly<Record<CategoryId, string>> = {
  A: 'The following prompt has a single correct answer, so homogeneous answers are desired. Generate {num_responses} responses that all give the same correct answer; the responses may differ only in wording, never in the answer itself.',
  B: 'The following prompt is underspecified, so there are many possible correct answers. Generate {num_responses} responses, each giving a different correct answer.',
  C: 'The following prompt asks for a random choice from a set of options, so any of the options is a valid answer. Generate {num_responses} responses, each choosing a different option at random.',
  D: 'The following problem has a single correct answer, but can be solved using different problem-solving strategies. Generate {num_responses} different solutions, each with a different problem-solving strategy.',
  E: 'The following problem has many possible solutions that are only partially verifiable. Generate {num_responses} different solutions, each with a different answer or a different problem-solving strategy.',
  F: 'The following prompt is asking for real-world factual information, which can be presented from different factual perspectives supported by credible references. Generate {num_responses} responses, each presenting a different factual perspective, without misrepresenting the facts.',
  G: 'The following prompt is asking for creative expression, so there are many possible subjective responses. Generate {num_responses} unique responses by varying the key creative elements such as tone, genre, point of view, theme, structure, etc.',
  H: 'The following prompt is asking for advice or opinions, so there are many possible subjective responses. Generate {num_responses} unique responses, each representing a different viewpoint or perspective.',
};

/**
 * Output format for k responses in one completion. XML-like numbered tags were chosen over
 * "Response 1:" headings, numbered lists or `---` rules because responses themselves routinely
 * contain headings, lists and rules, while `<response ...>` almost never occurs in content; the
 * closing tag cuts off trailing chatter ("I hope these help!"), and the ids let us check the count.
 */
const MULTI_RESPONSE_FORMAT = `Write each response inside its own numbered tag, exactly like this:
<response id="1">
first response
</response>
<response id="2">
second response
</response>
Write exactly {num_responses} responses, each complete on its own, and write nothing outside the tags.`;

/** Zhang et al. (2025b) in-context regeneration follow-up, as quoted by Jain et al. */
const ICR_GENERAL = 'Can you generate a different answer?';

/** Task-anchored regeneration follow-ups; D is quoted from the paper, the others follow it. */
const ICR_ANCHORED: Readonly<Record<CategoryId, string>> = {
  A: 'Can you give the answer again in different words? The question has a single correct answer, so the answer itself should stay the same.',
  B: 'Can you generate a different correct answer? The prompt is underspecified, so there are many possible correct answers.',
  C: 'Can you choose a different option? The prompt asks for a random choice from a set of options, so any of the options is a valid answer.',
  D: 'Can you solve the problem using a different strategy? The problem has a single correct answer, but can be solved using different problem-solving strategies.',
  E: 'Can you give a different solution, with a different answer or a different problem-solving strategy? The problem has many possible solutions that are only partially verifiable.',
  F: 'Can you answer from a different factual perspective? The prompt is asking for real-world factual information, which can be presented from different factual perspectives supported by credible references.',
  G: 'Can you generate a different response by varying the key creative elements such as tone, genre, point of view, theme, structure, etc.? The prompt is asking for creative expression, so there are many possible subjective responses.',
  H: 'Can you give a different viewpoint or perspective? The prompt is asking for advice or opinions, so there are many possible subjective responses.',
};

/** Per-category definition of functional equivalence for the pairwise judge (Definition 3.1). */
const JUDGE_CRITERIA: Readonly<Record<CategoryId, string>> = {
  A: 'The prompt has a single correct answer. The responses are EQUIVALENT if they give the same answer, even if it is worded, formatted or explained differently. They are DIFFERENT only if they give different answers (e.g. a different name, number or date), or if one answers and the other declines to answer.',
  B: 'The prompt has many correct answers. The responses are EQUIVALENT if they give the same answer (the same item, example or choice), even if it is worded or explained differently. They are DIFFERENT if they give different answers, even when both answers are correct.',
  C: 'The prompt asks for a random choice. The responses are EQUIVALENT if they select the same option (the same number, item, name or outcome), regardless of wording. They are DIFFERENT if they select different options.',
  D: 'The problem has a single correct answer but can be solved with different strategies. The responses are EQUIVALENT if they use the same problem-solving strategy, regardless of whether their final answers agree and regardless of wording, notation, order of steps or level of detail. They are DIFFERENT if they use genuinely different strategies (e.g. algebraic versus geometric reasoning, direct computation versus complementary counting).',
  E: 'The problem has many partially verifiable solutions. The responses are EQUIVALENT if they propose essentially the same solution using the same approach, even if worded differently. They are DIFFERENT if they propose a different solution or use a different problem-solving strategy.',
  F: 'The prompt asks for real-world factual information. The responses are EQUIVALENT if they present the same factual perspective (the same key facts, emphasis, sources and framing), even if worded differently. They are DIFFERENT if they present different factual perspectives, e.g. different aspects, credible sources, interpretations or stakeholders. Contradicting each other is not required for DIFFERENT.',
  G: 'The prompt asks for creative expression. The responses are EQUIVALENT if they share the same key creative elements (plot, genre, setting, tone, point of view, theme, structure), even if the wording differs. They are DIFFERENT if they differ meaningfully in one or more key creative elements; different wording of the same idea is not enough.',
  H: 'The prompt asks for advice or opinions. The responses are EQUIVALENT if they give the same viewpoint and the same core advice, even if worded or ordered differently. They are DIFFERENT if they offer different viewpoints, perspectives or core recommendations.',
};

const CLASSIFICATION_TEXT = `Classify the user prompt below into exactly one of the following eight task categories. The categories differ in what would make two responses to the prompt meaningfully different.

${categoryListText()}

${DATA_NOTICE}

User prompt:
<prompt>
{prompt}
</prompt>

Do not answer the prompt. Reply with only the single letter (A-H) of the category that fits best.`;

const JUDGE_SYSTEM_TEXT = `You evaluate the functional diversity of language-model responses. Two responses are functionally different if a user would perceive them as meaningfully different for the task at hand, and what counts as meaningful depends on the task category.

The prompt belongs to task category {category_id}. {category_name}: {category_definition}

{criterion}

Judge only whether the two responses are functionally equivalent or functionally different under this definition. Do not judge which response is better or more correct, and ignore differences in length, wording or formatting that this definition does not count.

${DATA_NOTICE}`;

const JUDGE_USER_TEXT = `Prompt:
<prompt>
{prompt}
</prompt>

Response A:
<response_a>
{response_a}
</response_a>

Response B:
<response_b>
{response_b}
</response_b>

Are Response A and Response B functionally equivalent or functionally different for this task category? Briefly explain your reasoning, then end with a final line that is exactly "Verdict: EQUIVALENT" or "Verdict: DIFFERENT".`;

const CHECKLIST_TEXT = `You are writing a grading checklist for responses to the user prompt below.{category_context}

${DATA_NOTICE}

<prompt>
{prompt}
</prompt>

List 3 to 5 key factors that determine the quality of a response to this specific prompt. Each factor must be a concise, checkable statement tailored to this prompt, not generic advice such as "is well written". Do not answer the prompt. Output only a numbered list (1., 2., ...) with one factor per item.`;

const CHECKLIST_GRADE_TEXT = `Evaluate the quality of the response below to the user prompt, using the checklist of key quality factors.

${DATA_NOTICE}

User prompt:
<prompt>
{prompt}
</prompt>

Checklist:
<checklist>
{checklist}
</checklist>

Response:
<response>
{response}
</response>

Rate the overall quality of the response on a 1-5 Likert scale:
1 = very poor: fails most checklist items or is unusable.
2 = poor: meets few checklist items or has serious errors.
3 = fair: meets some checklist items but has clear gaps.
4 = good: meets most checklist items with minor issues.
5 = very good: meets every checklist item fully.
Briefly explain how the response meets or misses each checklist item, then end with a final line that is exactly "Score: N", where N is an integer from 1 to 5.`;

const CORRECTNESS_TEXT = `Grade a response to a question against the gold (reference) answer. Assign exactly one grade:
- CORRECT: the response gives an answer that matches the gold answer in meaning and does not contradict it. Different wording, extra correct detail or mild hedging are fine as long as the committed answer matches. A number must match the gold answer to the precision the gold answer is given in.
- INCORRECT: the response commits to an answer that differs from or contradicts the gold answer, even if it is hedged, or it lists several candidate answers without committing to the gold one.
- NOT_ATTEMPTED: the response gives no answer (e.g. says it does not know, declines or asks for clarification) and does not contradict the gold answer.

${DATA_NOTICE}

Question:
<question>
{question}
</question>

Gold answer:
<gold>
{gold}
</gold>

Response:
<response>
{response}
</response>

Reply with exactly one word: CORRECT, INCORRECT or NOT_ATTEMPTED.`;

function perCategory<P extends string>(
  prefix: P,
  titlePrefix: string,
  role: 'system' | 'user',
  texts: Readonly<Record<CategoryId, string>>,
  paperIds: readonly CategoryId[],
): Record<`${P}-${CategoryId}`, PromptTemplate> {
  const entries = CATEGORY_IDS.map((c) => {
    const id = `${prefix}-${c}` as `${P}-${CategoryId}`;
    const template: PromptTemplate = {
      id: id as PromptTemplateId,
      title: `${titlePrefix}: ${c}. ${CATEGORY_NAMES[c]}`,
      role,
      source: paperIds.includes(c) ? 'paper' : 'app',
      text: texts[c],
    };
    return [id, template] as const;
  });
  return Object.fromEntries(entries) as Record<`${P}-${CategoryId}`, PromptTemplate>;
}

/** Every prompt template, keyed by id; texts use `{placeholders}` filled by {@link fill}. */
export const PROMPT_TEMPLATES: Readonly<Record<PromptTemplateId, PromptTemplate>> = {
  classification: {
    id: 'classification',
    title: 'Task classification (A-H)',
    role: 'user',
    source: 'app',
    text: CLASSIFICATION_TEXT,
  },
  'system-general': {
    id: 'system-general',
    title: 'System prompt sampling (general)',
    role: 'system',
    source: 'paper',
    text: SYSTEM_GENERAL,
  },
  ...perCategory(
    'system-anchored',
    'System prompt sampling (task-anchored)',
    'system',
    SYSTEM_ANCHORED,
    ['D', 'G'],
  ),
  'multi-response-format': {
    id: 'multi-response-format',
    title: 'Output format for k responses in one completion',
    role: 'system',
    source: 'app',
    text: MULTI_RESPONSE_FORMAT,
  },
  'icr-general': {
    id: 'icr-general',
    title: 'In-context regeneration follow-up (general)',
    role: 'user',
    source: 'paper',
    text: ICR_GENERAL,
  },
  ...perCategory(
    'icr-anchored',
    'In-context regeneration follow-up (task-anchored)',
    'user',
    ICR_ANCHORED,
    ['D'],
  ),
  'judge-system': {
    id: 'judge-system',
    title: 'Pairwise functional-diversity judge (system)',
    role: 'system',
    source: 'app',
    text: JUDGE_SYSTEM_TEXT,
  },
  'judge-user': {
    id: 'judge-user',
    title: 'Pairwise functional-diversity judge (user)',
    role: 'user',
    source: 'app',
    text: JUDGE_USER_TEXT,
  },
  ...perCategory('judge-criterion', 'Judge equivalence criterion', 'system', JUDGE_CRITERIA, []),
  checklist: {
    id: 'checklist',
    title: 'Checklist generation (3-5 key quality factors)',
    role: 'user',
    source: 'app',
    text: CHECKLIST_TEXT,
  },
  'checklist-grade': {
    id: 'checklist-grade',
    title: 'Checklist-based grading (1-5 Likert)',
    role: 'user',
    source: 'app',
    text: CHECKLIST_GRADE_TEXT,
  },
  correctness: {
    id: 'correctness',
    title: 'Correctness against a gold answer (SimpleQA-style)',
    role: 'user',
    source: 'app',
    text: CORRECTNESS_TEXT,
  },
};

// ---------------------------------------------------------------------------------------------
// Structured-output schemas (plain JSON Schema; strict-mode friendly: all fields required)
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Sampling strategies
// ---------------------------------------------------------------------------------------------

/** The five ways of drawing k responses compared in Jain et al. (2025), §3.3-§4. */
export type SamplingStrategy =
  'temperature' | 'system-general' | 'system-task-anchored' | 'icr-general' | 'icr-task-anchored';

/** Display and bookkeeping metadata of a {@link SamplingStrategy}. */
export interface SamplingStrategyInfo {
  id: SamplingStrategy;
  label: string;
  description: string;
  family: 'temperature' | 'system-prompt' | 'in-context-regeneration';
  /** Whether the strategy needs the prompt's task category. */
  anchored: boolean;
  /** How k responses are obtained: k independent calls, one call, or k chained calls. */
  calls: 'independent' | 'single' | 'sequential';
  reference: string;
}

/** Metadata of every sampling strategy, in the order the paper presents them. */
export const SAMPLING_STRATEGIES: Readonly<Record<SamplingStrategy, SamplingStrategyInfo>> = {
  temperature: {
    id: 'temperature',
    label: 'Temperature sampling',
    description:
      'k independent completions of the bare prompt; diversity comes only from sampling randomness.',
    family: 'temperature',
    anchored: false,
    calls: 'independent',
    reference:
      'Jain et al. (2025) §4 baseline: medium temperature (1.0 for GPT/Gemini, 0.5 for Claude/Llama/Mistral), top-p 0.9.',
  },
  'system-general': {
    id: 'system-general',
    label: 'System prompt (general)',
    description:
      'One completion asked for k responses "that represent diverse values", without saying what "diverse" means for the task.',
    family: 'system-prompt',
    anchored: false,
    calls: 'single',
    reference: 'Zhang et al. (2025a) system prompt; general baseline in Jain et al. (2025) §3.3.',
  },
  'system-task-anchored': {
    id: 'system-task-anchored',
    label: 'System prompt (task-anchored)',
    description:
      'One completion asked for k responses, with an instruction stating what "different" means for the prompt\'s task category (the same answer for well-specified prompts).',
    family: 'system-prompt',
    anchored: true,
    calls: 'single',
    reference: 'Jain et al. (2025) §3.3, task-anchored system prompt sampling.',
  },
  'icr-general': {
    id: 'icr-general',
    label: 'In-context regeneration (general)',
    description:
      'k chained turns: after each answer the user asks "Can you generate a different answer?" with all previous answers kept in context.',
    family: 'in-context-regeneration',
    anchored: false,
    calls: 'sequential',
    reference:
      'Zhang et al. (2025b) in-context regeneration; general baseline in Jain et al. (2025) §3.3.',
  },
  'icr-task-anchored': {
    id: 'icr-task-anchored',
    label: 'In-context regeneration (task-anchored)',
    description:
      'k chained turns whose follow-up states what "different" means for the task category (e.g. "Can you solve the problem using a different strategy?").',
    family: 'in-context-regeneration',
    anchored: true,
    calls: 'sequential',
    reference: 'Jain et al. (2025) §3.3, task-anchored in-context regeneration.',
  },
};

/** All sampling strategies in display order. */
export const SAMPLING_STRATEGY_IDS: readonly SamplingStrategy[] = [
  'temperature',
  'system-general',
  'system-task-anchored',
  'icr-general',
  'icr-task-anchored',
];

function assertK(k: number, caller: string): void {
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new RangeError(`${caller}: k must be a positive integer, got ${k}`);
  }
}

function requireCategory(category: CategoryId | undefined, caller: string): CategoryId {
  if (category === undefined || !CATEGORY_IDS.includes(category)) {
    throw new Error(`${caller}: task-anchored sampling needs a task category (A-H)`);
  }
  return category;
}

/**
 * The system-prompt sampling instruction (without the output-format block) for k responses.
 * @throws Error if `anchored` is true and no category is given; RangeError for a bad k.
 */
export function systemSamplingInstruction(opts: {
  k: number;
  category?: CategoryId;
  anchored: boolean;
}): string {
  assertK(opts.k, 'systemSamplingInstruction');
  const template = opts.anchored
    ? SYSTEM_ANCHORED[requireCategory(opts.category, 'systemSamplingInstruction')]
    : SYSTEM_GENERAL;
  return fill(template, { num_responses: opts.k });
}

/**
 * The in-context regeneration follow-up turn.
 * @throws Error if `anchored` is true and no category is given.
 */
export function regenerationFollowUp(opts: { category?: CategoryId; anchored: boolean }): string {
  return opts.anchored
    ? ICR_ANCHORED[requireCategory(opts.category, 'regenerationFollowUp')]
    : ICR_GENERAL;
}

/** Messages for one temperature-sampled completion: the bare prompt. */
export function buildTemperatureMessages(prompt: string): ChatMessage[] {
  return [{ role: 'user', content: prompt }];
}

/**
 * System-prompt sampling (Zhang et al. 2025a; task-anchored per Jain et al.): one completion that
 * must contain k responses in `<response id="i">` tags, split with `parseMultiResponse`.
 * @throws Error if `anchored` is true and no category is given; RangeError for a bad k.
 */
export function buildSystemPromptSampling(opts: {
  prompt: string;
  k: number;
  category?: CategoryId;
  anchored: boolean;
}): ChatMessage[] {
  const instruction = systemSamplingInstruction(opts);
  const format = fill(MULTI_RESPONSE_FORMAT, { num_responses: opts.k });
  return [
    { role: 'system', content: `${instruction}\n\n${format}` },
    { role: 'user', content: opts.prompt },
  ];
}

/**
 * In-context regeneration (Zhang et al. 2025b): the prompt, then each previous answer followed by
 * the (general or task-anchored) follow-up; always ends with a user turn.
 * @throws Error if `anchored` is true and no category is given.
 */
export function buildRegenerationMessages(opts: {
  prompt: string;
  previous: readonly string[];
  category?: CategoryId;
  anchored: boolean;
}): ChatMessage[] {
  const followUp = regenerationFollowUp(opts);
  const messages: ChatMessage[] = [{ role: 'user', content: opts.prompt }];
  for (const answer of opts.previous) {
    messages.push({ role: 'assistant', content: answer });
    messages.push({ role: 'user', content: followUp });
  }
  return messages;
}

// ---------------------------------------------------------------------------------------------
// Classification, judge, quality and correctness builders
// ---------------------------------------------------------------------------------------------

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
