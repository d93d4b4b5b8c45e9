// Shared steps of the browser tests of batch mode: the pipeline's scripted replies as the fake
// server's script, waiting for a run's status, and the numbers a run stored.
import type { Page } from 'playwright-core';
import type { ScriptInput } from '../servers/fake-providers';
import { requestKind } from '../../src/lib/pipeline/testing/scripted-engine';
import { pipelineScript } from '../../src/lib/pipeline/testing/scripts';
import type { ChatRequest } from '../../src/lib/engines/types';
import type { ChatMessage } from '../../src/lib/core/prompts';
import { waitForStatus } from './experiment-form';

/** The number a scripted sample names ("… number 102"). */
function numberIn(text: string): number {
  return Number(/number (\d+)/.exec(text)?.[1] ?? Number.NaN);
}

/**
 * The pipeline's scripted replies (pipeline/testing/scripts.ts) as the fake server's script:
 * samples name their prompt and seed + choice, the judge calls two samples equivalent when those
 * numbers have the same parity (so pair skipping has work to skip), checklists and grades are
 * the script's defaults. Replies depend only on the request, so batch and interactive agree.
 */
export function batchScript(
  prompts: readonly string[],
): (input: ScriptInput) => string | undefined {
  const reply = pipelineScript({
    sample: (prompt, request, choice) =>
      `Answer ${prompts.indexOf(prompt) + 1}, number ${(request.seed ?? 0) + choice}`,
    judge: (a, b) =>
      numberIn(a) % 2 === numberIn(b) % 2
        ? 'Same idea.\nVerdict: EQUIVALENT'
        : 'They differ.\nVerdict: DIFFERENT',
  });
  return (input) => {
    if (input.messages.length === 0) return undefined;
    const request: ChatRequest = {
      messages: input.messages as ChatMessage[],
      ...(input.seed === undefined ? {} : { seed: input.seed }),
    };
    const text = reply(request, { kind: requestKind(request), call: 1, choice: input.choiceIndex });
    return typeof text === 'string' ? text : undefined;
  };
}

/** Waits until the run panel shows `status` (batch runs poll their provider: up to 2 min). */
export function waitForRun(page: Page, status: string, timeout = 120_000): Promise<void> {
  return waitForStatus(page, status, { timeout, interval: 250 });
}

/** What a run stored that its numbers come from, without ids and times. */
export interface StoredNumbers {
  responses: string[];
  metrics: string[];
  quality: string[];
  batches: { state: string; items: number; answered: number }[];
}

/** Reads the run's stored responses, metrics, grades and batches from IndexedDB. */
export async function storedNumbers(page: Page, runId: string): Promise<StoredNumbers> {
  return page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('mmhs-playground');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    type Rec = Record<string, unknown>;
    const all = (store: string): Promise<Rec[]> =>
      new Promise((resolve, reject) => {
        const req = db.transaction(store).objectStore(store).index('byRunId').getAll(id);
        req.onsuccess = () => resolve(req.result as Rec[]);
        req.onerror = () => reject(req.error);
      });
    const [responses, metrics, judgements, batches] = await Promise.all([
      all('responses'),
      all('metrics'),
      all('judgements'),
      all('runBatches'),
    ]);
    db.close();
    const strip = (r: Rec, drop: string[]): string =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(r)
            .filter(([k]) => !drop.includes(k))
            .sort(([a], [b]) => a.localeCompare(b)),
        ),
      ).replaceAll(id, '<run>');
    const timeless = ['id', 'runId', 'createdAt', 'latencyMs', 'durationMs', 'schemaVersion'];
    return {
      responses: responses.map((r) => `${String(r.promptId)}|${String(r.text)}`).sort(),
      metrics: metrics.map((m) => strip(m, timeless)).sort(),
      quality: judgements
        .filter((j) => j.kind === 'quality')
        .map((j) => `${String(j.promptId)}|${String(j.score)}`)
        .sort(),
      batches: batches.map((b) => ({
        state: String(b.state),
        items: (b.requests as unknown[]).length,
        answered: Array.isArray(b.answered) ? b.answered.length : 0,
      })),
    };
  }, runId);
}
