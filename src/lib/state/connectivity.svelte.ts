// Whether the browser believes it is online, kept current from its online/offline events.
// Local models keep working offline; the header says so, and cloud calls fail with OfflineError.

/** Reactive network status of the browser. */
export class Connectivity {
  #online = $state(true);

  /** @param nav the navigator to read (tests pass a stand-in) */
  constructor(nav: Pick<Navigator, 'onLine'> | undefined = globalThis.navigator) {
    this.#online = nav?.onLine ?? true;
  }

  /** False when the browser knows it has no network (true when it cannot tell). */
  get online(): boolean {
    return this.#online;
  }

  /**
   * Follows the window's online/offline events.
   * @returns a function that stops listening
   */
  listen(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
    const update = (event: Event): void => {
      this.#online = event.type === 'online';
    };
    target.addEventListener('online', update);
    target.addEventListener('offline', update);
    return () => {
      target.removeEventListener('online', update);
      target.removeEventListener('offline', update);
    };
  }
}
