// What is stored in this browser, per dataset and per run, with exports (bundle, CSV, JSONL),
// deletes that ask first and cascade in one transaction, and the "keep data persistent" request.
import type { StorageBreakdown } from '../bundle/sizes';
import { PlaygroundRunStore } from '../pipeline/store';
import { deleteDataset, deleteRun, getDataset, type PlaygroundDB } from '../storage/db';
import { getStorageStatus, type StorageStatus } from './storage-status.svelte';

/** A delete waiting for the user's confirmation. */
export interface PendingDelete {
  kind: 'dataset' | 'run';
  id: string;
  name: string;
  /** What goes with it, e.g. "5,000 prompts" or "200 responses and 1,340 other records". */
  detail: string;
}

/** Export formats of a run. */
export type RunExportFormat = 'json' | 'json.gz' | 'responses.csv' | 'groups.csv';

/** A file ready to download. */
export interface ExportFile {
  fileName: string;
  type: string;
  data: Uint8Array | string;
}

/** What the overview needs from the app. */
export interface StorageDeps {
  open: () => Promise<PlaygroundDB>;
  /** Keys held in this browser, removed from anything exported. */
  secrets?: () => string[];
  /** Usage, quota and persistence (default: the page's shared status). */
  status?: StorageStatus;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Datasets and runs with their sizes, and the actions on them. */
export class StorageOverview {
  breakdown = $state.raw<StorageBreakdown | null>(null);
  status = $state<'idle' | 'loading' | 'ready'>('idle');
  error = $state<string | null>(null);
  pending = $state<PendingDelete | null>(null);
  deleting = $state(false);
  /** Result of the last action, e.g. "Deleted run X (200 responses)". */
  notice = $state<string | null>(null);
  /** The browser's usage, quota and persistence for the whole site. */
  readonly usage: StorageStatus;
  readonly #deps: StorageDeps;

  /** @param deps database, key list and storage status */
  constructor(deps: StorageDeps) {
    this.#deps = deps;
    this.usage = deps.status ?? getStorageStatus();
  }

  /** Reads sizes, the browser's estimate and whether storage is persistent. */
  async refresh(): Promise<void> {
    if (this.status !== 'ready') this.status = 'loading';
    try {
      const [{ storageBreakdown }, db] = await Promise.all([
        import('../bundle/sizes'),
        this.#deps.open(),
      ]);
      this.breakdown = await storageBreakdown(db);
      await this.usage.refresh();
      this.error = null;
    } catch (err) {
      this.error = `Stored data could not be read: ${messageOf(err)}`;
    } finally {
      this.status = 'ready';
    }
  }

  /** Asks for confirmation before deleting a dataset or run. */
  askDelete(kind: PendingDelete['kind'], id: string): void {
    const b = this.breakdown;
    if (kind === 'dataset') {
      const d = b?.datasets.find((x) => x.id === id);
      this.pending = {
        kind,
        id,
        name: d?.name ?? id,
        detail: `${(d?.prompts ?? 0).toLocaleString('en')} prompts`,
      };
    } else {
      const r = b?.runs.find((x) => x.id === id);
      const others = Math.max(0, (r?.records ?? 1) - 1 - (r?.responses ?? 0));
      this.pending = {
        kind,
        id,
        name: r?.name ?? id,
        detail: `${(r?.responses ?? 0).toLocaleString('en')} responses and ${others.toLocaleString('en')} other records (verdicts, metrics, progress)`,
      };
    }
  }

  /** Keeps everything. */
  cancelDelete(): void {
    this.pending = null;
  }

  /** Deletes what was confirmed, with everything belonging to it, in one transaction. */
  async confirmDelete(): Promise<boolean> {
    const pending = this.pending;
    if (pending === null || this.deleting) return false;
    this.deleting = true;
    try {
      const db = await this.#deps.open();
      if (pending.kind === 'dataset') {
        const prompts = await deleteDataset(db, pending.id);
        this.notice = `Deleted the dataset “${pending.name}” and its ${prompts} prompts.`;
      } else {
        const counts = await deleteRun(db, pending.id);
        this.notice = `Deleted the run “${pending.name}”: ${counts.responses} responses, ${counts.judgements} verdicts and ${counts.pipeline} other records.`;
      }
      this.pending = null;
      await this.refresh();
      return true;
    } catch (err) {
      this.error = `Nothing was deleted: ${messageOf(err)}`;
      return false;
    } finally {
      this.deleting = false;
    }
  }

  /** A run as a bundle (JSON, optionally gzipped) or as CSV. */
  async exportRun(runId: string, format: RunExportFormat): Promise<ExportFile> {
    const db = await this.#deps.open();
    const persisted = await new PlaygroundRunStore(db).load(runId);
    if (format === 'json' || format === 'json.gz') {
      const { buildRunBundle, serializeBundle, bundleFileName } = await import('../bundle/export');
      const gzip = format === 'json.gz';
      const { bundle } = buildRunBundle(persisted, { secrets: this.#deps.secrets?.() ?? [] });
      return {
        fileName: bundleFileName(bundle, gzip),
        type: gzip ? 'application/gzip' : 'application/json',
        data: serializeBundle(bundle, gzip),
      };
    }
    const [{ responsesCsv, groupsCsv }, { safeFileName }, { redactRecord }] = await Promise.all([
      import('../bundle/tables'),
      import('../bundle/export'),
      import('../core/redact'),
    ]);
    const [clean] = redactRecord(persisted, this.#deps.secrets?.() ?? []);
    const name = safeFileName(this.breakdown?.runs.find((r) => r.id === runId)?.name ?? runId);
    return format === 'responses.csv'
      ? { fileName: `${name}.responses.csv`, type: 'text/csv', data: responsesCsv(clean) }
      : { fileName: `${name}.groups.csv`, type: 'text/csv', data: groupsCsv(clean) };
  }

  /** A dataset's prompts as JSONL (read back by the generic JSONL importer). */
  async exportDataset(datasetId: string): Promise<ExportFile> {
    const db = await this.#deps.open();
    const [{ datasetPromptsOf, exportRowsOf }, { promptsJsonl }, { safeFileName }] =
      await Promise.all([
        import('../bundle/datasets'),
        import('../bundle/tables'),
        import('../bundle/export'),
      ]);
    const dataset = await getDataset(db, datasetId);
    const prompts = await datasetPromptsOf(db, datasetId);
    return {
      fileName: `${safeFileName(dataset?.name ?? datasetId)}.jsonl`,
      type: 'application/x-ndjson',
      data: promptsJsonl(exportRowsOf(prompts)),
    };
  }
}
