// Tests of run bundles: export, validation of untrusted files, all-or-nothing import, and that a
// bundle stored in a fresh database summarizes to exactly the numbers of the original run.

import 'fake-indexeddb/auto';
import { gzipSync, strToU8 } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { failWriteAt, freshDatabases } from './testing/fixtures';
import { analyseExistingResponses } from '../pipeline/analyse-existing';
import { summarizeRun } from '../pipeline/results';
import { PlaygroundRunStore, type PersistedRun } from '../pipeline/store';
import { ScriptedEmbeddingEngine, ScriptedEngine } from '../pipeline/testing/scripted-engine';
import { pipelineScript } from '../pipeline/testing/scripts';
import { type PlaygroundDB } from '../storage/db';
import { RUN_RECORD_LISTS } from '../storage/db';
import { countRecords } from '../storage/testing/records';
import { redactRecord } from '../core/redact';
import { StorageQuotaError } from '../storage/errors';
import { SCHEMA_VERSION } from '../storage/schema';
import { APP_VERSION, buildRunBundle, bundleFileName, serializeBundle } from './export';
import {
  BundleConflictError,
  BundleError,
  persistedFromBundle,
  readRunBundle,
  saveRunBundle,
} from './import';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type RunBundle } from './schema';

const SECRET = 'sk-live-0123456789abcdefSECRET';
const freshDb = freshDatabases();

/** A finished run with every kind of record: classes, verdicts, grades, accuracy, metrics. */
async function storedRun(): Promise<{ db: PlaygroundDB; persisted: PersistedRun }> {
  const db = await freshDb('source');
  const judge = new ScriptedEngine(pipelineScript({ classify: () => 'G' }), { id: 'cloud/judge' });
  await analyseExistingResponses({
    db,
    runId: 'run-1',
    judges: [judge],
    embeddingEngines: [new ScriptedEmbeddingEngine((t) => [t.length % 4, 1, 2])],
    input: {
      name: 'Shared run',
      judges: ['cloud/judge'],
      embedding: 'scripted/embed',
      items: [
        {
          id: 'q1',
          prompt: 'Name a colour — “ünïcödé” ✓',
          category: 'B',
          responses: ['Blue#1', 'Blue#2', 'Red#3'].map((text) => ({ text, model: 'gpt' })),
        },
        {
          id: 'q2',
          prompt: 'Capital of France?',
          category: 'A',
          answer: 'Paris',
          responses: [
            { text: 'Paris is right#1', model: 'gpt' },
            { text: 'Lyon#2', model: 'gpt' },
          ],
        },
        { id: 'q3', prompt: 'A story', responses: [{ text: '=HYPERLINK("x")#1', model: 'gpt' }] },
      ],
    },
  });
  return { db, persisted: await new PlaygroundRunStore(db).load('run-1') };
}

function bytesOf(value: unknown): Uint8Array {
  return strToU8(JSON.stringify(value));
}

