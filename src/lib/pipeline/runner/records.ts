// What the runner persists: the run record with its progress and statistics, and each settled
// unit's record with its calls, usage and timing, plus the records it produced.

import type { Draft } from '../../storage/db';
import type { Run, RunStatus, RunUnitRecord } from '../../storage/schema';
import type { CallCounter } from '../call';
import type { PlannedUnit } from '../plan';
import type { RunProgressSnapshot } from '../progress';
import type { UnitRecords } from '../state';
import type { UnitResult } from './context';

/** The run-level facts of {@link runRecord} besides its progress. */
export interface RunRecordFields {
  id: string;
  experimentId: string;
  status: RunStatus;
  createdAt: number;
  startedAt: number;
  /** The clock, read once for the finished time (if any) and once for the update time. */
  now: () => number;
  fatal: string | undefined;
  retryable: number;
}

/** The run record for a progress snapshot: finished time once it stopped running. */
export function runRecord(p: RunProgressSnapshot, f: RunRecordFields): Draft<Run> {
  return {
    id: f.id,
    experimentId: f.experimentId,
    status: f.status,
    progress: { done: p.done + p.skipped, total: p.total, failed: p.failed },
    createdAt: f.createdAt,
    startedAt: f.startedAt,
    ...(f.status === 'running' ? {} : { finishedAt: f.now() }),
    activeMs: p.elapsedMs,
    ...(f.fatal === undefined ? {} : { error: f.fatal }),
    stats: {
      stages: p.stages,
      judgeCalls: p.judgeCalls,
      judgeCallsEveryPair: p.judgeCallsEveryPair,
      ...(p.judgeCallsSent === null ? {} : { judgeCallsSent: p.judgeCallsSent }),
      ...(p.judgeCallsCached === null ? {} : { judgeCallsCached: p.judgeCallsCached }),
      retryable: f.retryable,
      updatedAt: f.now(),
    },
  };
}

/** The record of a settled unit: status, reasons, calls and token usage, and its timing (since `started`). */
export function unitRecord(
  unit: PlannedUnit,
  runId: string,
  result: UnitResult,
  counter: CallCounter,
  started: number,
  now: () => number,
): Draft<RunUnitRecord> {
  return {
    id: unit.id,
    runId,
    stage: unit.stage,
    kind: unit.kind,
    status: result.status,
    calls: counter.calls,
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.issue === undefined ? {} : { issue: result.issue }),
    ...(result.callFailed === true ? { callFailed: true } : {}),
    ...(counter.calls > 0 && counter.usageKnown
      ? {
          usage: {
            promptTokens: counter.promptTokens,
            completionTokens: counter.completionTokens,
            totalTokens: counter.promptTokens + counter.completionTokens,
            ...(counter.cachedPromptTokens > 0 && {
              cachedPromptTokens: counter.cachedPromptTokens,
            }),
          },
        }
      : {}),
    durationMs: now() - started,
    finishedAt: now(),
  };
}

/** The records a unit produced, without the empty kinds. */
export function unitOutput(result: UnitResult): UnitRecords {
  return {
    ...(result.responses ? { responses: result.responses } : {}),
    ...(result.judgements ? { judgements: result.judgements } : {}),
    ...(result.classifications ? { classifications: result.classifications } : {}),
    ...(result.checklists ? { checklists: result.checklists } : {}),
    ...(result.metrics ? { metrics: result.metrics } : {}),
  };
}
