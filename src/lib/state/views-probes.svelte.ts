// The "Measure" action of the probe view: plans the probe responses still unmeasured by a judge,
// measures them with that judge (built from Settings), and reports progress, cancel and errors.
import type { ChatEngine } from '../engines/types';
import { planProbes, measureProbes } from '../pipeline/probes';
import { PlaygroundRunStore } from '../pipeline/store';
import type { PlaygroundDB } from '../storage/db';
import type { ViewsData } from './views-run.svelte';

/** Builds the chat engine of a judge id; the caller disposes it. */
export type JudgeResolver = (id: string) => Promise<ChatEngine>;

/** Progress and outcome of one measurement. */
export interface ProbeJobState {
  running: boolean;
  done: number;
  failed: number;
  total: number;
  /** What happened last (shown after the action ends). */
  message: string | null;
  error: string | null;
}

const IDLE: ProbeJobState = {
  running: false,
  done: 0,
  failed: 0,
  total: 0,
  message: null,
  error: null,
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Builds a judge from the providers configured in Settings (loaded on first use, so the views do
 * not pull the engine registry in before anyone measures).
 */
export const settingsJudgeResolver: JudgeResolver = async (id) => {
  const [{ getSettingsServices }, { createChatEngine }, { parseEngineId }] = await Promise.all([
    import('./settings-services'),
    import('../engines/registry'),
    import('../engines/providers'),
  ]);
  const services = getSettingsServices();
  await services.load();
  const parsed = parseEngineId(id);
  const config = parsed === null ? undefined : services.providers.find(parsed.providerId);
  if (parsed === null || config === undefined) {
    throw new Error(`The judge ${id} is not configured in this browser: add it in Settings.`);
  }
  return createChatEngine(config, parsed.model, services.engineDeps());
};

/** Runs probe measurements for the loaded run. */
export class ProbeJob {
  state = $state<ProbeJobState>({ ...IDLE });

  readonly #resolve: JudgeResolver;
  #controller: AbortController | null = null;

  /** @param resolve builds the judge engine */
  constructor(resolve: JudgeResolver = settingsJudgeResolver) {
    this.#resolve = resolve;
  }

  /** Number of probe responses the judge has not measured yet. */
  pending(data: ViewsData, judge: string): number {
    return planProbes({ ...data.persisted, prompts: data.prompts, judge }).length;
  }

  /**
   * Measures every probe response the judge has not measured yet, storing each reading as it
   * arrives; resumable (measuring again continues where it stopped and retries failures).
   * @param data The loaded run.
   * @param judge Judge engine id.
   * @param db The app database.
   * @param reload Called after the measurement so the views show the new readings.
   */
  async measure(
    data: ViewsData,
    judge: string,
    db: PlaygroundDB,
    reload: () => Promise<void>,
  ): Promise<void> {
    if (this.state.running) return;
    const tasks = planProbes({ ...data.persisted, prompts: data.prompts, judge });
    if (tasks.length === 0) {
      this.state = { ...IDLE, message: `Every probe response is already measured by ${judge}.` };
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.state = { ...IDLE, running: true, total: tasks.length, message: 'Preparing the judge…' };
    let engine: ChatEngine | undefined;
    let ended: Pick<ProbeJobState, 'message' | 'error'>;
    try {
      engine = await this.#resolve(judge);
      const def = data.def;
      const outcome = await measureProbes({
        runId: data.runId,
        tasks,
        judge: engine,
        store: new PlaygroundRunStore(db),
        params: {
          temperature: def?.judgeTemperature ?? 0,
          maxTokens: def?.judgeMaxTokens ?? 1024,
          ...(def?.seed === undefined ? {} : { seed: def.seed }),
        },
        signal: controller.signal,
        onProgress: (p) => {
          this.state = {
            ...this.state,
            done: p.done,
            failed: p.failed,
            message: `Measured ${p.done} of ${p.total} responses`,
          };
        },
      });
      ended =
        outcome.status === 'cancelled'
          ? {
              message: `Cancelled after ${outcome.measured + outcome.failed} of ${outcome.total} responses; measuring again continues where it stopped.`,
              error: null,
            }
          : {
              message: `Measured ${outcome.measured} of ${outcome.total} responses with ${judge}.`,
              error:
                outcome.failed > 0
                  ? `${outcome.failed} responses could not be measured; measure again to retry them.`
                  : null,
            };
    } catch (err) {
      ended = { message: null, error: `Measuring the probes failed: ${message(err)}` };
    } finally {
      this.#controller = null;
      await engine?.dispose?.().catch(() => undefined);
    }
    await reload();
    this.state = { ...this.state, ...ended, running: false };
  }

  /** Stops the measurement; readings already stored stay. */
  cancel(): void {
    this.#controller?.abort();
  }
}
