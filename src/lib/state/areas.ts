// The app's top-level areas, in navigation order, with what each is for.
// Plain data so the router, the shell and the tests agree on one list.

/** Identifier of a top-level area of the app. */
export type AreaId = 'experiments' | 'results' | 'framework' | 'data' | 'settings' | 'workshop';

/** A navigable area of the app. */
export interface Area {
  readonly id: AreaId;
  readonly label: string;
  readonly summary: string;
  /** False for pages reached from links only (not listed in the main navigation). */
  readonly nav?: false;
}

/** The areas in navigation order; the first one is the default route. */
export const AREAS: readonly Area[] = [
  {
    id: 'experiments',
    label: 'Experiments',
    summary: 'Define a run: prompts, models, sampling strategies and k responses per prompt.',
  },
  {
    id: 'results',
    label: 'Results',
    summary: 'Functional classes, general metrics, quality and accuracy for each run.',
  },
  {
    id: 'framework',
    label: 'Framework',
    summary: 'The task taxonomy and the Magic, Madness, Heaven, Sin framework.',
  },
  {
    id: 'data',
    label: 'Data',
    summary: 'Prompt library, benchmark imports, existing responses, export and sharing.',
  },
  {
    id: 'settings',
    label: 'Settings',
    summary: 'Local and cloud models, API keys, default generator, judge and embedding models.',
  },
  {
    id: 'workshop',
    label: 'Workshop',
    summary: "A workshop pack's guide, its finished runs, and the same experiment to run yourself.",
    nav: false,
  },
];

/** The areas listed in the main navigation, in order. */
export const NAV_AREAS: readonly Area[] = AREAS.filter((area) => area.nav !== false);

/** Returns true when `value` names an area. */
export function isAreaId(value: string): value is AreaId {
  return AREAS.some((area) => area.id === value);
}

/**
 * Reads the area from a location hash such as `#/results`; unknown or empty hashes fall back
 * to the first area so a stale bookmark still opens the app.
 */
export function areaFromHash(hash: string): AreaId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return isAreaId(id) ? id : AREAS[0]!.id;
}
