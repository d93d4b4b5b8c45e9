// Messages between the page and the bundle worker, and the reader both sides share: the worker
// unzips, parses, validates and summarises a run bundle, then sends its records a slice at a time,
// each when the page asks for it.
import {
  BundleError,
  persistedFromBundle,
  readRunBundle,
  type BundleErrorCode,
} from '../bundle/import';
import { readWorkshopPack, type WorkshopPack } from '../bundle/pack';
import type { RunBundle, RunRecords } from '../bundle/schema';
import { RUN_RECORD_LISTS } from '../storage/db';
import { summarizeRun, type RunSummary } from '../pipeline/results';

/** Read one bundle file. */
export interface BundleReadRequest {
  type: 'read';
  id: number;
  fileName: string;
  /** The file's bytes; transferred to the worker, not copied. */
  bytes: ArrayBuffer;
}

/** Read one workshop pack file; answered by one `pack` (or `error`) message. */
export interface PackReadRequest {
  type: 'read-pack';
  id: number;
  fileName: string;
  /** The file's bytes; transferred to the worker, not copied. */
  bytes: ArrayBuffer;
}

/**
 * Send the next message of a read. The page asks after handling each message, so slices arrive
 * one at a time and the page's timers, input and painting run between them.
 */
export interface BundleNextRequest {
  type: 'next';
  id: number;
}

/** Every message the page sends the bundle worker. */
export type BundleWorkerRequest = BundleReadRequest | PackReadRequest | BundleNextRequest;

/** A BundleError as plain data (class instances do not survive postMessage). */
export interface BundleFailure {
  fileName: string;
  code: BundleErrorCode | 'internal';
  reason: string;
  field?: string;
  line?: number;
}

/** Records per message: receiving one slice costs the page a few ms, not the whole bundle's clone. */
export const RECORDS_PER_MESSAGE = 2000;

/** One message of the answer to a request, in order: head, records..., done (or one error). */
export type BundleReadMessage =
  | { type: 'head'; bundle: RunBundle; summary: RunSummary }
  | { type: 'records'; store: keyof RunRecords; records: readonly object[] }
  | { type: 'done' }
  | { type: 'pack'; pack: WorkshopPack }
  | { type: 'error'; failure: BundleFailure };

/** A message with the id of the request it answers. */
export type BundleReadResponse = BundleReadMessage & { id: number };

function failureOf(fileName: string, err: unknown): BundleFailure {
  if (err instanceof BundleError) {
    return {
      fileName: err.fileName,
      code: err.code,
      reason: err.reason,
      ...(err.field === undefined ? {} : { field: err.field }),
      ...(err.line === undefined ? {} : { line: err.line }),
    };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return {
    fileName,
    code: 'internal',
    reason: `The bundle could not be read (${detail}). Export it again, or report this problem.`,
  };
}

/**
 * Reads a bundle and yields it as messages: the head (the bundle without records, and its
 * summary), then its records in slices of RECORDS_PER_MESSAGE, then done. A bundle that cannot
 * be read yields one error. Never throws.
 */
export function* bundleMessages(
  request: Pick<BundleReadRequest, 'fileName' | 'bytes'>,
): Generator<BundleReadMessage, void, undefined> {
  let bundle: RunBundle;
  let summary: RunSummary;
  try {
    bundle = readRunBundle(request.fileName, new Uint8Array(request.bytes));
    summary = summarizeRun(persistedFromBundle(bundle));
  } catch (err) {
    yield { type: 'error', failure: failureOf(request.fileName, err) };
    return;
  }
  const empty = Object.fromEntries(
    RUN_RECORD_LISTS.map((store) => [store, []]),
  ) as unknown as RunRecords;
  yield { type: 'head', bundle: { ...bundle, records: empty }, summary };
  for (const store of RUN_RECORD_LISTS) {
    const list: readonly object[] = bundle.records[store];
    for (let i = 0; i < list.length; i += RECORDS_PER_MESSAGE) {
      yield { type: 'records', store, records: list.slice(i, i + RECORDS_PER_MESSAGE) };
    }
  }
  yield { type: 'done' };
}

/** Reads and validates a workshop pack: one `pack` message, or one error. Never throws. */
export function* packMessages(
  request: Pick<PackReadRequest, 'fileName' | 'bytes'>,
): Generator<BundleReadMessage, void, undefined> {
  try {
    yield { type: 'pack', pack: readWorkshopPack(request.fileName, new Uint8Array(request.bytes)) };
  } catch (err) {
    yield { type: 'error', failure: failureOf(request.fileName, err) };
  }
}

/** The error a failure message stands for (class instances do not survive postMessage). */
export function errorOf(f: BundleFailure): Error {
  if (f.code === 'internal') return new Error(`${f.fileName}: ${f.reason}`);
  return new BundleError(f.fileName, f.code, f.reason, {
    ...(f.field === undefined ? {} : { field: f.field }),
    ...(f.line === undefined ? {} : { line: f.line }),
  });
}

/** Puts the messages of one answer back together: the bundle and its summary, or the error. */
export class BundleAssembler {
  #head: { bundle: RunBundle; summary: RunSummary } | null = null;

  /**
   * Takes the next message.
   * @returns the finished bundle after `done`, a BundleError after `error`, else undefined
   */
  take(message: BundleReadMessage): { bundle: RunBundle; summary: RunSummary } | Error | undefined {
    switch (message.type) {
      case 'head':
        this.#head = { bundle: message.bundle, summary: message.summary };
        return undefined;
      case 'records': {
        const list = this.#head?.bundle.records[message.store] as object[] | undefined;
        // Pushed one by one: spreading thousands of arguments can overflow the stack.
        if (list !== undefined) for (const record of message.records) list.push(record);
        return undefined;
      }
      case 'done':
        return this.#head ?? new Error('The bundle reader sent no bundle.');
      case 'pack':
        return new Error(
          'The bundle reader sent a workshop pack where a run bundle was asked for.',
        );
      case 'error':
        return errorOf(message.failure);
    }
  }
}
