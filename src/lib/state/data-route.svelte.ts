// Which Data tab is open, kept in the location hash (`#/data?tab=import`) so tabs can be
// bookmarked and Back works; `prompt` opens one prompt of an opened bundle.
/* eslint-disable svelte/prefer-svelte-reactivity -- Maps, Sets, URLs and URLSearchParams here are
   local temporaries (never stored in state or mutated after), so plain ones are what is needed. */

/**
 * The bundle URL of `?bundle=<url>` in a location's query string, or null. Kept here, in a module
 * without imports, because the app shell checks it on every load.
 */
export function bundleUrlFromSearch(search: string): string | null {
  return linkFromSearch(search, 'bundle');
}

function linkFromSearch(search: string, name: 'bundle' | 'pack'): string | null {
  const value = new URLSearchParams(search).get(name);
  return value === null || value.trim() === '' ? null : value.trim();
}

/** The pack URL of `?pack=<url>` (a workshop pack to open on the Workshop page), or null. */
export function packUrlFromSearch(search: string): string | null {
  return linkFromSearch(search, 'pack');
}

/** The Data area's tabs, in display order. */
export const DATA_TABS = [
  { id: 'library', label: 'Prompt library' },
  { id: 'import', label: 'Import a dataset' },
  { id: 'responses', label: 'Analyse responses' },
  { id: 'bundle', label: 'Open a shared run' },
  { id: 'storage', label: 'Stored data & export' },
] as const;

/** One tab id. */
export type DataTab = (typeof DATA_TABS)[number]['id'];

/** What the Data hash says. */
export interface DataRoute {
  tab: DataTab;
  /** A prompt of the opened bundle to show. */
  prompt?: string;
}

function isTab(value: string | null): value is DataTab {
  return DATA_TABS.some((t) => t.id === value);
}

/** Reads `#/data?tab=<id>&prompt=<id>`; anything else is the library. */
export function parseDataHash(hash: string): DataRoute {
  const query = hash.indexOf('?');
  const params = new URLSearchParams(query < 0 ? '' : hash.slice(query + 1));
  const tab = params.get('tab');
  const prompt = params.get('prompt') ?? '';
  const route: DataRoute = { tab: isTab(tab) ? tab : 'library' };
  if (prompt !== '') route.prompt = prompt;
  return route;
}

/** The hash of a Data route (inverse of {@link parseDataHash}). */
export function dataHash(route: DataRoute): string {
  const params = new URLSearchParams({ tab: route.tab });
  if (route.prompt !== undefined) params.set('prompt', route.prompt);
  return `#/data?${params.toString()}`;
}

/** Follows and changes the Data route. */
export class DataLocation {
  route = $state<DataRoute>({ tab: 'library' });
  readonly #win: Window;

  /** @param win the window whose hash holds the route */
  constructor(win: Window = window) {
    this.#win = win;
    this.route = parseDataHash(win.location.hash);
  }

  /** Starts following hash changes; returns the unsubscribe function. */
  listen(): () => void {
    const onChange = (): void => {
      if (/^#\/?data(?:[/?]|$)/.test(this.#win.location.hash)) {
        this.route = parseDataHash(this.#win.location.hash);
      }
    };
    this.#win.addEventListener('hashchange', onChange);
    return () => this.#win.removeEventListener('hashchange', onChange);
  }

  /** Opens a route (recorded in history, so Back returns). */
  go(route: DataRoute): void {
    this.route = route;
    const hash = dataHash(route);
    if (this.#win.location.hash !== hash) this.#win.location.hash = hash;
  }
}
