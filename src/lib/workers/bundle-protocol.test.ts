// Tests of the bundle reader's messages: a bundle goes out as head, record slices and done, and
// comes back together equal to what readRunBundle returns; a bad file becomes the same BundleError.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { serializeBundle } from '../bundle/export';
import { BundleError, persistedFromBundle, readRunBundle } from '../bundle/import';
import type { RunBundle } from '../bundle/schema';
import { workshopBundle } from '../bundle/testing/fixtures';
import { summarizeRun } from '../pipeline/results';
import {
  BundleAssembler,
  bundleMessages,
  RECORDS_PER_MESSAGE,
  type BundleReadMessage,
} from './bundle-protocol';

function withResponses(bundle: RunBundle, n: number): RunBundle {
  const base = bundle.records.responses[0]!;
  const responses = Array.from({ length: n }, (_, i) => ({ ...base, id: `r${i}`, index: i }));
  return { ...bundle, records: { ...bundle.records, responses } };
}

function run(name: string, bytes: Uint8Array): { messages: BundleReadMessage[]; out: unknown } {
  const messages: BundleReadMessage[] = [];
  const assembler = new BundleAssembler();
  let out: unknown;
  for (const m of bundleMessages({ fileName: name, bytes: bytes.slice().buffer })) {
    messages.push(m);
    out = assembler.take(m) ?? out;
  }
  return { messages, out };
}

describe('bundleMessages and BundleAssembler', () => {
  it.each<[number, number[]]>([
    [0, []],
    [3, [3]],
    [RECORDS_PER_MESSAGE, [RECORDS_PER_MESSAGE]],
    [2 * RECORDS_PER_MESSAGE + 500, [RECORDS_PER_MESSAGE, RECORDS_PER_MESSAGE, 500]],
  ])('%i responses travel in slices of %j and come back whole', async (n, slices) => {
    const bundle = withResponses(await workshopBundle(), n);
    const bytes = serializeBundle(bundle);
    const { messages, out } = run('b.json', bytes);
    expect(messages[0]?.type).toBe('head');
    expect(messages.at(-1)?.type).toBe('done');
    const responseSlices = messages.flatMap((m) =>
      m.type === 'records' && m.store === 'responses' ? [m.records.length] : [],
    );
    expect(responseSlices).toEqual(slices);
    const expected = readRunBundle('b.json', bytes);
    expect(out).toEqual({
      bundle: expected,
      summary: summarizeRun(persistedFromBundle(expected)),
    });
  });

  it.each<[string, Uint8Array]>([
    ['broken JSON', new TextEncoder().encode('{"format": "mmhs-playground-run", oops')],
    ['an empty file', new Uint8Array(0)],
    ['a JSON file that is not a bundle', new TextEncoder().encode('{"a": 1}')],
  ])('turns %s into the BundleError readRunBundle throws', (_, bytes) => {
    let thrown: unknown;
    try {
      readRunBundle('bad.json', bytes);
    } catch (err) {
      thrown = err;
    }
    const { messages, out } = run('bad.json', bytes);
    expect(messages.map((m) => m.type)).toEqual(['error']);
    expect(out).toBeInstanceOf(BundleError);
    expect(out).toMatchObject({
      message: (thrown as BundleError).message,
      code: (thrown as BundleError).code,
      field: (thrown as BundleError).field,
      line: (thrown as BundleError).line,
    });
  });
});
