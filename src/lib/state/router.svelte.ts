// Hash-based navigation between the app's areas.
// Hash routing keeps the app a static bundle that works from any folder or file host.
import { areaFromHash, type AreaId } from './areas';

/** Tracks the current area and keeps it in sync with `location.hash`. */
export class Router {
  #current = $state<AreaId>('experiments');

  constructor(private readonly win: Window = window) {
    this.#current = areaFromHash(win.location.hash);
  }

  /** The area being shown. */
  get current(): AreaId {
    return this.#current;
  }

  /** Shows `area` and records it in the history so Back works. */
  navigate(area: AreaId): void {
    this.#current = area;
    const hash = `#/${area}`;
    if (this.win.location.hash !== hash) this.win.location.hash = hash;
  }

  /** Starts following hash changes (Back/Forward, edited URL); returns the unsubscribe function. */
  listen(): () => void {
    const onHashChange = (): void => {
      this.#current = areaFromHash(this.win.location.hash);
    };
    this.win.addEventListener('hashchange', onHashChange);
    return () => this.win.removeEventListener('hashchange', onHashChange);
  }
}
