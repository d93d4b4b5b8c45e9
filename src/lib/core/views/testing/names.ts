// Names for the figure tests: strategy ids in capitals, prompt texts "Text of <id>".
import type { FigureNames } from '../figure';

/** Readable enough to tell in an assertion which function produced a string. */
export const TEST_NAMES: FigureNames = {
  strategy: (id) => id.toUpperCase(),
  prompt: (id) => `Text of ${id}`,
};
