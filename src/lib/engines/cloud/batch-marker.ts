// Idempotent batch creation: a create whose reply was lost (or a reload mid-create) looks for the
// batch it may already have made, by a marker the provider keeps, before creating another.
import type OpenAI from 'openai';
import type Anthropic from '@anthropic-ai/sdk';
import type { BatchJob, GoogleGenAI } from '@google/genai';
import type { BatchSubmitMarker } from '../types';
import type { AttemptContext } from './http';

/** The OpenAI batch `metadata` key that carries the marker. */
export const MARKER_KEY = 'mmhs_batch';

/** Clock difference allowed between this device and the provider when comparing times. */
const SKEW_MS = 60_000;

/** Batches listed when looking for a marker: the newest ones are where a lost create is. */
const LOOKUP_PAGE = 100;

/**
 * Creates a batch at most once: on a retried attempt, or when a submission saved before a reload
 * is sent again, it first asks `find` for a batch carrying the marker and returns that one.
 * A first attempt creates directly (no extra request in the common case).
 */
export async function findOrCreate<T>(
  ctx: AttemptContext,
  marker: BatchSubmitMarker | undefined,
  find: (marker: BatchSubmitMarker) => Promise<T | undefined>,
  create: () => Promise<T>,
): Promise<T> {
  if (marker !== undefined && (ctx.attempt > 1 || marker.resumed === true)) {
    const found = await find(marker);
    if (found !== undefined) return found;
  }
  return create();
}

/** OpenAI: the batch whose `metadata` holds the marker. */
export async function findOpenAIBatch(
  client: OpenAI,
  marker: BatchSubmitMarker,
  signal: AbortSignal,
): Promise<OpenAI.Batches.Batch | undefined> {
  const page = await client.batches.list({ limit: LOOKUP_PAGE }, { signal });
  return page.data.find((b) => b.metadata?.[MARKER_KEY] === marker.marker);
}

/**
 * Anthropic keeps no metadata on a message batch and shows its custom ids only once it ended, so
 * the lookup takes the newest batch created since the marker was saved with the same number of
 * requests. Another client creating an equal-sized batch in that minute could be taken for it.
 */
export async function findAnthropicBatch(
  client: Anthropic,
  marker: BatchSubmitMarker,
  requests: number,
  signal: AbortSignal,
): Promise<Anthropic.Messages.Batches.MessageBatch | undefined> {
  const page = await client.messages.batches.list({ limit: LOOKUP_PAGE }, { signal });
  return page.data.find((b) => {
    const c = b.request_counts;
    const total = c.processing + c.succeeded + c.errored + c.canceled + c.expired;
    return total === requests && Date.parse(b.created_at) >= marker.since - SKEW_MS;
  });
}

/** Gemini: the batch whose display name is the marker. */
export async function findGeminiBatch(
  client: GoogleGenAI,
  marker: BatchSubmitMarker,
  signal: AbortSignal,
): Promise<BatchJob | undefined> {
  const pager = await client.batches.list({
    config: { pageSize: LOOKUP_PAGE, abortSignal: signal },
  });
  return pager.page.find((job) => job.displayName === marker.marker);
}
