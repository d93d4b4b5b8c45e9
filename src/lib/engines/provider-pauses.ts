// Provider-wide pauses: when a provider asks for a long wait (Retry-After), every call to it holds
// until then, and the app shows the wait as a countdown instead of sleeping through it silently.

/** A provider that asked every caller to wait. */
export interface ProviderPause {
  /** Provider instance id (the concurrency limit and the pause are shared per id). */
  providerId: string;
  /** Human name for messages. */
  provider: string;
  /** Epoch ms when calls may go out again. */
  until: number;
  /** Why, in words the user can act on. */
  reason: string;
}

/** Told whenever a pause starts, is extended or ends, with every pause still running. */
export type PauseListener = (pauses: readonly ProviderPause[]) => void;

/**
 * The pauses in force, one per provider. A pause only ever grows (a later, longer Retry-After
 * extends it) and is ended by the call that started it, or when its time has passed.
 */
export class PauseBoard {
  readonly #pauses = new Map<string, ProviderPause>();
  readonly #listeners = new Set<PauseListener>();

  /** Every pause in force, oldest first. */
  list(): ProviderPause[] {
    return [...this.#pauses.values()];
  }

  /** The provider's pause, if one is in force at `now`. */
  get(providerId: string, now: number = Date.now()): ProviderPause | undefined {
    const pause = this.#pauses.get(providerId);
    return pause !== undefined && pause.until > now ? pause : undefined;
  }

  /**
   * Starts (or extends) a provider's pause.
   * @returns the pause now in force, to hand back to {@link end}
   */
  start(pause: ProviderPause): ProviderPause {
    const current = this.#pauses.get(pause.providerId);
    if (current !== undefined && current.until >= pause.until) return current;
    this.#pauses.set(pause.providerId, pause);
    this.#notify();
    return pause;
  }

  /** Ends a pause, unless a longer one replaced it meanwhile. */
  end(pause: ProviderPause): void {
    if (this.#pauses.get(pause.providerId) !== pause) return;
    this.#pauses.delete(pause.providerId);
    this.#notify();
  }

  /**
   * Listens to changes; the listener is called at once with the pauses in force.
   * @returns a function that stops listening
   */
  subscribe(listener: PauseListener): () => void {
    this.#listeners.add(listener);
    listener(this.list());
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #notify(): void {
    const pauses = this.list();
    for (const listener of this.#listeners) listener(pauses);
  }
}

/** The page's pauses, shared by every cloud engine (like the per-provider concurrency limits). */
export const providerPauses = new PauseBoard();