describe('run bundles: round trip', () => {
  it.each([false, true])(
    'stores a bundle (gzip %s) in a fresh database with identical records and summary',
    async (gzip) => {
      const { persisted } = await storedRun();
      const { bundle } = buildRunBundle(persisted, { now: new Date(0) });
      const bytes = serializeBundle(bundle, gzip);
      const read = readRunBundle(bundleFileName(bundle, gzip), bytes);
      const target = await freshDb('target');
      const saved = await saveRunBundle(target, read);
      expect(saved.runId).toBe('run-1');
      const loaded = await new PlaygroundRunStore(target).load('run-1');
      expect(summarizeRun(loaded)).toEqual(summarizeRun(persisted));
      const byId = <T extends { id: string }>(list: T[]) =>
        [...list].sort((a, b) => a.id.localeCompare(b.id));
      for (const store of RUN_RECORD_LISTS) {
        expect(byId(loaded[store] as { id: string }[]), store).toEqual(
          byId(persisted[store] as { id: string }[]),
        );
      }
      expect(loaded.run).toEqual(persisted.run);
      expect(loaded.spec).toEqual(persisted.spec);
      expect(summarizeRun(persistedFromBundle(read))).toEqual(summarizeRun(persisted));
    },
  );

  it('keeps the judge calls sent and answered from the cache apart in the file', async () => {
    const { persisted } = await storedRun();
    const { bundle } = buildRunBundle(persisted);
    const read = readRunBundle('run.json', serializeBundle(bundle, false));
    const counts = summarizeRun(persistedFromBundle(read)).judgeCalls;
    expect(counts.sentCalls).not.toBeNull();
    expect(counts.cachedCalls).not.toBeNull();
    expect(counts).toEqual(summarizeRun(persisted).judgeCalls);
    expect(read.run.stats?.judgeCallsSent).toBe(counts.sentCalls);
    expect(read.run.stats?.judgeCallsCached).toBe(counts.cachedCalls);
    const verdicts = read.records.judgements.filter((j) => j.kind === 'diversity');
    expect(verdicts.reduce((sum, j) => sum + (j.sent ?? 0), 0)).toBe(counts.sentCalls);
  });

  it('imports a bundle written before sent and cached calls were counted, as unknown', async () => {
    const { persisted } = await storedRun();
    const { bundle } = buildRunBundle(persisted);
    // The layout of older files: no counts on the run, its verdicts or its functional metrics.
    const old = JSON.parse(JSON.stringify(bundle)) as RunBundle;
    delete old.run.stats?.judgeCallsSent;
    delete old.run.stats?.judgeCallsCached;
    for (const j of old.records.judgements) {
      delete j.sent;
      delete j.cached;
    }
    for (const m of old.records.metrics) {
      if (m.kind !== 'functional') continue;
      delete m.sentCalls;
      delete m.cachedCalls;
    }
    const read = readRunBundle('old.json', bytesOf(old));
    const target = await freshDb('old-target');
    await saveRunBundle(target, read);
    const counts = summarizeRun(await new PlaygroundRunStore(target).load('run-1')).judgeCalls;
    expect(counts).toMatchObject({
      calls: summarizeRun(persisted).judgeCalls.calls,
      sentCalls: null,
      cachedCalls: null,
    });
  });

  it('writes the versions, the applied engines and a safe file name', async () => {
    const { persisted } = await storedRun();
    const { bundle } = buildRunBundle(persisted);
    expect(bundle).toMatchObject({
      format: BUNDLE_FORMAT,
      bundleVersion: BUNDLE_VERSION,
      schemaVersion: SCHEMA_VERSION,
      appVersion: APP_VERSION,
    });
    expect(APP_VERSION).toMatch(/^\d+\.\d+\.\d+/);
    expect(bundle.engines.generators).toEqual([
      { id: 'imported/gpt', applied: [], notes: [], responses: 6 },
    ]);
    expect(bundle.engines.judges).toEqual([{ id: 'cloud/judge', temperature: 0, maxTokens: 1024 }]);
    expect(bundle.engines.embedding).toBe('scripted/embed');
    expect(bundleFileName(bundle, true)).toBe('Shared-run.mmhs-run.json.gz');
  });

  it('never writes keys: credential fields and key-vault values are removed', async () => {
    const { persisted } = await storedRun();
    const tampered: PersistedRun = {
      ...persisted,
      spec: {
        ...persisted.spec!,
        definition: {
          ...(persisted.spec!.definition as Record<string, never>),
          apiKey: SECRET,
          provider: { api_key: SECRET, Authorization: `Bearer ${SECRET}` },
        },
      },
      responses: persisted.responses.map((r, i) =>
        i === 0 ? { ...r, text: `the key is ${SECRET}` } : r,
      ),
    };
    const { bundle, redaction } = buildRunBundle(tampered, { secrets: [SECRET, 'short'] });
    const text = new TextDecoder().decode(serializeBundle(bundle));
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/"(api[-_]?key|authorization|x-api-key|secret|password)"/i);
    expect(redaction.fields).toEqual([
      'spec.definition.apiKey',
      'spec.definition.provider.api_key',
      'spec.definition.provider.Authorization',
    ]);
    expect(redaction.values).toBe(1);
    // Token counts are not credentials.
    const [kept] = redactRecord({ usage: { promptTokens: 3, totalTokens: 4 } });
    expect(kept).toEqual({ usage: { promptTokens: 3, totalTokens: 4 } });
  });
});

