// Final-answer extraction and equivalence checking for competition-math answers (MATH, MATH-500).
// Normalises LaTeX like the Hendrycks et al. and PRM800K/Minerva graders, then compares values.

export { NUMERIC_RELATIVE_TOLERANCE } from './answers/limits';
export { extractBoxed } from './answers/boxed';
export { normalizeAnswer } from './answers/normalize';
export { answersMatch } from './answers/match';
