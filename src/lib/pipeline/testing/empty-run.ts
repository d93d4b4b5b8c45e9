// A stored run with no records at all (no run record, no definition), for tests of what empty
// input gives.
import type { PersistedRun } from '../store';

/** A fresh empty run: every record list empty, no run record and no definition. */
export function emptyRun(): PersistedRun {
  return {
    units: [],
    responses: [],
    judgements: [],
    classifications: [],
    checklists: [],
    metrics: [],
  };
}
