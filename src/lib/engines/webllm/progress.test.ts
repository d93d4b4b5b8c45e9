import { describe, expect, it } from 'vitest';
import { LoadProgressTracker, parseProgressText, type LoadPhase } from './progress';

const MIB = 1024 * 1024;

describe('parseProgressText', () => {
  it.each([
    [
      'Fetching param cache[3/20]: 120MB fetched. 12% completed, 5 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.',
      'downloading',
      120,
    ],
    [
      'Loading model from cache[20/20]: 580MB loaded. 100% completed, 2 secs elapsed.',
      'loading',
      580,
    ],
    ['Start to fetch params', 'starting', null],
    ['Loading GPU shader modules[12/48]: 25% completed, 1 secs elapsed.', 'compiling', null],
    ['Finish loading on WebGPU - google', 'ready', null],
    ['', null, null],
    ['Something WebLLM adds in a later version', null, null],
    ['Fetching param cache[1/1]: 0MB fetched. 0% completed, 0 secs elapsed.', 'downloading', 0],
  ] as const)('%s', (text, phase, megabytes) => {
    expect(parseProgressText(text)).toEqual({ phase, megabytes });
  });
});

type Step = [text: string, progress: number, nowMs: number];
type Expected = {
  phase: LoadPhase;
  fraction: number;
  elapsedMs: number;
  loadedBytes?: number;
  totalBytes?: number;
};

describe('LoadProgressTracker', () => {
  it.each<[string, Step[], Expected[]]>([
    [
      'a first download: fetch, copy to GPU, compile, done',
      [
        ['Start to fetch params', 0, 1000],
        ['Fetching param cache[1/2]: 100MB fetched. 50% completed, 3 secs elapsed.', 0.5, 4000],
        ['Fetching param cache[2/2]: 200MB fetched. 100% completed, 6 secs elapsed.', 1, 7000],
        ['Loading model from cache[1/2]: 100MB loaded. 50% completed, 0 secs elapsed.', 0.5, 7500],
        ['Loading GPU shader modules[1/2]: 50% completed, 0 secs elapsed.', 0.5, 8000],
        ['Finish loading on WebGPU - swiftshader', 1, 9000],
      ],
      [
        { phase: 'starting', fraction: 0, elapsedMs: 0 },
        {
          phase: 'downloading',
          fraction: 0.4,
          elapsedMs: 3000,
          loadedBytes: 100 * MIB,
          totalBytes: 200 * MIB,
        },
        {
          phase: 'downloading',
          fraction: 0.8,
          elapsedMs: 6000,
          loadedBytes: 200 * MIB,
          totalBytes: 200 * MIB,
        },
        {
          phase: 'loading',
          fraction: 0.875,
          elapsedMs: 6500,
          loadedBytes: 100 * MIB,
          totalBytes: 200 * MIB,
        },
        { phase: 'compiling', fraction: 0.975, elapsedMs: 7000 },
        { phase: 'ready', fraction: 1, elapsedMs: 8000 },
      ],
    ],
    [
      'a cached load skips the download share',
      [['Loading model from cache[1/4]: 145MB loaded. 25% completed, 1 secs elapsed.', 0.25, 1000]],
      [
        {
          phase: 'loading',
          fraction: 0.2375,
          elapsedMs: 0,
          loadedBytes: 145 * MIB,
          totalBytes: 580 * MIB,
        },
      ],
    ],
    [
      'the overall fraction never goes back, and bad fractions are clamped',
      [
        ['Fetching param cache[1/2]: 10MB fetched. 50% completed, 1 secs elapsed.', 0.5, 1000],
        ['Fetching param cache[1/2]: 10MB fetched. 40% completed, 1 secs elapsed.', 0.4, 1000],
        ['unknown text keeps the phase', Number.NaN, 1200],
        ['Loading GPU shader modules[3/2]: 150% completed', 1.5, 1000],
      ],
      [
        {
          phase: 'downloading',
          fraction: 0.4,
          elapsedMs: 0,
          loadedBytes: 10 * MIB,
          totalBytes: 20 * MIB,
        },
        {
          phase: 'downloading',
          fraction: 0.4,
          elapsedMs: 0,
          loadedBytes: 10 * MIB,
          totalBytes: 25 * MIB,
        },
        { phase: 'downloading', fraction: 0.4, elapsedMs: 200 },
        { phase: 'compiling', fraction: 1, elapsedMs: 0 },
      ],
    ],
  ])('%s', (_label, steps, expected) => {
    const tracker = new LoadProgressTracker(steps[0]![2]);
    const seen = steps.map(([text, progress, now]) => {
      const { phase, fraction, elapsedMs, loadedBytes, totalBytes } = tracker.update(
        { text, progress, timeElapsed: 0 },
        now,
      );
      return {
        phase,
        fraction: Math.round(fraction * 10000) / 10000,
        elapsedMs,
        ...(loadedBytes !== undefined ? { loadedBytes } : {}),
        ...(totalBytes !== undefined ? { totalBytes } : {}),
      };
    });
    expect(seen).toEqual(expected);
  });
});
