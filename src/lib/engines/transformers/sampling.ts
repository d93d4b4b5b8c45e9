// Pure helpers for transformers.js generation: nucleus (top-p) filtering, stop strings
// and streaming text assembly. No library or DOM imports.

/**
 * Nucleus filtering of one row of logits, in place: keeps the smallest set of most likely tokens
 * whose probabilities sum to at least `topP` and sets the rest to -Infinity. transformers.js 4.3
 * declares a TopPLogitsWarper but never applies it, so the engine brings its own.
 */
export function applyTopP(logits: Float32Array, topP: number): void {
  // p <= 0 keeps just the most likely token, as OpenAI's top_p does; NaN or p >= 1 is "off".
  if (!(topP < 1) || logits.length === 0) return;
  let max = -Infinity;
  for (const v of logits) if (v > max) max = v;
  if (max === -Infinity) return;
  const order = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]!);
  let total = 0;
  const probs = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) {
    probs[i] = Math.exp(logits[i]! - max);
    total += probs[i]!;
  }
  let cumulative = 0;
  let keep = 0;
  for (const index of order) {
    cumulative += probs[index]! / total;
    keep++;
    // Compare with a little slack so 0.1 + 0.2 style rounding does not keep one extra token.
    if (cumulative >= topP - 1e-9) break;
  }
  for (let i = keep; i < order.length; i++) logits[order[i]!] = -Infinity;
}

/** Where the earliest stop string starts in `text`, or -1. */
export function findStop(text: string, stops: readonly string[]): number {
  let first = -1;
  for (const stop of stops) {
    if (stop === '') continue;
    const at = text.indexOf(stop);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  return first;
}

/** Cut `text` before the earliest stop string; `stopped` tells whether one was found. */
export function truncateAtStop(
  text: string,
  stops: readonly string[],
): { text: string; stopped: boolean } {
  const at = findStop(text, stops);
  return at === -1 ? { text, stopped: false } : { text: text.slice(0, at), stopped: true };
}

/**
 * Turns successive decodings of the whole reply into deltas whose concatenation is exactly the
 * final text. It holds back the last unfinished word (later tokens may still change how it
 * decodes) and anything that could be the start of a stop string.
 */
export class StreamAssembler {
  readonly #stops: readonly string[];
  #emitted = '';

  /** @param stops stop strings; text from the first one on is never emitted */
  constructor(stops: readonly string[] = []) {
    this.#stops = stops.filter((s) => s !== '');
  }

  /** Text emitted so far. */
  get emitted(): string {
    return this.#emitted;
  }

  /** Feed the current decoding of the whole reply; returns the newly safe delta ('' if none). */
  update(full: string): string {
    const visible = truncateAtStop(full, this.#stops).text;
    // Anything that could still grow into a stop string stays back...
    const longestStop = this.#stops.reduce((n, s) => Math.max(n, s.length), 0);
    const limit = Math.max(0, visible.length - Math.max(0, longestStop - 1));
    // ...and so does the last unfinished word, whose decoding may change with later tokens.
    const head = visible.slice(0, limit);
    const safe = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\n')) + 1;
    return this.#advance(visible, safe);
  }

  /** Feed the final text; returns whatever was still held back. */
  finish(finalText: string): string {
    return this.#advance(finalText, finalText.length);
  }

  #advance(text: string, upTo: number): string {
    // Never retract: if decoding changed earlier text, wait for the final text to catch up.
    if (upTo <= this.#emitted.length || !text.startsWith(this.#emitted)) return '';
    const delta = text.slice(this.#emitted.length, upTo);
    this.#emitted += delta;
    return delta;
  }
}
