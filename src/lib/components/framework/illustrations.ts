// Hand-written illustrations of the levels and scopes of analysis for the framework explorer.
// They are written for this app (neither paper gives them) and are always labelled as such.
import type { AnalysisLevel, AnalysisScope } from '../../core/mmhs';

/** How two responses compare at one level of analysis. */
export interface LevelVerdict {
  level: AnalysisLevel;
  verdict: 'same' | 'different' | 'depends on the task';
  why: string;
}

/** Two responses to one prompt, compared at each level of analysis. */
export interface LevelIllustration {
  id: string;
  title: string;
  prompt: string;
  responses: readonly [string, string];
  verdicts: readonly LevelVerdict[];
  /** What the pair teaches, tied to the paper. */
  lesson: string;
}

/** Three pairs: surface-only variation, variation in reasoning, and homogenization in disguise. */
export const LEVEL_ILLUSTRATIONS: readonly LevelIllustration[] = [
  {
    id: 'capital',
    title: 'Different words, same answer',
    prompt: 'What is the capital of Australia?',
    responses: ["Australia's capital is Canberra.", 'The answer is Canberra, the capital city.'],
    verdicts: [
      {
        level: 'lexical',
        verdict: 'different',
        why: 'Fewer than half of their distinct words are shared, so a vocabulary metric counts real variation.',
      },
      {
        level: 'semantic',
        verdict: 'same',
        why: 'Both make one claim: Canberra is the capital.',
      },
      { level: 'functional', verdict: 'same', why: 'Both give the one correct answer.' },
    ],
    lesson:
      'Epistemic tasks are agnostic to surface variation: this pair is no hallucination, although a lexical metric calls it diverse (Section 2.2).',
  },
  {
    id: 'remainder',
    title: 'Different reasoning, same result',
    prompt: 'What is the remainder when 2^10 is divided by 7?',
    responses: [
      '2^10 = 1024 and 1024 = 7 × 146 + 2, so the remainder is 2.',
      'Powers of 2 modulo 7 repeat 2, 4, 1. Since 10 = 3 × 3 + 1, 2^10 leaves the same remainder as 2^1: 2.',
    ],
    verdicts: [
      { level: 'lexical', verdict: 'different', why: 'Almost no words in common.' },
      {
        level: 'semantic',
        verdict: 'different',
        why: 'One computes directly, the other argues from a repeating cycle.',
      },
      {
        level: 'functional',
        verdict: 'depends on the task',
        why: 'Same final answer, so one class for an answer check; two classes where the strategy is what should vary (category D of the taxonomy).',
      },
    ],
    lesson:
      'The functional level is anchored in the task. The epistemic context penalizes divergent answers but not divergent routes; the interactional context can value distinct strategies.',
  },
  {
    id: 'lighthouse',
    title: 'Different words, same story',
    prompt: 'Write the first line of a story about a lighthouse.',
    responses: [
      'The lighthouse keeper had not spoken to another person in eleven years.',
      'Eleven winters alone on the rock had taught the keeper to talk only to the lamp.',
    ],
    verdicts: [
      { level: 'lexical', verdict: 'different', why: 'Hardly a word in common.' },
      {
        level: 'semantic',
        verdict: 'same',
        why: 'The same premise: a keeper who has been alone for eleven years.',
      },
      {
        level: 'functional',
        verdict: 'same',
        why: 'Same plot, setting, tone and point of view: one creative idea.',
      },
    ],
    lesson:
      'Lexically distinct stories can share their plot elements (Section 3.1). A vocabulary metric sees diversity; a task-anchored judge sees homogenization, the interactional failure.',
  },
];

/** One scope of analysis shown on a small set of responses. */
export interface ScopeIllustration {
  scope: AnalysisScope;
  /** Who produced each response, e.g. "Sample 1" or "Model A". */
  responses: readonly { source: string; text: string }[];
  reading: string;
}

/** The prompt every scope illustration answers. */
export const SCOPE_PROMPT = 'Should I learn piano or guitar first?';

/** Intra-response pluralism, inter-response collapse and inter-model convergence on one prompt. */
export const SCOPE_ILLUSTRATIONS: readonly ScopeIllustration[] = [
  {
    scope: 'intra-response',
    responses: [
      {
        source: 'One response',
        text: 'It depends: piano lays music theory out in front of you, guitar is portable and quick for accompanying songs, and either is right if it is the music you love.',
      },
    ],
    reading: 'Three perspectives inside a single response: high intra-response pluralism.',
  },
  {
    scope: 'inter-response',
    responses: [
      { source: 'Sample 1', text: 'Piano first: it lays music theory out visually.' },
      { source: 'Sample 2', text: 'Start with piano, because the keyboard makes theory visible.' },
      { source: 'Sample 3', text: 'Piano. Seeing the notes in a row makes theory easier.' },
    ],
    reading:
      'Three samples of one model, one recommendation: no inter-response diversity, however pluralistic each answer could be.',
  },
  {
    scope: 'inter-model',
    responses: [
      { source: 'Model A', text: 'Piano first: it lays music theory out visually.' },
      { source: 'Model B', text: 'I would begin with piano; the layout teaches theory.' },
    ],
    reading:
      'Independently trained models converging on the same answer: the inter-model side of the "Artificial Hivemind".',
  },
];
