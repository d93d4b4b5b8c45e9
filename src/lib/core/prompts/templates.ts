// The catalogue of prompt templates (sampling, classification, judge, checklist, grading,
// correctness), each with its text and paper source.

import { DATA_NOTICE } from '../delimiters';
import type { CategoryId } from '../taxonomy';
import { CATEGORY_IDS } from '../taxonomy';
import { CATEGORY_NAMES, categoryListText } from './categories';

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
export const SYSTEM_GENERAL = 'Generate {num_responses} responses that represent diverse values.';

/**
 * Task-anchored system-prompt instructions. D and G are quoted from the paper; the others follow
 * the same "what kind of prompt this is, then what to vary" pattern. A deliberately asks for the
 * same answer k times: homogenization is desired for well-specified prompts.
 */
export const SYSTEM_ANCHORED: Readonly<Record<CategoryId, string>> = {
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
export const MULTI_RESPONSE_FORMAT = `Write each response inside its own numbered tag, exactly like this:
<response id="1">
first response
</response>
<response id="2">
second response
</response>
Write exactly {num_responses} responses, each complete on its own, and write nothing outside the tags.`;

/** Zhang et al. (2025b) in-context regeneration follow-up, as quoted by Jain et al. */
export const ICR_GENERAL = 'Can you generate a different answer?';

/** Task-anchored regeneration follow-ups; D is quoted from the paper, the others follow it. */
export const ICR_ANCHORED: Readonly<Record<CategoryId, string>> = {
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
export const JUDGE_CRITERIA: Readonly<Record<CategoryId, string>> = {
  A: 'The prompt has a single correct answer. The responses are EQUIVALENT if they give the same answer, even if it is worded, formatted or explained differently. They are DIFFERENT only if they give different answers (e.g. a different name, number or date), or if one answers and the other declines to answer.',
  B: 'The prompt has many correct answers. The responses are EQUIVALENT if they give the same answer (the same item, example or choice), even if it is worded or explained differently. They are DIFFERENT if they give different answers, even when both answers are correct.',
  C: 'The prompt asks for a random choice. The responses are EQUIVALENT if they select the same option (the same number, item, name or outcome), regardless of wording. They are DIFFERENT if they select different options.',
  D: 'The problem has a single correct answer but can be solved with different strategies. The responses are EQUIVALENT if they use the same problem-solving strategy, regardless of whether their final answers agree and regardless of wording, notation, order of steps or level of detail. They are DIFFERENT if they use genuinely different strategies (e.g. algebraic versus geometric reasoning, direct computation versus complementary counting).',
  E: 'The problem has many partially verifiable solutions. The responses are EQUIVALENT if they propose essentially the same solution using the same approach, even if worded differently. They are DIFFERENT if they propose a different solution or use a different problem-solving strategy.',
  F: 'The prompt asks for real-world factual information. The responses are EQUIVALENT if they present the same factual perspective (the same key facts, emphasis, sources and framing), even if worded differently. They are DIFFERENT if they present different factual perspectives, e.g. different aspects, credible sources, interpretations or stakeholders. Contradicting each other is not required for DIFFERENT.',
  G: 'The prompt asks for creative expression. The responses are EQUIVALENT if they share the same key creative elements (plot, genre, setting, tone, point of view, theme, structure), even if the wording differs. They are DIFFERENT if they differ meaningfully in one or more key creative elements; different wording of the same idea is not enough.',
  H: 'The prompt asks for advice or opinions. The responses are EQUIVALENT if they give the same viewpoint and the same core advice, even if worded or ordered differently. They are DIFFERENT if they offer different viewpoints, perspectives or core recommendations.',
};

/** Task-category classifier prompt (Jain et al.). */
export const CLASSIFICATION_TEXT = `Classify the user prompt below into exactly one of the following eight task categories. The categories differ in what would make two responses to the prompt meaningfully different.

${categoryListText()}

${DATA_NOTICE}

User prompt:
<prompt>
{prompt}
</prompt>

Do not answer the prompt. Reply with only the single letter (A-H) of the category that fits best.`;

/** System text of the pairwise judge: the stable part, first so prompt caching applies. */
export const JUDGE_SYSTEM_TEXT = `You evaluate the functional diversity of language-model responses. Two responses are functionally different if a user would perceive them as meaningfully different for the task at hand, and what counts as meaningful depends on the task category.

The prompt belongs to task category {category_id}. {category_name}: {category_definition}

{criterion}

Judge only whether the two responses are functionally equivalent or functionally different under this definition. Do not judge which response is better or more correct, and ignore differences in length, wording or formatting that this definition does not count.

${DATA_NOTICE}`;

/** User text of the pairwise judge: the prompt, criterion and the two responses. */
export const JUDGE_USER_TEXT = `Prompt:
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

/** Prompt that writes a grading checklist for a user prompt. */
export const CHECKLIST_TEXT = `You are writing a grading checklist for responses to the user prompt below.{category_context}

${DATA_NOTICE}

<prompt>
{prompt}
</prompt>

List 3 to 5 key factors that determine the quality of a response to this specific prompt. Each factor must be a concise, checkable statement tailored to this prompt, not generic advice such as "is well written". Do not answer the prompt. Output only a numbered list (1., 2., ...) with one factor per item.`;

/** Prompt that grades one response against its checklist on a 1-5 scale. */
export const CHECKLIST_GRADE_TEXT = `Evaluate the quality of the response below to the user prompt, using the checklist of key quality factors.

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

/** SimpleQA-style prompt that grades a response against the gold answer. */
export const CORRECTNESS_TEXT = `Grade a response to a question against the gold (reference) answer. Assign exactly one grade:
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
