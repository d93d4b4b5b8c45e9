// Which Results view is open (runs list, one run, one prompt of a run), kept in the location
// hash (`#/results?run=<id>&prompt=<id>`) so views can be bookmarked and Back works.
import { parseResultsHash, resultsHash, type ResultsRoute } from './results-view';

/** Follows and changes the Results route. */
export class ResultsLocation {
  route = $state<ResultsRoute>({});
  readonly #win: Window;

  /** @param win the window whose hash holds the route */
  constructor(win: Window = window) {
    this.#win = win;
    this.route = parseResultsHash(win.location.hash);
  }

  /** Starts following hash changes; returns the unsubscribe function. */
  listen(): () => void {
    const onChange = (): void => {
      this.route = parseResultsHash(this.#win.location.hash);
    };
    this.#win.addEventListener('hashchange', onChange);
    return () => this.#win.removeEventListener('hashchange', onChange);
  }

  /** The hash of a route, for links. */
  href(route: ResultsRoute): string {
    return resultsHash(route);
  }

  /** Opens a view (recorded in history, so Back returns). */
  go(route: ResultsRoute): void {
    this.route = route;
    const hash = resultsHash(route);
    if (this.#win.location.hash !== hash) this.#win.location.hash = hash;
  }
}
