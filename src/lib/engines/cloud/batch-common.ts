// Pieces every provider batch adapter shares: wire ids derived from item positions (providers
// restrict custom ids) and the assembly of per-wire replies into one result per item.
import type {
  BatchHandle,
  BatchItem,
  BatchItemResult,
  ChatChoice,
  ChatResult,
  TokenUsage,
} from '../types';
import { sumUsage, type PartialResult } from './common';

/**
 * The wire id of choice `choice` of item `index`. Anthropic allows only `[A-Za-z0-9_-]{1,64}`
 * and unit keys may hold any character, so positions travel instead of the keys themselves.
 */
export function wireId(index: number, choice = 0): string {
  return choice === 0 ? `i${index}` : `i${index}-c${choice}`;
}

/** Reads a wire id back into item index and choice; `null` for ids this app did not send. */
export function parseWireId(id: string): { index: number; choice: number } | null {
  const match = /^i(\d+)(?:-c(\d+))?$/.exec(id);
  if (!match) return null;
  return { index: Number(match[1]), choice: Number(match[2] ?? 0) };
}

/** One wire request's outcome as read from the provider's result file or response list. */
export type WireOutcome =
  | { ok: true; choices: ChatChoice[]; usage: TokenUsage | null }
  | { ok: false; reason: 'errored' | 'expired' | 'cancelled'; message: string };

/** How one item was sent: its wire requests (1, or n when `n` is emulated) and its description. */
export interface PreparedItem {
  /** Wire requests of this item, choice offsets 0..k-1 in order. */
  wires: number;
  describe: Omit<PartialResult, 'choices' | 'usage'>;
}

/** The handle of a batch the provider accepted under `batchId`. */
export function newHandle(
  engineId: string,
  batchId: string,
  items: readonly BatchItem[],
): BatchHandle {
  return { engineId, batchId, customIds: items.map((i) => i.customId), submittedAt: Date.now() };
}

/** Checks that the caller rebuilt the same items that were submitted. */
export function checkItems(handle: BatchHandle, items: readonly BatchItem[]): void {
  const same =
    handle.customIds.length === items.length &&
    items.every((item, i) => item.customId === handle.customIds[i]);
  if (!same) {
    throw new Error(
      `The items given for batch ${handle.batchId} are not the ones submitted; rebuild them from the run in the same order.`,
    );
  }
}

/**
 * Joins the wire outcomes of each item into its result. An item with any failed wire request
 * fails as a whole (the run retries it); a missing reply is reported as missing, or as expired
 * or cancelled when the whole batch was.
 */
export function assembleResults(
  handle: BatchHandle,
  prepared: readonly PreparedItem[],
  outcomes: ReadonlyMap<string, WireOutcome>,
  batch: { expired: boolean; cancelled: boolean; endedAt?: number },
  provider: string,
): BatchItemResult[] {
  const latencyMs = Math.max(0, (batch.endedAt ?? Date.now()) - handle.submittedAt);
  return prepared.map((item, index): BatchItemResult => {
    const customId = handle.customIds[index]!;
    const choices: ChatChoice[] = [];
    const usages: (TokenUsage | null)[] = [];
    for (let k = 0; k < item.wires; k += 1) {
      const outcome = outcomes.get(wireId(index, k));
      if (!outcome) {
        const reason = batch.expired ? 'expired' : batch.cancelled ? 'cancelled' : 'missing';
        return { customId, ok: false, reason, message: missingMessage(reason, provider) };
      }
      if (!outcome.ok)
        return { customId, ok: false, reason: outcome.reason, message: outcome.message };
      choices.push(...outcome.choices);
      usages.push(outcome.usage);
    }
    const result: ChatResult = {
      ...item.describe,
      choices,
      usage: sumUsage(usages),
      latencyMs,
    };
    return { customId, ok: true, result };
  });
}

function missingMessage(reason: 'expired' | 'cancelled' | 'missing', provider: string): string {
  if (reason === 'expired') {
    return `${provider} did not run this request before the batch's 24-hour window ended; use "Retry failed" to send it again.`;
  }
  if (reason === 'cancelled') {
    return `The ${provider} batch was cancelled before this request ran; use "Retry failed" to send it again.`;
  }
  return `${provider} returned no result for this request; use "Retry failed" to send it again.`;
}

/** Parses JSON Lines, skipping blank lines; a broken line is reported with its number. */
export function parseJsonLines(text: string): unknown[] {
  const out: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw new SyntaxError(`Line ${i + 1} of the batch results is not valid JSON.`);
    }
  });
  return out;
}
