// The problems a run shows: units that failed, were skipped, or finished with an issue.
import type { RunUnitRecord } from '../storage/schema';

/** A unit that failed, was skipped, or finished with a problem, and why. */
export interface UnitProblem {
  unitId: string;
  stage: RunUnitRecord['stage'];
  /** 'issue': the unit finished but e.g. only 3 of 5 responses could be parsed. */
  status: 'failed' | 'skipped' | 'issue';
  reason: string;
}

/** Problems kept for display; the total is counted beyond it. */
export const MAX_PROBLEMS = 200;

/** The problem a settled unit shows, or null when it went well. */
export function problemOf(unit: RunUnitRecord): UnitProblem | null {
  if (unit.status === 'failed' || unit.status === 'skipped') {
    return {
      unitId: unit.id,
      stage: unit.stage,
      status: unit.status,
      reason: unit.error ?? (unit.status === 'failed' ? 'failed' : 'nothing to do'),
    };
  }
  if (unit.issue !== undefined) {
    return { unitId: unit.id, stage: unit.stage, status: 'issue', reason: unit.issue };
  }
  return null;
}
