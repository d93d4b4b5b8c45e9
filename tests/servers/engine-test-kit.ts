// Shared pieces of the cloud engine tests: a fast retry policy, and a helper that awaits a
// failing call and returns its error after checking its class and that no key leaked.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { RetryPolicy } from '../../src/lib/engines/cloud/http';
import {
  ProviderServerError,
  TruncatedResponseError,
  type EngineError,
} from '../../src/lib/engines/errors';
import type { ChatRequest, ChatResult } from '../../src/lib/engines/types';
import {
  FAKE_API_KEY,
  startFakeProviders,
  type FakeProviderOptions,
  type FakeProviders,
  type FaultKind,
  type FaultOptions,
} from './fake-providers';

/**
 * Starts the fake providers for a test file, resets them before each test and closes them after
 * the file; read `kit.server` inside tests.
 */
export function useFakeProviders(options: FakeProviderOptions = {}): { server: FakeProviders } {
  const kit = {} as { server: FakeProviders };
  beforeAll(async () => {
    kit.server = await startFakeProviders(options);
  });
  afterAll(async () => {
    await kit.server.close();
  });
  beforeEach(() => {
    kit.server.reset();
  });
  return kit;
}

/** Retries with millisecond waits (`Retry-After: 1` becomes 20 ms) and a 3 s timeout. */
export const FAST_RETRY: Partial<RetryPolicy> = {
  baseDelayMs: 2,
  maxDelayMs: 10,
  timeoutMs: 3_000,
  delayScale: 0.02,
};

/** A short timeout for the `hang` fault cases (the fake server holds those for 60 s). */
export const HANG_RETRY: Partial<RetryPolicy> = { ...FAST_RETRY, timeoutMs: 300 };

/** A probe that says "server down", so Node tests never take the CORS branch by accident. */
export const NO_PROBE = (): Promise<boolean> => Promise.resolve(false);

/** Awaits `promise`, expects it to reject with `errorClass`, and checks the key never shows. */
export async function expectFailure<E extends Error>(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => E,
): Promise<E> {
  let caught: unknown = null;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught, 'the call should have failed').toBeInstanceOf(errorClass);
  const error = caught as E;
  expect(error.message).not.toContain(FAKE_API_KEY);
  // OpenAI's 401 echoes a masked key ("sk-fake-****cdef"); not even that may reach the user.
  expect(error.message).not.toMatch(/sk-fake|cdef/);
  expect(JSON.stringify(error)).not.toContain(FAKE_API_KEY);
  return error;
}

/** How the shared stream-fault tests reach one cloud engine and its fake provider. */
export interface StreamFaultTarget {
  setFault(kind: FaultKind, options?: FaultOptions): void;
  chat(request: ChatRequest): Promise<ChatResult>;
  /** Chat requests the fake provider received so far. */
  sent(): number;
}

/**
 * The stream faults every cloud engine handles alike: a stream failing after its first token is
 * reported and not retried; a reply cut off before any output is retried.
 * @param target the engine under test and its fake provider
 */
export function streamFaultTests(target: () => StreamFaultTarget): void {
  it.each<[FaultKind, new (...a: never[]) => EngineError]>([
    ['stream-error', ProviderServerError],
    ['cut-stream', TruncatedResponseError],
  ])(
    'a stream failing after the first token (%s) is reported, not retried',
    async (kind, errorClass) => {
      const t = target();
      t.setFault(kind, { times: 9 });
      const deltas: string[] = [];
      await expectFailure(
        t.chat({
          messages: [{ role: 'user', content: 'one two three four' }],
          onToken: (d) => deltas.push(d),
        }),
        errorClass,
      );
      expect(deltas.length).toBeGreaterThan(0);
      expect(t.sent()).toBe(1);
    },
  );

  it('a reply cut off before any output is retried', async () => {
    const t = target();
    t.setFault('cut-stream');
    const result = await t.chat({ messages: [{ role: 'user', content: 'again' }] });
    // Reply #1 was generated and lost with the cut connection.
    expect(result.choices[0]?.text).toBe('Reply #2 to: again');
    expect(t.sent()).toBe(2);
  });
}
