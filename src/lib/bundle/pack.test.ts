// Tests of workshop packs: export from a stored run (no keys, the run as a finished run), reading
// untrusted packs (every refusal names its field), and saving a pack's runs all or nothing.

import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { countRecords } from '../storage/testing/records';
import { StorageQuotaError } from '../storage/errors';
import { serializeBundle } from './export';
import { BundleError, persistedFromBundle, readRunBundle, saveRunBundles } from './import';
import {
  PACK_FORMAT,
  buildWorkshopPack,
  keyLikeField,
  packFileName,
  readWorkshopPack,
  serializePack,
  type WorkshopPack,
} from './pack';
import type { RunBundle } from './schema';
import { workshopBundle, failWriteAt, freshDatabases } from './testing/fixtures';

const SECRET = 'sk-live-0123456789abcdefSECRET';
const freshDb = freshDatabases();

async function pack(options: Parameters<typeof buildWorkshopPack>[1] = {}): Promise<WorkshopPack> {
  return buildWorkshopPack(persistedFromBundle(await workshopBundle()), {
    now: new Date('2025-05-01T10:00:00Z'),
    ...options,
  });
}

/** The pack as JSON with one change applied to its plain object. */
function edited(p: WorkshopPack, change: (v: Record<string, unknown>) => void): string {
  const value = JSON.parse(JSON.stringify(p)) as Record<string, unknown>;
  change(value);
  return JSON.stringify(value);
}

describe('exporting a workshop pack', () => {
  it('holds the run prompts, its settings without engines, the run itself and a guide', async () => {
    const p = await pack({ guide: '# Welcome' });
    expect(p.format).toBe(PACK_FORMAT);
    expect(p.title).toBe('Workshop: colours');
    expect(p.guide).toBe('# Welcome');
    expect(p.prompts.map((q) => [q.id, q.text, q.category])).toEqual([
      ['c1', 'Name a colour.', 'B'],
    ]);
    expect(Object.keys(p.settings).sort()).toEqual(
      [
        'accuracy',
        'bothOrders',
        'classify',
        'judgeEveryPair',
        'k',
        'maxTokens',
        'quality',
        'strategies',
        'temperature',
        'topP',
      ].sort(),
    );
    expect(p.runs.map((r) => [r.run.id, r.records.responses.length])).toEqual([
      ['run-workshop-1', 4],
    ]);
    expect(packFileName(p)).toBe('Workshop-colours.mmhs-pack.json');
    expect(packFileName(p, true)).toBe('Workshop-colours.mmhs-pack.json.gz');
  });

  it('never carries a key: known keys in texts are replaced, key-like fields removed', async () => {
    const bundle = await workshopBundle();
    const persisted = persistedFromBundle(bundle);
    const withKey = {
      ...persisted,
      spec: {
        ...persisted.spec!,
        definition: { ...(persisted.spec!.definition as object), apiKey: SECRET },
      },
      responses: persisted.responses.map((r, i) =>
        i === 0 ? { ...r, text: `Blue ${SECRET}` } : r,
      ),
    };
    const p = buildWorkshopPack(withKey, { secrets: [SECRET] });
    const text = new TextDecoder().decode(serializePack(p));
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/apiKey/i);
    expect(keyLikeField(p)).toBeUndefined();
  });

  it('refuses a guide holding something shaped like a key, naming the field', async () => {
    await expect(pack({ guide: 'Use sk-proj-abcdefghijklmnop1234 for the demo' })).rejects.toThrow(
      /field "guide": This text contains something shaped like an API key/,
    );
  });

  it('reads back exactly what it wrote, plain and gzipped', async () => {
    const p = await pack();
    for (const gzip of [false, true]) {
      const back = readWorkshopPack('w.json', serializePack(p, gzip));
      expect(back).toEqual(p);
    }
  });
});

