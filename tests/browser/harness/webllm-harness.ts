// Test-only page script: drives the WebLLM model manager and its real worker in Chromium.
// Built by build-harness.ts for tests/browser/webllm.test.ts; never part of the app bundle.
import { WebLlmModelManager } from '../../../src/lib/engines/webllm/manager';
import { WebLlmError } from '../../../src/lib/engines/webllm/errors';
import { estimateUsage } from '../../../src/lib/storage/quota';

/** What the probe + model filter found. */
export interface ProbeReport {
  probe: unknown;
  offered: Array<{ id: string; vramMB: number | null; sizeLabel: string; needsShaderF16: boolean }>;
  defaultId: string | null;
  totalModels: number;
}

/** How a load ended. */
export interface LoadReport {
  ok: boolean;
  name?: string;
  code?: string;
  message?: string;
  /** The raw failure under the typed error, e.g. `TypeError: Failed to fetch`. */
  cause?: string;
  elapsedMs: number;
  progressTexts: string[];
  state: string;
}

const manager = new WebLlmModelManager();

async function probeAndFilter(): Promise<ProbeReport> {
  const [probe, offered, preferred, all] = await Promise.all([
    manager.probe(),
    manager.runnableModels(),
    manager.defaultModel(),
    manager.listModels(),
  ]);
  return {
    probe,
    offered: offered.map(({ id, vramMB, sizeLabel, needsShaderF16 }) => ({
      id,
      vramMB,
      sizeLabel,
      needsShaderF16,
    })),
    defaultId: preferred?.id ?? null,
    totalModels: all.length,
  };
}

async function loadDefault(): Promise<LoadReport> {
  const started = performance.now();
  const progressTexts: string[] = [];
  const preferred = await manager.defaultModel();
  if (!preferred) throw new Error('No runnable model.');
  try {
    await manager.load(preferred.id, { onProgress: (p) => progressTexts.push(p.text) });
    return {
      ok: true,
      elapsedMs: performance.now() - started,
      progressTexts,
      state: manager.state.status,
    };
  } catch (err) {
    const error = err as Error;
    return {
      ok: false,
      name: error.name,
      code: error instanceof WebLlmError ? error.code : undefined,
      message: error.message,
      cause:
        error.cause instanceof Error ? `${error.cause.name}: ${error.cause.message}` : undefined,
      elapsedMs: performance.now() - started,
      progressTexts,
      state: manager.state.status,
    };
  }
}

async function cacheReport(): Promise<{ cached: unknown; storage: unknown }> {
  const ids = (await manager.listModels()).map((r) => r.model_id);
  return { cached: await manager.listCached(ids), storage: await estimateUsage() };
}

declare global {
  interface Window {
    webllmHarness?: {
      probeAndFilter: typeof probeAndFilter;
      loadDefault: typeof loadDefault;
      cacheReport: typeof cacheReport;
    };
  }
}

window.webllmHarness = { probeAndFilter, loadDefault, cacheReport };
document.getElementById('status')!.textContent = 'ready';
