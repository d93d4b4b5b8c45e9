// What the run controller needs from the app (engines, store, locks, keys; swapped in tests)
// and the defaults it falls back on.
import { parseEngineId } from '../engines/providers';
import type { PauseListener } from '../engines/provider-pauses';
import type { ChatEngine, EmbeddingEngine, LoadProgress } from '../engines/types';
import type { ExperimentDefinition, RunStore } from '../pipeline/index';
import type { LOCKED } from './run-lock';

/** A provider whose key the run needs and this browser does not hold. */
export interface KeyRequest {
  providerId: string;
  /** The provider's name, for the field's label. */
  label: string;
}

/** Engines built for a run, and how to free them afterwards. */
export interface BuiltEngines {
  chat: ChatEngine[];
  embedding: EmbeddingEngine[];
  dispose(): Promise<void>;
}

/** Model loading progress shown while a run prepares (local engines download first). */
export interface EngineLoad {
  engineId: string;
  progress: LoadProgress;
}

/** What the controller needs from the app (swapped in tests). */
export interface RunControllerDeps {
  /** The run store (the app database). */
  openStore(): Promise<RunStore>;
  /** Builds the chat and embedding engines a definition names. */
  buildEngines(
    def: ExperimentDefinition,
    onLoad: (load: EngineLoad) => void,
  ): Promise<BuiltEngines>;
  /**
   * Runs `fn` while holding an exclusive lock on the run, so two tabs never run it at once;
   * resolves to LOCKED without calling `fn` when another tab holds it. Default: no locking.
   */
  withLock?<T>(runId: string, fn: () => Promise<T>): Promise<T | typeof LOCKED>;
  /** Turns an error into a message for the user (secrets removed). */
  describeError?(err: unknown): string;
  /**
   * Follows provider pauses (a provider asked for a long wait); returns a function that stops.
   * Default: none are shown.
   */
  watchPauses?(listener: PauseListener): () => void;
  /** The providers a definition calls whose key is missing here (default: none). */
  missingKeys?(def: ExperimentDefinition): Promise<KeyRequest[]>;
  /** Stores a key the user gave in place, as the provider is set up to keep keys. */
  saveKey?(providerId: string, key: string): void;
  newRunId?(): string;
  /** Minimum time between progress updates of the UI (default 200 ms). */
  uiIntervalMs?: number;
}

/** The providers a definition calls: of its generators, judges and embedding model. */
export function providersOf(def: ExperimentDefinition): string[] {
  const engines = [...def.generators, ...def.judges];
  if (def.embedding !== undefined) engines.push(def.embedding);
  const ids = engines.map((id) => parseEngineId(id)?.providerId);
  return ids.filter((id, i): id is string => id !== undefined && ids.indexOf(id) === i);
}

/** A new run id: `run-<UTC timestamp>-<random>`. */
export function defaultRunId(): string {
  const random = Math.random().toString(36).slice(2, 8);
  return `run-${new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14)}-${random}`;
}

/** An error's message, or its name when it has none. */
export function defaultDescribe(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}