describe('run bundles: bad files store nothing', () => {
  async function validBundle(): Promise<RunBundle> {
    const { persisted } = await storedRun();
    return buildRunBundle(persisted).bundle;
  }

  const mutations: [string, (b: Record<string, unknown>) => unknown, RegExp, string?][] = [
    [
      'a newer schema version',
      (b) => ({ ...b, schemaVersion: SCHEMA_VERSION + 1, appVersion: '9.0.0' }),
      new RegExp(
        `newer MMHS Playground \\(app 9\\.0\\.0, data schema version ${SCHEMA_VERSION + 1}\\); this app reads data schema version ${SCHEMA_VERSION} and older`,
      ),
      'schemaVersion',
    ],
    [
      'a newer bundle layout',
      (b) => ({ ...b, bundleVersion: BUNDLE_VERSION + 1 }),
      /bundle layout version 2/,
      'bundleVersion',
    ],
    [
      'another format',
      (b) => ({ ...b, format: 'something-else' }),
      /not an MMHS Playground run bundle/,
      'format',
    ],
    ['an array', () => [1, 2], /has no "format" field/],
    [
      'a response without text',
      (b) => {
        const records = b.records as { responses: Record<string, unknown>[] };
        const [first, ...rest] = records.responses;
        const { text: _text, ...noText } = first!;
        void _text;
        return { ...b, records: { ...records, responses: [noText, ...rest] } };
      },
      /expected string/i,
      'records.responses[0].text',
    ],
    [
      'a metric with a wrong class count',
      (b) => {
        const records = b.records as { metrics: Record<string, unknown>[] };
        const metrics = records.metrics.map((m) =>
          m.kind === 'functional' ? { ...m, classCount: 99 } : m,
        );
        return { ...b, records: { ...records, metrics } };
      },
      /classCount must equal/,
    ],
    [
      'a record of another run',
      (b) => {
        const records = b.records as { judgements: Record<string, unknown>[] };
        const [first, ...rest] = records.judgements;
        return {
          ...b,
          records: { ...records, judgements: [{ ...first, runId: 'other' }, ...rest] },
        };
      },
      /belongs to run "other"/,
      'records.judgements[0].runId',
    ],
    [
      'a duplicated record',
      (b) => {
        const records = b.records as { units: unknown[] };
        return { ...b, records: { ...records, units: [...records.units, records.units[0]] } };
      },
      /appears twice/,
    ],
    [
      'an invalid definition',
      (b) => {
        const spec = b.spec as { definition: Record<string, unknown> };
        return { ...b, spec: { ...spec, definition: { ...spec.definition, prompts: [] } } };
      },
      /definition is not valid/,
      'spec.definition',
    ],
  ];

  it.each(mutations)('refuses %s with a precise message', async (_, mutate, message, field) => {
    const bundle = await validBundle();
    const bad = mutate(JSON.parse(JSON.stringify(bundle)) as Record<string, unknown>);
    const error = (() => {
      try {
        readRunBundle('shared.json', bytesOf(bad));
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).message).toMatch(/^shared\.json/);
    expect((error as BundleError).message).toMatch(message);
    if (field !== undefined) expect((error as BundleError).field).toBe(field);
  });

  it.each([
    ['an empty file', new Uint8Array(), /empty/],
    ['blank text', '   \n', /empty/],
    [
      'malformed JSON',
      '{\n  "format": "mmhs-playground-run",\n  oops\n}',
      /line 3: The file is not valid JSON/,
    ],
    ['non-UTF-8 bytes', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), /not UTF-8/],
    ['a truncated gzip file', gzipSync(strToU8('{"a":1}')).slice(0, 12), /cannot be decompressed/],
  ] as [string, string | Uint8Array, RegExp][])('refuses %s', (_, input, message) => {
    expect(() => readRunBundle('shared.json', input)).toThrow(message);
  });

  it('refuses a file over the size limit, compressed or not', async () => {
    const bundle = await validBundle();
    const plain = serializeBundle(bundle);
    expect(() => readRunBundle('big.json', plain, 100)).toThrow(/more than the 0\.0 MB/);
    const gz = serializeBundle(bundle, true);
    expect(() => readRunBundle('big.json.gz', gz, gz.length + 1)).toThrow(BundleError);
  });

  it('refuses a run that is already stored and writes nothing', async () => {
    const { db, persisted } = await storedRun();
    const bundle = readRunBundle('b.json', serializeBundle(buildRunBundle(persisted).bundle));
    const before = await countRecords(db, 'responses');
    await expect(saveRunBundle(db, bundle)).rejects.toBeInstanceOf(BundleConflictError);
    expect(await countRecords(db, 'responses')).toBe(before);
  });

  it.each<[string, number, number | null]>([
    ['writes nothing when the disk is full half-way', 0, 10],
    ['stores all of a 5,000-response bundle, reporting progress', 5000, null],
    ['stores none of a 5,000-response bundle when the disk fills on write 4,000', 5000, 4000],
  ])('%s', async (_, count, failAt) => {
    const { persisted } = await storedRun();
    const small = buildRunBundle(persisted).bundle;
    const responses = Array.from({ length: count }, (_, i) => ({
      ...small.records.responses[i % small.records.responses.length]!,
      id: `many-${i}`,
      index: i,
    }));
    const bundle = readRunBundle(
      'many.json',
      serializeBundle(count === 0 ? small : { ...small, records: { ...small.records, responses } }),
    );
    const target = await freshDb('many');
    if (failAt !== null) failWriteAt(failAt);
    const progress: [number, number][] = [];
    const saving = saveRunBundle(target, bundle, (written, total) =>
      progress.push([written, total]),
    );
    if (failAt === null) {
      const saved = await saving;
      vi.restoreAllMocks();
      expect(await countRecords(target, 'responses')).toBe(count);
      expect(progress.at(-1)).toEqual([saved.records, saved.records]);
      expect(progress.every(([w], i) => i === 0 || w >= progress[i - 1]![0])).toBe(true);
    } else {
      await expect(saving).rejects.toBeInstanceOf(StorageQuotaError);
      vi.restoreAllMocks();
      for (const store of ['runs', 'runSpecs', 'responses', 'runUnits', 'metrics'] as const) {
        expect(await countRecords(target, store), store).toBe(0);
      }
    }
  });
});
