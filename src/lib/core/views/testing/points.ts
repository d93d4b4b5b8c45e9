// A result point for the chart transforms' table tests: every measurement empty unless given.
import type { CategoryId } from '../../taxonomy';
import type { ResultPoint } from '../points';

/**
 * A point of prompt `promptId`, model `m`, with nothing measured but the class count.
 * @param overrides Any other field (the id follows prompt, model and strategy unless given).
 */
export function resultPoint(
  promptId: string,
  category: CategoryId | null,
  strategy: string,
  classCount: number | null,
  overrides: Partial<ResultPoint> = {},
): ResultPoint {
  const model = overrides.model ?? 'm';
  return {
    id: `${promptId}/${model}/${strategy}`,
    promptId,
    category,
    model,
    strategy,
    k: 5,
    classCount,
    vocabulary: null,
    embedding: null,
    compression: null,
    quality: null,
    accuracy: null,
    contexts: [],
    ...overrides,
  };
}
