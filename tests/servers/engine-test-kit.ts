// Shared pieces of the cloud engine tests: a fast retry policy, and a helper that awaits a
// failing call and returns its error after checking its class and that no key leaked.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { RetryPolicy } from '../../src/lib/engines/cloud/http';
import {
  FAKE_API_KEY,
  startFakeProviders,
  type FakeProviderOptions,
  type FakeProviders,
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
