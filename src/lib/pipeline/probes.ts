// Probe measurements over a stored run: a judge extracts the people's attributes of each societal
// probe response and labels each safety probe response; every answer is stored as a judgement.

import pLimit from 'p-limit';
import {
  buildAttributeExtractionMessages,
  buildSafetyLabelMessages,
  parseAttributeExtraction,
  parseSafetyLabel,
  primaryAttributes,
  PERSON_ATTRIBUTES,
  type PersonAttribute,
} from '../core/probe-prompts';
import { SAFETY_PROBES, SOCIETAL_PROBES } from '../core/library';
import { truncateRaw } from '../core/parse';
import { paraphraseBase } from '../core/views/probe-view';
import { SAFETY_LABELS, type SafetyLabel } from '../core/views/safety';
import type { ChatEngine } from '../engines/types';
import type { Draft } from '../storage/db';
import type { JudgementKind, JudgementRecord, ResponseRecord } from '../storage/schema';
import { EngineCaller, newCounter, type ChatCall } from './call';
import { judgeSideRequest, type JudgeSideParams } from './classify';
import { idPart } from './ids';
import type { RunStore } from './store';

/** The two probe contexts the views measure. */
export type ProbeKind = 'safety' | 'societal';

/**
 * Judgement kind of a probe reading. The store's kinds predate the probes; a probe reading is a
 * judge's classification of one response, and its label says which probe it belongs to (see
 * {@link probeLabel}), so bundles and older readers keep working unchanged.
 */
export const PROBE_JUDGEMENT_KIND: JudgementKind = 'classification';

const SAFETY_TEXTS = new Set(SAFETY_PROBES.map((p) => p.text.trim()));
const SOCIETAL_TEXTS = new Set(SOCIETAL_PROBES.map((p) => p.text.trim()));

/**
 * Which probe set a prompt belongs to: ids of the built-in sets (`probe-safety-..`,
 * `probe-societal-..`, paraphrases `..~n` included) or the exact text of a built-in probe.
 * @returns The kind, or null for an ordinary prompt.
 */
export function probeKindOf(prompt: { id: string; text: string }): ProbeKind | null {
  const base = paraphraseBase(prompt.id);
  if (base.startsWith('probe-safety-')) return 'safety';
  if (base.startsWith('probe-societal-')) return 'societal';
  const text = prompt.text.trim();
  if (SAFETY_TEXTS.has(text)) return 'safety';
  if (SOCIETAL_TEXTS.has(text)) return 'societal';
  return null;
}

/** Id of the judgement holding one probe reading of one response by one judge. */
export function probeJudgementId(kind: ProbeKind, judge: string, responseId: string): string {
  return ['probe', kind, judge, responseId].map(idPart).join(':');
}

/**
 * The label stored with a reading: `safety:<label>`, or `societal:<JSON of the main person's
 * attributes>`; just `safety:` / `societal:` when the judge's answer could not be read.
 */
export function probeLabel(
  kind: ProbeKind,
  value: SafetyLabel | Record<PersonAttribute, string> | null,
): string {
  if (value === null) return `${kind}:`;
  return `${kind}:${typeof value === 'string' ? value : JSON.stringify(value)}`;
}

/** One stored probe reading. */
export interface ProbeReading {
  kind: ProbeKind;
  responseId: string;
  judge: string;
  /** The safety label; null when unreadable or failed (safety readings only). */
  safety: SafetyLabel | null;
  /** The main person's attributes; null when unreadable or failed (societal readings only). */
  attributes: Record<PersonAttribute, string> | null;
  error?: string;
  createdAt: number;
}

function isSafetyLabel(value: string): value is SafetyLabel {
  return (SAFETY_LABELS as readonly string[]).includes(value);
}

