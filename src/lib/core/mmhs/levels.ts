// The paper's levels (lexical, semantic, functional) and scopes (intra-response, inter-response,
// inter-model) at which output variation is analysed.

/**
 * Level at which variation is measured. The paper groups lexical, structural and syntactic
 * variation as "surface level", so `lexical` stands for all of them here.
 */
export type AnalysisLevel = 'lexical' | 'semantic' | 'functional';

/** Describes one level of analysis. */
export interface AnalysisLevelInfo {
  readonly id: AnalysisLevel;
  readonly label: string;
  readonly description: string;
  /** Whether the paper counts this as surface-level variation. */
  readonly surface: boolean;
  /**
   * How epistemic tasks value variation at this level: they penalize semantic and functional
   * heterogeneity while remaining agnostic to surface variation (Section 2.2).
   */
  readonly epistemicStance: 'agnostic' | 'penalized';
  /** Metrics that operate at this level (the general metrics of Jain et al. and their own). */
  readonly exampleMetrics: readonly string[];
}

/** Levels of analysis from surface to function. */
export const ANALYSIS_LEVELS: readonly AnalysisLevelInfo[] = [
  {
    id: 'lexical',
    label: 'Lexical',
    description:
      'Surface form: word choice, structure and syntax. Two responses can differ lexically while saying the same thing.',
    surface: true,
    epistemicStance: 'agnostic',
    exampleMetrics: [
      'vocabulary (Jaccard) diversity',
      'compression ratio',
      'perplexity',
      'burstiness',
    ],
  },
  {
    id: 'semantic',
    label: 'Semantic',
    description:
      'Meaning: the ideas or content expressed, e.g. whether two essays make the same points.',
    surface: false,
    epistemicStance: 'penalized',
    exampleMetrics: ['embedding diversity'],
  },
  {
    id: 'functional',
    label: 'Functional',
    description:
      'The outcome that matters for the task, e.g. code executing to the same result or two solutions using the same strategy.',
    surface: false,
    epistemicStance: 'penalized',
    exampleMetrics: [
      'task-anchored functional diversity (LLM judge)',
      'number of functionally unique responses',
    ],
  },
];

/** Where the compared outputs come from. */
export type AnalysisScope = 'intra-response' | 'inter-response' | 'inter-model';

/** Describes one scope of analysis. */
export interface AnalysisScopeInfo {
  readonly id: AnalysisScope;
  readonly label: string;
  readonly description: string;
  /** Other names the literature uses for the same scope. */
  readonly aka: readonly string[];
}

/** Scopes of analysis, from a single response out to several models. */
export const ANALYSIS_SCOPES: readonly AnalysisScopeInfo[] = [
  {
    id: 'intra-response',
    label: 'Intra-response',
    description:
      'Variation inside one response, e.g. a single answer aggregating several perspectives.',
    aka: ['intra-response pluralism'],
  },
  {
    id: 'inter-response',
    label: 'Inter-response',
    description:
      'Variation across repeated samples from one model for the same input (or across inputs).',
    aka: ['inter-response diversity', 'intra-model'],
  },
  {
    id: 'inter-model',
    label: 'Inter-model',
    description: 'Variation across independently trained models answering the same input.',
    aka: ['Artificial Hivemind (inter-model)', 'outcome homogenization'],
  },
];
