// Batch-mode benchmark (issue 13): HTTP requests the app sends per model call when every stage
// goes through the OpenAI batch API of the local fake provider server (each batch ends on its
// second status read, so real batches polled for hours add a few reads each). Node + fake-indexeddb.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { OpenAIChatEngine } from '../src/lib/engines/cloud/openai';
import type { ChatRequest } from '../src/lib/engines/types';
import { CATEGORY_IDS } from '../src/lib/core/taxonomy';
import { SAMPLING_STRATEGY_IDS } from '../src/lib/core/prompts';
import { BATCH_STAGES, parseExperiment } from '../src/lib/pipeline/experiment';
import { ExperimentRunner } from '../src/lib/pipeline/runner';
import { PlaygroundRunStore } from '../src/lib/pipeline/store';
import { requestKind } from '../src/lib/pipeline/testing/scripted-engine';
import { pipelineScript } from '../src/lib/pipeline/testing/scripts';
import { openDatabase } from '../src/lib/storage/db';
import { FAKE_API_KEY, startFakeProviders } from '../tests/servers/fake-providers';
import { FAST_RETRY, NO_PROBE } from '../tests/servers/engine-test-kit';
import { reportBench } from './report';

describe('batch mode', () => {
  it('batch_requests_per_call_ratio', async () => {
    const server = await startFakeProviders();
    // The pipeline's scripted replies (classes, verdicts, grades) for every batch item.
    const reply = pipelineScript({ classify: (prompt) => prompt.slice(-1) });
    server.script((input) => {
      const request: ChatRequest = {
        messages: input.messages as ChatRequest['messages'],
        ...(input.seed === undefined ? {} : { seed: input.seed }),
      };
      const text = reply(request, {
        kind: requestKind(request),
        call: 1,
        choice: input.choiceIndex,
      });
      return typeof text === 'string' ? text : undefined;
    });
    try {
      const engine = (model: string) =>
        new OpenAIChatEngine({
          providerId: 'openai',
          model,
          apiKey: FAKE_API_KEY,
          baseUrl: `${server.url}/openai/v1`,
          retry: FAST_RETRY,
          probe: NO_PROBE,
        });
      const parsed = parseExperiment({
        prompts: CATEGORY_IDS.map((c) => ({ id: `p${c}`, text: `Prompt of category ${c}` })),
        generators: ['openai/gen'],
        judges: ['openai/judge'],
        strategies: [...SAMPLING_STRATEGY_IDS],
        k: 5,
        seed: 1,
        batch: [...BATCH_STAGES],
      });
      if (!parsed.ok) throw new Error(parsed.issues.join('; '));
      const db = await openDatabase({ factory: new IDBFactory(), name: 'batch-bench' });
      const outcome = await new ExperimentRunner({
        store: new PlaygroundRunStore(db),
        runId: 'bench',
        definition: parsed.value,
        engines: [engine('gen'), engine('judge')],
        cache: null,
        batch: { poll: { firstMs: 1, maxMs: 1, factor: 1 } },
      }).start();
      db.close();
      expect(outcome.status).toBe('completed');
      expect(outcome.progress.failed).toBe(0);
      const calls = server.batches().reduce((n, b) => n + b.customIds.length, 0);
      const modelRoutes = server.requests.filter((r) => r.route === 'openai.chat').length;
      // Every model call went through a batch.
      expect(modelRoutes).toBe(0);
      expect(calls).toBeGreaterThan(0);
      const requests = server.requests.filter((r) => r.route !== 'preflight').length;
      reportBench('batch_requests_per_call_ratio', requests / calls, 'requests/call');
    } finally {
      await server.close();
    }
  });
});