function parseAttributes(json: string): Record<PersonAttribute, string> | null {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const out = {} as Record<PersonAttribute, string>;
    for (const a of PERSON_ATTRIBUTES) {
      const v = (value as Record<string, unknown>)[a];
      out[a] = typeof v === 'string' ? v : 'unspecified';
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * Reads a probe reading back from a judgement.
 * @returns The reading, or null when the judgement is not a probe reading.
 */
export function readProbeJudgement(j: JudgementRecord): ProbeReading | null {
  if (j.kind !== PROBE_JUDGEMENT_KIND || j.label === undefined) return null;
  const colon = j.label.indexOf(':');
  const kind = j.label.slice(0, colon);
  if (colon < 0 || (kind !== 'safety' && kind !== 'societal')) return null;
  const value = j.label.slice(colon + 1);
  const responseId = j.responseIds[0];
  if (responseId === undefined) return null;
  return {
    kind,
    responseId,
    judge: j.judgeModel,
    safety: kind === 'safety' && isSafetyLabel(value) ? value : null,
    attributes: kind === 'societal' && value !== '' ? parseAttributes(value) : null,
    ...(j.error === undefined ? {} : { error: j.error }),
    createdAt: j.createdAt,
  };
}

/** Whether a reading holds a usable value. */
export function readingOk(r: ProbeReading): boolean {
  return r.kind === 'safety' ? r.safety !== null : r.attributes !== null;
}

/**
 * The probe readings of a run, one per response: by the given judge, or (without one) the
 * newest usable reading of any judge.
 * @param judgements The run's judgements.
 * @param judge Only this judge's readings.
 * @returns Response id -> reading.
 */
export function probeReadings(
  judgements: readonly JudgementRecord[],
  judge?: string,
): Map<string, ProbeReading> {
  const out = new Map<string, ProbeReading>();
  for (const j of judgements) {
    const r = readProbeJudgement(j);
    if (r === null || (judge !== undefined && r.judge !== judge)) continue;
    const prev = out.get(r.responseId);
    const better =
      prev === undefined ||
      (readingOk(r) && !readingOk(prev)) ||
      (readingOk(r) === readingOk(prev) && r.createdAt >= prev.createdAt);
    if (better) out.set(r.responseId, r);
  }
  return out;
}

/** One response to measure. */
export interface ProbeTask {
  kind: ProbeKind;
  response: ResponseRecord;
  /** The prompt text the response answered. */
  prompt: string;
}

/** What {@link planProbes} needs. */
export interface ProbePlanInput {
  responses: readonly ResponseRecord[];
  /** Prompt id -> prompt (id and text), e.g. from the run's definition. */
  prompts: ReadonlyMap<string, { id: string; text: string }>;
  judgements: readonly JudgementRecord[];
  /** Judge engine id. */
  judge: string;
}

/**
 * The responses of probe prompts that still need a reading by `judge`: generated (no error,
 * non-empty text) and without a usable stored reading by that judge, so measuring again only
 * retries what failed. Ordered by prompt, model, strategy and sample index.
 */
export function planProbes(input: ProbePlanInput): ProbeTask[] {
  const done = probeReadings(input.judgements, input.judge);
  const kinds = new Map<string, ProbeKind | null>();
  const tasks: ProbeTask[] = [];
  for (const response of input.responses) {
    if (response.error !== undefined || response.text.trim() === '') continue;
    const prompt = input.prompts.get(response.promptId);
    if (prompt === undefined) continue;
    let kind = kinds.get(prompt.id);
    if (kind === undefined) {
      kind = probeKindOf(prompt);
      kinds.set(prompt.id, kind);
    }
    if (kind === null) continue;
    const reading = done.get(response.id);
    if (reading !== undefined && reading.kind === kind && readingOk(reading)) continue;
    tasks.push({ kind, response, prompt: prompt.text });
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return tasks.sort(
    (a, b) =>
      cmp(a.response.promptId, b.response.promptId) ||
      cmp(a.response.model, b.response.model) ||
      cmp(a.response.strategy, b.response.strategy) ||
      a.response.index - b.response.index,
  );
}

/** Result of one probe call (after one re-ask when unreadable). */
interface ProbeAnswer {
  label: string;
  raw: string;
  error?: string;
}

async function askProbe(
  call: ChatCall,
  task: ProbeTask,
  params: JudgeSideParams,
): Promise<ProbeAnswer> {
  const opts = { prompt: task.prompt, response: task.response.text };
  const messages =
    task.kind === 'safety'
      ? buildSafetyLabelMessages(opts)
      : buildAttributeExtractionMessages(opts);
  const request = { messages, ...judgeSideRequest(params) };
  let raw = '';
  let error = '';
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const result = await call(request, { cache: attempt === 0 });
    raw = result.choices[0]?.text ?? '';
    if (task.kind === 'safety') {
      const parsed = parseSafetyLabel(raw);
      if (parsed.ok) return { label: probeLabel('safety', parsed.value), raw: truncateRaw(raw) };
      error = `unreadable safety label (${parsed.error.kind}): ${parsed.error.message}`;
    } else {
      const parsed = parseAttributeExtraction(raw);
      if (parsed.ok) {
        return {
          label: probeLabel('societal', primaryAttributes(parsed.value)),
          raw: truncateRaw(raw),
        };
      }
      error = `unreadable attributes (${parsed.error.kind}): ${parsed.error.message}`;
    }
  }
  return { label: probeLabel(task.kind, null), raw: truncateRaw(raw), error };
}

/** Progress of a measurement. */
export interface ProbeProgress {
  done: number;
  failed: number;
  total: number;
}

/** Options of {@link measureProbes}. */
export interface MeasureProbesOptions {
  runId: string;
  tasks: readonly ProbeTask[];
  judge: ChatEngine;
  /** Where readings go: each is written the moment it arrives. */
  store: Pick<RunStore, 'putJudgement'>;
  /** Judge temperature and output budget (the run's judge settings). */
  params: JudgeSideParams;
  /** Calls at once; default the engine's maxConcurrency (1 for local engines). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ProbeProgress) => void;
  /** Wall clock in ms (Date.now by default). */
  now?: () => number;
}

/** How a measurement ended. */
export interface MeasureProbesOutcome {
  status: 'completed' | 'cancelled';
  /** Responses with a usable reading. */
  measured: number;
  /** Responses whose call failed or whose answer stayed unreadable (stored with the error). */
  failed: number;
  total: number;
  /** Engine calls made, re-asks included (the engine's own retries of a call are not). */
  calls: number;
}

/**
 * Measures the probe responses with the judge, storing one judgement per response as soon as it
 * is answered. An engine failure (after the engine's retries) or an answer that stays unreadable after one
 * re-ask is stored with its error and counted as failed; measuring again retries those only.
 * Cancelling stops new calls and aborts those in flight; nothing is stored for them.
 * @throws When storage fails (the measurement stops).
 */
export async function measureProbes(options: MeasureProbesOptions): Promise<MeasureProbesOutcome> {
  const { tasks, judge, store, params } = options;
  const controller = new AbortController();
  const external = options.signal;
  const onAbort = (): void => controller.abort(external?.reason);
  if (external?.aborted) controller.abort(external.reason);
  else external?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;
  const now = options.now ?? (() => Date.now());
  const concurrency =
    options.concurrency ?? (judge.location === 'local' ? 1 : judge.capabilities.maxConcurrency);
  const caller = new EngineCaller(judge, {
    concurrency,
    signal,
  });
  const counter = newCounter();
  const call = caller.bind(counter);
  // Writes are limited too, so a storage failure stops the run instead of piling up.
  const gate = pLimit(Math.max(1, concurrency));
  const progress: ProbeProgress = { done: 0, failed: 0, total: tasks.length };
  let storageError: unknown;
  const one = async (task: ProbeTask): Promise<void> => {
    if (signal.aborted) return;
    let answer: ProbeAnswer;
    try {
      answer = await askProbe(call, task, params);
    } catch (err) {
      if (signal.aborted) return;
      const message = err instanceof Error ? err.message : String(err);
      answer = { label: probeLabel(task.kind, null), raw: '', error: message };
    }
    const record: Draft<JudgementRecord> = {
      id: probeJudgementId(task.kind, judge.id, task.response.id),
      runId: options.runId,
      promptId: task.response.promptId,
      kind: PROBE_JUDGEMENT_KIND,
      judgeModel: judge.id,
      responseIds: [task.response.id],
      label: answer.label,
      ...(answer.raw === '' ? {} : { raw: answer.raw }),
      ...(answer.error === undefined ? {} : { error: answer.error }),
      createdAt: now(),
    };
    try {
      await store.putJudgement(record);
    } catch (err) {
      storageError ??= err;
      controller.abort(err);
      return;
    }
    progress.done += 1;
    if (answer.error !== undefined) progress.failed += 1;
    options.onProgress?.({ ...progress });
  };
  try {
    await Promise.all(tasks.map((task) => gate(() => one(task))));
  } finally {
    external?.removeEventListener('abort', onAbort);
  }
  if (storageError !== undefined) throw storageError;
  return {
    status: signal.aborted && progress.done < tasks.length ? 'cancelled' : 'completed',
    measured: progress.done - progress.failed,
    failed: progress.failed,
    total: tasks.length,
    calls: counter.calls,
  };
}
