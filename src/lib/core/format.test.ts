// Table tests for the components' byte, time, progress, count and date formatting.
import { describe, expect, it } from 'vitest';
import {
  describeProgress,
  formatBytes,
  formatCount,
  formatDateTime,
  formatElapsed,
  oneLine,
} from './format';

describe('formatBytes', () => {
  it.each<[number | null | undefined, string]>([
    [null, 'size unknown'],
    [undefined, 'size unknown'],
    [-1, 'size unknown'],
    [Number.NaN, 'size unknown'],
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [72 * 1024, '72 KB'],
    [580 * 1024 ** 2, '580 MB'],
    [1.25 * 1024 ** 3, '1.3 GB'],
    [10 * 1024 ** 3, '10.0 GB'],
    [200 * 1024 ** 3, '200 GB'],
    [3 * 1024 ** 4, '3.0 TB'],
  ])('%s -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatElapsed', () => {
  it.each([
    [0, '0 s'],
    [999, '0 s'],
    [42_500, '42 s'],
    [60_000, '1 min 00 s'],
    [185_000, '3 min 05 s'],
    [-5, '0 s'],
    [Number.POSITIVE_INFINITY, '0 s'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});

describe('describeProgress', () => {
  const MB = 1024 ** 2;
  it.each([
    [{ fraction: 0, elapsedMs: 0, text: '' }, '0% · 0 s'],
    [
      { fraction: 0.42, loadedBytes: 120 * MB, totalBytes: 580 * MB, elapsedMs: 12_300, text: '' },
      '42% · 120 MB of 580 MB · 12 s',
    ],
    [
      { fraction: 0.999, loadedBytes: 5 * MB, elapsedMs: 61_000, text: '' },
      '99% · 5 MB · 1 min 01 s',
    ],
    [{ fraction: 1.7, elapsedMs: 1000, text: '' }, '100% · 1 s'],
    [{ fraction: -1, elapsedMs: 1000, text: '' }, '0% · 1 s'],
  ])('%j -> %s', (progress, text) => {
    expect(describeProgress(progress)).toBe(text);
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [1234567, '1,234,567'],
    [12.6, '13'],
  ])('%d -> %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });
});

describe('formatDateTime', () => {
  it.each([0, 1_700_000_000_000, '2026-01-02T03:04:05Z'])(
    '%d reads as the locale date and time',
    (at) => {
      expect(formatDateTime(at)).toBe(new Date(at).toLocaleString());
    },
  );
});

describe('oneLine', () => {
  it.each([
    ['  a \n b\t c ', 10, 'a b c'],
    ['abcdef', 6, 'abcdef'],
    ['abcdefg', 6, 'abcde…'],
    ['ab\n\ncdefg', 6, 'ab cd…'],
  ])('%j cut to %d -> %s', (text, max, want) => {
    expect(oneLine(text, max)).toBe(want);
  });
});
