// Tolerance and size limits of the math-answer grader, which keep its cost bounded on
// adversarial input.

/**
 * Relative tolerance used when both answers evaluate to plain real numbers: two values match when
 * |a - b| <= 1e-9 * max(|a|, |b|). Exact for integers written as integer literals on both sides
 * (compared as BigInt, so large integers that differ in the last digit never match).
 */
export const NUMERIC_RELATIVE_TOLERANCE = 1e-9;

/** Recursion limit for nested structures (lists of tuples of matrices...); deeper input fails. */
export const MAX_DEPTH = 6;
/** Answers with more `\pm` signs than this are not expanded (each one doubles the list). */
export const MAX_PM_SIGNS = 3;
/** Longer "answers" are not final answers; they are only stripped of whitespace. */
export const MAX_ANSWER_LENGTH = 2000;
/** Lists longer than this are compared as plain strings only, to bound the matching cost. */
export const MAX_LIST_ITEMS = 64;
/** Private-use character standing in for a LaTeX line break `\\` while spaces are removed. */
export const ROW = '\uE000';
