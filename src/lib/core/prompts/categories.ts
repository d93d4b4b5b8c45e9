// How the eight task categories are named, defined and given a quality focus inside prompts.

import type { CategoryId } from '../taxonomy';
import { CATEGORY_IDS } from '../taxonomy';

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

/** The eight categories as "A. Name: definition" lines, for the classifier prompt. */
export function categoryListText(): string {
  return CATEGORY_IDS.map((id) => `${id}. ${CATEGORY_NAMES[id]}: ${CATEGORY_DEFINITIONS[id]}`).join(
    '\n',
  );
}