describe('reading an untrusted workshop pack', () => {
  it.each<[string, (v: Record<string, unknown>) => void, RegExp]>([
    [
      'an API key in the settings',
      (v) => ((v.settings as Record<string, unknown>).apiKey = SECRET),
      /field "settings\.apiKey": This field looks like an API key/,
    ],
    [
      'an Authorization field on a prompt',
      (v) => ((v.prompts as Record<string, unknown>[])[0]!.authorization = 'Bearer x'),
      /field "prompts\[0\]\.authorization": This field looks like an API key/,
    ],
    [
      'a key-like field deep in a run',
      (v) => {
        const run = (v.runs as Record<string, Record<string, unknown>>[])[0]!;
        (run.spec!.definition as Record<string, unknown>).x_api_key = 'abc';
      },
      /field "runs\[0\]\.spec\.definition\.x_api_key"/,
    ],
    [
      'a key-shaped text in a prompt',
      (v) => ((v.prompts as Record<string, unknown>[])[0]!.text = 'Try AIzaSyA1234567890abcdefg'),
      /field "prompts\[0\]\.text": This text contains something shaped like an API key/,
    ],
    [
      'an engine choice in the settings',
      (v) => ((v.settings as Record<string, unknown>).generators = ['openai/gpt-4o']),
      /field "settings": Unrecognized key: "generators"/,
    ],
    [
      'a k out of range',
      (v) => ((v.settings as Record<string, unknown>).k = 500),
      /field "settings\.k": Too big/,
    ],
    ['no prompts', (v) => (v.prompts = []), /field "prompts": a pack needs at least one prompt/],
    [
      'a duplicate prompt id',
      (v) => (v.prompts = [...(v.prompts as object[]), ...(v.prompts as object[])]),
      /field "prompts\[1\]\.id": The prompt id "c1" appears twice/,
    ],
    ['a guide too long', (v) => (v.guide = 'x'.repeat(20_001)), /field "guide": Too big/],
    [
      'a damaged run',
      (v) => {
        const run = (v.runs as Record<string, Record<string, unknown[]>>[])[0]!;
        (run.records!.responses![1] as Record<string, unknown>).text = 42;
      },
      /field "runs\[0\]\.records\.responses\[1\]\.text"/,
    ],
    [
      'the same run twice',
      (v) => (v.runs = [...(v.runs as object[]), ...(v.runs as object[])]),
      /field "runs\[1\]\.run\.id": The run "run-workshop-1" appears twice/,
    ],
    [
      'a run bundle instead of a pack',
      (v) => (v.format = 'mmhs-playground-run'),
      /field "format": .*It is a run bundle: open it under Data › Open a shared run/,
    ],
    [
      'a pack from a newer app',
      (v) => (v.packVersion = 2),
      /field "packVersion": The pack was made by a newer MMHS Playground/,
    ],
    ['an unknown top-level field', (v) => (v.extra = 1), /Unrecognized key: "extra"/],
  ])('refuses %s, naming the field', async (_, change, message) => {
    const text = edited(await pack(), change);
    let error: unknown;
    try {
      readWorkshopPack('pack.json', text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(BundleError);
    expect((error as Error).message).toMatch(/^pack\.json/);
    expect((error as Error).message).toMatch(message);
  });

  it.each<[string, string, RegExp]>([
    ['an empty file', '', /The file is empty/],
    ['broken JSON', '{"format":', /not valid JSON/],
    ['a list', '[]', /not an MMHS Playground workshop pack/],
  ])('refuses %s', (_, text, message) => {
    expect(() => readWorkshopPack('p.json', text)).toThrow(message);
  });

  it("keeps the settings a pack gives and fills the paper's defaults for the rest", async () => {
    const text = edited(await pack(), (v) => (v.settings = { k: 3, temperature: 0.7 }));
    expect(readWorkshopPack('p.json', text).settings).toMatchObject({
      k: 3,
      temperature: 0.7,
      topP: 0.9,
      maxTokens: 1024,
      classify: true,
    });
  });
});

describe("saving a pack's finished runs", () => {
  async function twoRuns(): Promise<RunBundle[]> {
    const bundles = [await workshopBundle(), await workshopBundle({ runId: 'run-workshop-2' })];
    return bundles.map((b) => readRunBundle('b.json', serializeBundle(b)));
  }

  it.each<[string, number | null, number]>([
    ['stores every run in one transaction', null, 2],
    ['stores none when the disk fills on the second run', 30, 0],
  ])('%s', async (_, failAt, runs) => {
    const bundles = await twoRuns();
    const db = await freshDb(`save-${String(failAt)}`);
    if (failAt !== null) failWriteAt(failAt);
    const saving = saveRunBundles(db, bundles, { existing: 'skip' });
    if (failAt === null)
      await expect(saving).resolves.toMatchObject({ saved: ['run-workshop-1', 'run-workshop-2'] });
    else await expect(saving).rejects.toBeInstanceOf(StorageQuotaError);
    vi.restoreAllMocks();
    expect(await countRecords(db, 'runs')).toBe(runs);
    expect(await countRecords(db, 'responses')).toBe(runs * 4);
  });

  it('opening the same pack twice stores nothing twice', async () => {
    const bundles = await twoRuns();
    const db = await freshDb('twice');
    await saveRunBundles(db, bundles.slice(0, 1), { existing: 'skip' });
    const again = await saveRunBundles(db, bundles, { existing: 'skip' });
    expect(again.saved).toEqual(['run-workshop-2']);
    expect(again.skipped).toEqual(['run-workshop-1']);
    expect(await countRecords(db, 'responses')).toBe(8);
  });
});
