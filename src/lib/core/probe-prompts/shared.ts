// Parsing helpers of the probe parsers; the generic ones (ok, fail, prepare, isRecord,
// nonEmptyLines) are the model-output parsers' own.

export { fail, isRecord, nonEmptyLines, ok, prepare } from '../parse/shared';

/** A property of `record` whose key matches one of `keys` case-insensitively (keys lower-case). */
export function field(record: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const [key, value] of Object.entries(record)) {
    if (keys.includes(key.toLowerCase().replace(/[\s-]+/g, '_'))) return value;
  }
  return undefined;
}

/** The text with every whitespace run folded to one space, trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
