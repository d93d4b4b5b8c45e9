// Splits one model output holding k responses (tags or headings) into its responses, strictly
// or leniently. Never throws on model text.

import type { ParseFailure, ParseResult } from './shared';
import { dropReasoning, failure, ok } from './shared';

/** `<response id="2">`, `<response>`, `<response_2>`; not the `<responses>` wrapper. */
const OPEN_TAG_RE = /<response(?:[_-]?(\d+))?(\s[^<>]*)?>/giu;
const CLOSE_TAG_RE = /<\/response(?:[_-]?\d+)?\s*>/iu;

/**
 * Fallback headings on their own line start: "Response 1:", "**Response 2**", "### Answer 3",
 * "=== Response 4 ===". Only used when no tags are present.
 */
// Every optional piece starts with a non-blank character, so blank runs cannot backtrack. The
// number must end the line or be followed by punctuation: "Option 2 is mine" is prose.
const HEADING_RE =
  /^[ \t]*(?:#{1,6}[ \t]*)?(?:(?:\*\*|__)[ \t]*)?(?:=+[ \t]*)?(?:response|answer|solution|option|version|回答|答案)[ \t]*(?:#[ \t]*)?(\d{1,3})[ \t]*(?:(?:\*\*|__)[ \t]*)?(?:=+[ \t]*)?(?:[:.)\-–—][ \t]*|$)(?:(?:\*\*|__)[ \t]*)?(?:=+[ \t]*)?/gimu;

function cleanBlock(block: string): string {
  return block.replace(/^[ \t]*(?:-{3,}|={3,}|\*{3,})[ \t]*$/gmu, '').trim();
}

function splitByTags(text: string): string[] | undefined {
  const opens = [...text.matchAll(OPEN_TAG_RE)];
  if (opens.length === 0) return undefined;
  const blocks: string[] = [];
  opens.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length;
    const next = opens[i + 1];
    const limit = next === undefined ? text.length : (next.index ?? text.length);
    const region = text.slice(start, limit);
    const close = CLOSE_TAG_RE.exec(region);
    blocks.push(close === null ? region : region.slice(0, close.index));
  });
  return blocks;
}

function splitByHeadings(text: string): string[] | undefined {
  const heads = [...text.matchAll(HEADING_RE)];
  // Keep only a 1, 2, 3, ... run so that prose such as "answer 2 is better" is not a boundary.
  const run: RegExpMatchArray[] = [];
  for (const h of heads) {
    if (Number(h[1]) === run.length + 1) run.push(h);
  }
  if (run.length === 0) return undefined;
  return run.map((h, i) => {
    const start = (h.index ?? 0) + h[0].length;
    const next = run[i + 1];
    return text.slice(start, next === undefined ? text.length : next.index);
  });
}

/** What {@link parseMultiResponseLenient} returns: every response found plus the problem, if any. */
export interface LenientResponses {
  responses: string[];
  issue: ParseFailure | null;
}

/**
 * Splits a system-prompt-sampling output into responses, reporting count problems instead of
 * failing: returns all non-empty blocks found (possibly more or fewer than k).
 * @throws RangeError if k is not a positive integer (programmer error).
 */
export function parseMultiResponseLenient(text: string, k: number): LenientResponses {
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new RangeError(`parseMultiResponse: k must be a positive integer, got ${k}`);
  }
  if (text.trim() === '') {
    return { responses: [], issue: failure('empty', 'empty output', text) };
  }
  // No NFKC here: the blocks are the responses themselves and must keep their exact characters.
  const t = dropReasoning(text);
  const blocks = splitByTags(t) ?? splitByHeadings(t);
  if (blocks === undefined) {
    return {
      responses: [],
      issue: failure('no-match', 'no <response> tags or "Response N" headings found', text),
    };
  }
  const responses = blocks.map(cleanBlock).filter((b) => b.length > 0);
  if (responses.length !== k) {
    const empties = blocks.length - responses.length;
    return {
      responses,
      issue: failure(
        'wrong-count',
        `expected ${k} responses, found ${responses.length}` +
          (empties > 0 ? ` (${empties} empty block${empties === 1 ? '' : 's'} ignored)` : ''),
        text,
      ),
    };
  }
  return { responses, issue: null };
}

/**
 * Splits a system-prompt-sampling output into exactly k responses. Reads the requested
 * `<response id="i">` tags (closing tag optional), falling back to "Response i" headings.
 * Fails with 'no-match' (no delimiters) or 'wrong-count'.
 * @throws RangeError if k is not a positive integer (programmer error).
 */
export function parseMultiResponse(text: string, k: number): ParseResult<string[]> {
  const { responses, issue } = parseMultiResponseLenient(text, k);
  return issue === null ? ok(responses) : { ok: false, error: issue };
}
