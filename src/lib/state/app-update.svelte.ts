// The service worker as the user sees it: "ready to work offline", and a new version offered,
// never forced. Reloading waits while a run executes in any tab, so no run is cut off mid-call.
import type { RegisterSWOptions } from 'virtual:pwa-register';
import { runInProgress } from './run-controller.svelte';

/**
 * Where the update is.
 * - `current`: nothing to offer (or no service worker at all).
 * - `available`: a new version is installed and waits for the user.
 * - `waiting-for-run`: the user asked to reload; it happens once no run executes.
 * - `reloading`: the new version is taking over; the page reloads.
 */
export type UpdateState = 'current' | 'available' | 'waiting-for-run' | 'reloading';

/** Registers the service worker; returns the function that activates a waiting version. */
export type RegisterServiceWorker = (options: RegisterSWOptions) => () => Promise<void>;

/** What AppUpdate needs from the browser (swapped in tests). */
export interface AppUpdateDeps {
  /** Default: vite-plugin-pwa's `registerSW`, loaded lazily. */
  register?: () => Promise<RegisterServiceWorker>;
  /** Whether a run executes now in any tab (default: its Web Lock is held). */
  runActive?: () => Promise<boolean>;
  /** Reloads the page (default: `location.reload()`). */
  reload?: () => void;
  /** How often a deferred reload checks whether the run ended (default 1 s). */
  pollMs?: number;
  /** Whether this browser has service workers (default: `'serviceWorker' in navigator`). */
  supported?: () => boolean;
  /** The page's service workers (default: `navigator.serviceWorker`). */
  container?: () => Pick<ServiceWorkerContainer, 'controller' | 'addEventListener'>;
}

async function defaultRegister(): Promise<RegisterServiceWorker> {
  const { registerSW } = await import('virtual:pwa-register');
  return (options) => {
    const update = registerSW(options);
    return () => update(true);
  };
}

function defaultSupported(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator;
}

/** Offline readiness and the update prompt. */
export class AppUpdate {
  #state = $state<UpdateState>('current');
  #offlineReady = $state(false);
  #dismissed = $state(false);
  #error = $state<string | null>(null);
  #activate: (() => Promise<void>) | null = null;
  /** A new version already controls this page (activated from another tab). */
  #takenOver = false;
  #started = false;
  readonly #register: () => Promise<RegisterServiceWorker>;
  readonly #runActive: () => Promise<boolean>;
  readonly #reload: () => void;
  readonly #pollMs: number;
  readonly #supported: () => boolean;
  readonly #container: () => Pick<ServiceWorkerContainer, 'controller' | 'addEventListener'>;

  /** @param deps registration, run check and reload (defaults: the browser's) */
  constructor(deps: AppUpdateDeps = {}) {
    this.#register = deps.register ?? defaultRegister;
    this.#runActive = deps.runActive ?? (() => runInProgress());
    this.#reload = deps.reload ?? (() => location.reload());
    this.#pollMs = deps.pollMs ?? 1000;
    this.#supported = deps.supported ?? defaultSupported;
    this.#container = deps.container ?? (() => navigator.serviceWorker);
  }

  /** Where the update is. */
  get state(): UpdateState {
    return this.#state;
  }

  /** Whether the prompt is shown (an update is pending and was not put off). */
  get prompting(): boolean {
    return this.#state !== 'current' && !this.#dismissed;
  }

  /** Set once every file of the app is cached: it will load and work with the network off. */
  get offlineReady(): boolean {
    return this.#offlineReady;
  }

  /** Whether this browser can keep the app offline here (service workers need https). */
  get supported(): boolean {
    return this.#supported();
  }

  /** Why the service worker could not be registered (the app still works online). */
  get error(): string | null {
    return this.#error;
  }

  /** Registers the service worker once; does nothing where browsers have none. */
  async start(): Promise<void> {
    if (this.#started || !this.#supported()) return;
    this.#started = true;
    // A change of controller is either the first visit being claimed (no controller before), the
    // version this page asked for taking over (reload into it), or one another tab activated
    // (offer a reload). vite-plugin-pwa only tells pages loaded under a controller, so the
    // controller is watched here.
    const container = this.#container();
    let controlled = container.controller !== null;
    container.addEventListener('controllerchange', () => {
      if (this.#state === 'reloading') this.#reload();
      else if (controlled) {
        this.#takenOver = true;
        this.#offer();
      }
      controlled = true;
    });
    try {
      const register = await this.#register();
      this.#activate = register({
        onOfflineReady: () => {
          this.#offlineReady = true;
        },
        // On later visits the worker is already active: the app is stored from the start.
        onRegisteredSW: (_url: string, registration: ServiceWorkerRegistration | undefined) => {
          if (registration?.active) this.#offlineReady = true;
        },
        onNeedRefresh: () => {
          this.#offlineReady = true;
          this.#offer();
        },
        // Given, so that the plugin never reloads on its own; `controllerchange` decides.
        onNeedReload: () => undefined,
        onRegisterError: (err: unknown) => {
          this.#error = `Offline use is not available: the service worker could not be registered (${
            err instanceof Error ? err.message : String(err)
          }).`;
        },
      });
    } catch (err) {
      this.#error = `Offline use is not available: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  #offer(): void {
    if (this.#state === 'current') this.#state = 'available';
    this.#dismissed = false;
  }

  /**
   * The user chose to reload into the new version. While a run executes (in any tab), the reload
   * waits until it has ended; the prompt says so.
   */
  async apply(): Promise<void> {
    if (this.#state === 'current' || this.#state === 'reloading') return;
    this.#dismissed = false;
    if (await this.#runActive()) {
      this.#state = 'waiting-for-run';
      while (await this.#runActive()) {
        await new Promise((resolve) => setTimeout(resolve, this.#pollMs));
        if (this.#state !== 'waiting-for-run') return; // put off meanwhile
      }
    }
    this.#state = 'reloading';
    if (this.#takenOver || this.#activate === null) {
      this.#reload();
      return;
    }
    // The waiting worker takes over; its `controllerchange` then reloads the page.
    await this.#activate();
  }

  /** Hides the prompt for now; the next update, or the next visit, offers it again. */
  dismiss(): void {
    this.#dismissed = true;
    if (this.#state === 'waiting-for-run') this.#state = 'available';
  }
}

let shared: AppUpdate | undefined;

/** The app-wide instance. */
export function getAppUpdate(): AppUpdate {
  shared ??= new AppUpdate();
  return shared;
}
