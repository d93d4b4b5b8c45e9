// The compression ratio against Python: every case of testing/compression-reference.json (made by
// scripts/compression-reference.py with gzip.compress(data, 9)) must match byte for byte.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compressionRatio, compressionSizes } from './metrics';
import reference from './testing/compression-reference.json';
import { HAS_SHARED_DATA, sharedDataPath } from '../../../tests/shared-data';

type Recipe = [string, number][];

interface ReferenceCase {
  source: string;
  id: string;
  /** 'all' (every generation of the row), 0 (the first one), or synthetic [piece, repeat] recipes. */
  texts: 'all' | 0 | Recipe[];
  sha256: string;
  utf8Bytes: number;
  gzipBytes: number;
  ratio: number;
}

interface GenerationRow {
  id: string;
  generations: string[];
}

const sources = reference.sources as Record<string, string>;
const cases = reference.cases as ReferenceCase[];
const rowsBySource = new Map<string, GenerationRow[]>();

/** The rows of one source file in curated-number order, as the script reads them. */
function rows(source: string): GenerationRow[] {
  let loaded = rowsBySource.get(source);
  if (loaded === undefined) {
    const path = sources[source];
    if (path === undefined) throw new Error(`unknown source ${source}`);
    loaded = readFileSync(sharedDataPath(path), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as GenerationRow)
      .sort((a, b) => curatedNumber(a.id) - curatedNumber(b.id));
    rowsBySource.set(source, loaded);
  }
  return loaded;
}

function curatedNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf('-') + 1));
}

/** Rebuilds the texts a case was computed from. */
function textsOf(testCase: ReferenceCase): string[] {
  if (Array.isArray(testCase.texts)) {
    return testCase.texts.map((recipe) =>
      recipe.map(([piece, times]) => piece.repeat(times)).join(''),
    );
  }
  if (testCase.id === '*') return rows(testCase.source).flatMap((row) => row.generations);
  const row = rows(testCase.source).find((candidate) => candidate.id === testCase.id);
  if (row === undefined) throw new Error(`${testCase.source} has no row ${testCase.id}`);
  return testCase.texts === 'all' ? row.generations : row.generations.slice(0, 1);
}

function shortSha256(texts: readonly string[]): string {
  return createHash('sha256').update(texts.join(' '), 'utf8').digest('hex').slice(0, 16);
}

const synthetic = cases.filter((testCase) => testCase.source === 'synthetic');
const real = cases.filter((testCase) => testCase.source !== 'synthetic');

describe('the reference file', () => {
  it('was made with gzip level 9 and holds a few hundred real cases from every source', () => {
    expect(reference.level).toBe(9);
    expect(real.length).toBeGreaterThanOrEqual(300);
    expect(new Set(real.map((testCase) => testCase.source))).toEqual(new Set(Object.keys(sources)));
    expect(real.filter((testCase) => testCase.texts === 'all').length).toBeGreaterThan(200);
    expect(real.filter((testCase) => testCase.texts === 0).length).toBeGreaterThan(100);
  });
});

/** Same input as the script (fails loudly if the data changed), then byte-exact sizes and the
 * same double: both sides divide the same two integers once. */
function expectMatchesPython(testCase: ReferenceCase): void {
  const texts = textsOf(testCase);
  expect(shortSha256(texts)).toBe(testCase.sha256);
  expect(compressionSizes(texts)).toEqual({
    utf8Bytes: testCase.utf8Bytes,
    gzipBytes: testCase.gzipBytes,
  });
  expect(compressionRatio(texts)).toBe(testCase.ratio);
}

describe('compressionSizes equals Python gzip.compress(data, 9) on made-up edge cases', () => {
  it.each(synthetic.map((testCase) => [testCase.id, testCase] as const))('%s', (_id, testCase) =>
    expectMatchesPython(testCase),
  );
});

describe.skipIf(!HAS_SHARED_DATA)(
  'compressionSizes equals Python gzip.compress(data, 9) on real NoveltyBench generations',
  () => {
    it.each(
      real.map(
        (testCase) =>
          [`${testCase.source} ${testCase.id} texts=${testCase.texts}`, testCase] as const,
      ),
    )('%s', (_name, testCase) => expectMatchesPython(testCase));
  },
);
