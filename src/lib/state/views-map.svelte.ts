// The response map's data: stored embeddings of a run's responses read once, projected to 2-D
// (PCA, by default off the main thread) and cached per run, with each response's group and class.
/* eslint-disable svelte/prefer-svelte-reactivity -- the Maps here index an immutable snapshot
   of a stored run (held in $state.raw and replaced whole) or are local temporaries. */
import {
  pca2d,
  pointId,
  type EmbeddedItem,
  type MapPoint,
  type MapResult,
  type Projection,
} from '../core/views';
import { readEmbeddings, textHash, type PlaygroundDB } from '../storage/db';
import type { ViewsData } from './views-run.svelte';

/** Projects vectors to 2-D; the component layer passes one running in a worker. */
export type Projector = (items: readonly EmbeddedItem[]) => Promise<Projection>;

/** Projection on the calling thread, after yielding once so the page can paint "computing". */
export const inlineProjector: Projector = async (items) => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  return pca2d(items);
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reads the stored vectors of texts in one read-only transaction (see readEmbeddings).
 * @returns Text hash -> vector, for the hashes found.
 */
async function readVectors(
  db: PlaygroundDB,
  model: string,
  hashes: readonly string[],
): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [hash, vector] of await readEmbeddings(db, model, hashes)) {
    out.set(hash, vector instanceof Float32Array ? vector : Float32Array.from(vector));
  }
  return out;
}

/** Class index of every response id of a group, by its first judge. */
function classIndexOf(data: ViewsData, group: string): Map<string, number> {
  const out = new Map<string, number>();
  const first = data.classes.get(group)?.[0];
  if (first === undefined) return out;
  first.classes.forEach((members, c) => {
    for (const m of members) {
      const id = first.responseIds[m];
      if (id !== undefined) out.set(id, c);
    }
  });
  return out;
}

/** Computes and caches the response map of the loaded run. */
export class ResponseMapState {
  status = $state<'idle' | 'loading' | 'ready' | 'empty' | 'error'>('idle');
  error = $state<string | null>(null);
  /** Why the map is empty (no embedding model, or no stored vectors). */
  emptyReason = $state<string | null>(null);
  result = $state.raw<MapResult | null>(null);

  readonly #project: Projector;
  readonly #cache = new Map<string, MapResult>();
  #ticket = 0;

  /** @param project 2-D projection (default: PCA on this thread) */
  constructor(project: Projector = inlineProjector) {
    this.#project = project;
  }

  /**
   * Shows the map of the run, computing it once: hashes each response text, reads the vectors
   * the run's embedding engine stored, projects them. Later calls for the same run are instant.
   */
  async ensure(data: ViewsData, db: PlaygroundDB): Promise<void> {
    const ticket = ++this.#ticket;
    const cached = this.#cache.get(data.runId);
    if (cached !== undefined) {
      this.result = cached;
      this.status = 'ready';
      return;
    }
    const model = data.embeddingModel;
    if (model === null) {
      this.result = null;
      this.emptyReason =
        'This run has no embedding model, so no response embeddings were stored. Choose an embedding model in Experiments to get a response map.';
      this.status = 'empty';
      return;
    }
    this.status = 'loading';
    this.error = null;
    try {
      const started = performance.now();
      const responses = [...data.responses.values()]
        .flat()
        .filter((r) => r.error === undefined && r.text.trim() !== '');
      const hashes = await Promise.all(responses.map((r) => textHash(r.text)));
      const vectors = await readVectors(db, model, hashes);
      if (ticket !== this.#ticket) return;
      const items: EmbeddedItem[] = [];
      const found: typeof responses = [];
      responses.forEach((r, i) => {
        const v = vectors.get(hashes[i] as string);
        if (v === undefined) return;
        items.push({ id: r.id, vector: v });
        found.push(r);
      });
      if (items.length === 0) {
        this.result = null;
        this.emptyReason = `No stored embeddings of this run's responses were found for ${model}.`;
        this.status = 'empty';
        return;
      }
      const projection = await this.#project(items);
      if (ticket !== this.#ticket) return;
      const byId = new Map(found.map((r) => [r.id, r]));
      const classes = new Map<string, Map<string, number>>();
      const points: MapPoint[] = [];
      for (const p of projection.points) {
        const r = byId.get(p.id);
        if (r === undefined) continue;
        const group = pointId(r.promptId, r.model, r.strategy);
        let cls = classes.get(group);
        if (cls === undefined) {
          cls = classIndexOf(data, group);
          classes.set(group, cls);
        }
        points.push({
          id: r.id,
          pointId: group,
          promptId: r.promptId,
          model: r.model,
          // The strategy its group is shown under (imported responses: their own label).
          strategy: data.pointById.get(group)?.strategy ?? r.strategy,
          index: r.index,
          classIndex: cls.get(r.id) ?? null,
          x: p.x,
          y: p.y,
        });
      }
      const result: MapResult = {
        runId: data.runId,
        embeddingModel: model,
        points,
        explainedVariance: projection.explainedVariance,
        dims: projection.dims,
        missing: responses.length - items.length,
        computeMs: performance.now() - started,
      };
      this.#cache.set(data.runId, result);
      this.result = result;
      this.status = 'ready';
    } catch (err) {
      if (ticket !== this.#ticket) return;
      this.error = `The response map could not be computed: ${message(err)}`;
      this.status = 'error';
    }
  }

  /** Drops the cached map of a run (e.g. after new embeddings were stored). */
  forget(runId: string): void {
    this.#cache.delete(runId);
  }
}
