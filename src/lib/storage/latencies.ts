// Read side for the expected-time estimate: how long past responses took, per engine, from the
// responses of the newest stored runs.
import { connectionOf, type PlaygroundDB } from './internal/connection';
import { INDEXES, STORES } from './internal/stores';

/** One past response's engine id and latency. */
export interface LatencySample {
  model: string;
  latencyMs: number;
}

/**
 * The latencies of up to `perRun` responses of each run of `runIds`. The cap keeps the read
 * small: a run of 100,000 responses read whole held the page for a third of a second, and a
 * median needs far fewer samples.
 */
export async function responseLatencies(
  db: PlaygroundDB,
  runIds: readonly string[],
  perRun: number,
): Promise<LatencySample[]> {
  const lists = await Promise.all(
    runIds.map((id) =>
      connectionOf(db).getAllByIndex(STORES.responses, INDEXES.responses.byRunId, id, perRun),
    ),
  );
  return lists.flat().map((r) => ({ model: r.model, latencyMs: r.latencyMs }));
}
