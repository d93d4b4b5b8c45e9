// Test helpers that flatten a parser's result into one comparable value, so parser tables can
// list successes and failure kinds side by side.
import type { ParseFailureKind, ParseResult } from '../parse';

/** The parsed value, or `FAIL:<kind>` when the parser failed. */
export function value<T>(r: ParseResult<T>): T | string {
  return r.ok ? r.value : `FAIL:${r.error.kind}`;
}

/** The failure kind, or 'ok' when the parser succeeded. */
export function kind<T>(r: ParseResult<T>): ParseFailureKind | 'ok' {
  return r.ok ? 'ok' : r.error.kind;
}
