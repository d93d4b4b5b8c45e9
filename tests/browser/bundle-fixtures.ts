// Run bundles for the browser tests: the small workshop run (made in Node by the real pipeline with
// scripted engines) and the same run blown up for the huge-input tests (huge texts, many records).
import 'fake-indexeddb/auto';
import type { RunBundle } from '../../src/lib/bundle/schema';

export { workshopBundle } from '../../src/lib/bundle/testing/fixtures';

/** The bundle with the texts of its first responses replaced by `texts`, in order. */
export function withResponseTexts(bundle: RunBundle, texts: readonly string[]): RunBundle {
  const responses = bundle.records.responses.map((r, i) =>
    i < texts.length ? { ...r, text: texts[i]! } : r,
  );
  return { ...bundle, records: { ...bundle.records, responses } };
}

/**
 * The bundle with `count` responses: copies of its own responses under new ids, each with a
 * paragraph of distinct text, as a long run's export would hold.
 */
export function withManyResponses(bundle: RunBundle, count: number): RunBundle {
  const originals = bundle.records.responses;
  const responses = Array.from({ length: count }, (_, i) => {
    const base = originals[i % originals.length]!;
    return {
      ...base,
      id: `${base.id}~${i}`,
      index: i,
      text: `Response ${i}: ${base.text}. A colour such as blue, red or green names a band of light; this one is number ${i * 7919}.`,
    };
  });
  return { ...bundle, records: { ...bundle.records, responses } };
}
