// AppUpdate without a browser: offline readiness, the update offer, and reloads that wait for a
// running experiment instead of cutting it off.
import { describe, expect, it } from 'vitest';
import type { RegisterSWOptions } from 'virtual:pwa-register';
import { AppUpdate, type AppUpdateDeps } from './app-update.svelte';
import { Connectivity } from './connectivity.svelte';
import { RUN_LOCK_PREFIX, runInProgress } from './run-controller.svelte';

/** A fake service worker registration the test drives through the hooks it was given. */
function fakeWorker(overrides: Partial<AppUpdateDeps> = {}, controlled = true) {
  let hooks: RegisterSWOptions = {};
  const log: string[] = [];
  let running = false;
  const container = Object.assign(new EventTarget(), {
    controller: controlled ? ({} as ServiceWorker) : null,
  });
  const update = new AppUpdate({
    container: () => container,
    register: async () => (options) => {
      hooks = options;
      return async () => {
        log.push('skip-waiting');
      };
    },
    runActive: async () => running,
    reload: () => log.push('reload'),
    pollMs: 5,
    supported: () => true,
    ...overrides,
  });
  return {
    update,
    log,
    hooks: () => hooks,
    /** A new service worker takes control of the page. */
    takeOver: () => container.dispatchEvent(new Event('controllerchange')),
    setRunning: (value: boolean) => {
      running = value;
    },
  };
}

const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

/** An update offered while a run holds the lock, and the user asked to apply it. */
async function applyWhileRunning() {
  const worker = fakeWorker();
  await worker.update.start();
  worker.hooks().onNeedRefresh?.();
  worker.setRunning(true);
  const applying = worker.update.apply();
  await tick();
  return { ...worker, applying };
}

describe('AppUpdate', () => {
  it.each<[string, (h: RegisterSWOptions) => void, boolean]>([
    ['first install', (h) => h.onOfflineReady?.(), true],
    [
      'a later visit (worker already active)',
      (h) => h.onRegisteredSW?.('sw.js', { active: {} } as ServiceWorkerRegistration),
      true,
    ],
    [
      'registered, still installing',
      (h) => h.onRegisteredSW?.('sw.js', { active: null } as ServiceWorkerRegistration),
      false,
    ],
  ])('offline readiness: %s', async (_label, fire, ready) => {
    const { update, hooks } = fakeWorker();
    await update.start();
    fire(hooks());
    expect(update.offlineReady).toBe(ready);
    expect(update.prompting).toBe(false);
  });

  it.each([
    ['a page loaded under a controller', true],
    // The first visit, claimed by the worker: the plugin would not report the takeover.
    ['the first visit', false],
  ])('offers a waiting version to %s and reloads into it only when asked', async (_l, ctl) => {
    const { update, hooks, log, takeOver } = fakeWorker({}, ctl);
    await update.start();
    if (!ctl) takeOver(); // clientsClaim on the first visit: not an update
    expect(update.prompting).toBe(false);
    hooks().onNeedRefresh?.();
    expect(update.state).toBe('available');
    expect(update.prompting).toBe(true);
    expect(log).toEqual([]);
    hooks().onNeedReload?.();
    expect(log).toEqual([]);
    await update.apply();
    expect(update.state).toBe('reloading');
    expect(log).toEqual(['skip-waiting']);
    // The new worker takes control: now the page reloads.
    takeOver();
    expect(log).toEqual(['skip-waiting', 'reload']);
  });

  it('waits for a running experiment before reloading', async () => {
    const { update, log, setRunning, applying } = await applyWhileRunning();
    expect(update.state).toBe('waiting-for-run');
    expect(log).toEqual([]);
    setRunning(false);
    await applying;
    expect(update.state).toBe('reloading');
    expect(log).toEqual(['skip-waiting']);
  });

  it('"Not now" while waiting stops the deferred reload', async () => {
    const { update, log, setRunning, applying } = await applyWhileRunning();
    update.dismiss();
    expect(update.prompting).toBe(false);
    setRunning(false);
    await applying;
    expect(update.state).toBe('available');
    expect(log).toEqual([]);
  });

  it('never reloads on its own when another tab activated the new version', async () => {
    const { update, hooks, log, takeOver } = fakeWorker();
    await update.start();
    hooks().onNeedRefresh?.();
    update.dismiss();
    hooks().onNeedReload?.();
    takeOver();
    expect(log).toEqual([]);
    expect(update.prompting).toBe(true);
    // The new worker already controls the page: Reload just reloads.
    await update.apply();
    expect(log).toEqual(['reload']);
  });

  it.each<[string, Partial<AppUpdateDeps>, string | null]>([
    ['no service workers in this browser', { supported: () => false }, null],
    [
      'registration fails',
      {
        register: async () => (options) => {
          options.onRegisterError?.(new Error('SecurityError: insecure origin'));
          return async () => undefined;
        },
      },
      'Offline use is not available: the service worker could not be registered (SecurityError: insecure origin).',
    ],
    [
      'the registration module does not load',
      { register: () => Promise.reject(new Error('chunk failed')) },
      'Offline use is not available: chunk failed',
    ],
  ])('%s', async (_label, deps, error) => {
    const { update } = fakeWorker(deps);
    await update.start();
    expect(update.error).toBe(error);
    expect(update.offlineReady).toBe(false);
    await update.apply();
    expect(update.state).toBe('current');
  });
});

describe('runInProgress', () => {
  it.each<[string, LockManager | undefined, boolean]>([
    ['no Web Locks', undefined, false],
    ['no locks held', locksHolding([]), false],
    ['another lock held', locksHolding(['something-else']), false],
    ['a run lock held', locksHolding(['other', `${RUN_LOCK_PREFIX}run-1`]), true],
  ])('%s', async (_label, locks, expected) => {
    await expect(runInProgress(locks)).resolves.toBe(expected);
  });
});

function locksHolding(names: string[]): LockManager {
  return {
    query: async () => ({ held: names.map((name) => ({ name, mode: 'exclusive' })), pending: [] }),
  } as unknown as LockManager;
}

describe('Connectivity', () => {
  it.each<[string, boolean | undefined, string[], boolean]>([
    ['starts offline', false, [], false],
    ['starts online', true, [], true],
    ['unknown counts as online', undefined, [], true],
    ['goes offline', true, ['offline'], false],
    ['comes back', false, ['offline', 'online'], true],
  ])('%s', (_label, onLine, events, expected) => {
    const target = new EventTarget();
    const status = new Connectivity(onLine === undefined ? undefined : { onLine });
    const stop = status.listen(target);
    for (const type of events) target.dispatchEvent(new Event(type));
    expect(status.online).toBe(expected);
    stop();
    target.dispatchEvent(new Event(expected ? 'offline' : 'online'));
    expect(status.online).toBe(expected);
  });
});
