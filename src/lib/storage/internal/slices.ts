// Write helpers used inside one transaction: marking queued requests as observed, and writing
// many records in time slices that give the page the main thread back without a second transaction.

/**
 * Mark a request promise as observed and return it unchanged. When a transaction aborts
 * half-way (e.g. a later put throws synchronously), requests already queued reject with
 * AbortError; observing each one as soon as it exists keeps those from surfacing as unhandled
 * rejections while Promise.all still sees the first failure. Use it in transact() callbacks
 * that queue several requests before awaiting them.
 */
export function observed<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}

/** Milliseconds of write requests queued at a time before the page gets the main thread back. */
export const WRITE_SLICE_MS = 25;

/** Options of {@link writeInSlices}. */
export interface SliceOptions<T> {
  /** `add` refuses a key that exists; `put` replaces it (default). */
  mode?: 'put' | 'add';
  /** Turns a value into the record written (e.g. stamps its schema version), slice by slice. */
  prepare?: (value: T) => unknown;
  /** Queue for about this many ms per slice (default WRITE_SLICE_MS). */
  sliceMs?: number;
  /** Told the number of values written so far after each slice. */
  onProgress?: (written: number) => void;
}

/**
 * Writes many records into `store` of an open read-write transaction without holding the main
 * thread: requests are queued for about `sliceMs` (cloning records is the cost), then only the
 * slice's last request is awaited before the next slice. A request is always pending, so the
 * transaction stays active and stays ONE transaction (all or nothing), while input, timers and
 * painting run between the requests' success events. Raw requests are used because a promise
 * per record costs more than the write. Rejects with the first failing request's error (the
 * transaction then aborts, and transact() reports it); a value that cannot be cloned throws.
 * @param store the raw object store (`unwrap(tx.objectStore(name))`)
 */
export async function writeInSlices<T>(
  store: IDBObjectStore,
  values: readonly T[],
  options: SliceOptions<T> = {},
): Promise<void> {
  const { mode = 'put', prepare, sliceMs = WRITE_SLICE_MS, onProgress } = options;
  // The first failure is the cause; the requests after it only report the abort.
  let failure: unknown;
  const onError = (event: Event): void => {
    failure ??= (event.target as IDBRequest).error;
  };
  let i = 0;
  while (i < values.length) {
    const started = performance.now();
    let last: IDBRequest | undefined;
    do {
      const value = prepare === undefined ? values[i] : prepare(values[i]!);
      last = mode === 'add' ? store.add(value) : store.put(value);
      last.addEventListener('error', onError);
      i += 1;
      // Reading the clock costs little next to a structured clone, but not nothing.
    } while (i < values.length && (i % 16 !== 0 || performance.now() - started < sliceMs));
    await settled(last).catch((err: unknown) => {
      throw failure ?? err;
    });
    onProgress?.(i);
  }
}

/** Resolves when a request succeeds, rejects with its error when it fails. */
function settled(request: IDBRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    request.addEventListener('success', () => resolve(), { once: true });
    request.addEventListener('error', () => reject(request.error), { once: true });
  });
}
