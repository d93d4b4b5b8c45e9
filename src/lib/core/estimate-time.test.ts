// Table tests of the expected-time estimate: latency from past responses or the default, waves
// of calls at the concurrency limit, batch rounds at the typical and longest turnaround.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CALL_SECONDS,
  callLatency,
  expectedTime,
  formatDuration,
  formatDurationRange,
  type TimeEstimate,
  type TimeInput,
} from './estimate-time';

describe('callLatency', () => {
  it.each<[string, number[], ReturnType<typeof callLatency>]>([
    [
      'none stored: the default',
      [],
      { seconds: DEFAULT_CALL_SECONDS, measured: false, samples: 0 },
    ],
    ['odd count: the middle one', [3000, 1000, 2000], { seconds: 2, measured: true, samples: 3 }],
    [
      'even count: the mean of the middle two',
      [1000, 4000, 2000, 3000],
      { seconds: 2.5, measured: true, samples: 4 },
    ],
    [
      'a stalled call does not dominate',
      [900, 1100, 1000, 120_000],
      { seconds: 1.05, measured: true, samples: 4 },
    ],
    [
      'zeros and NaN are not latencies',
      [0, Number.NaN, 4000],
      { seconds: 4, measured: true, samples: 1 },
    ],
  ])('%s', (_name, latencies, expected) => {
    expect(callLatency(latencies)).toEqual(expected);
  });
});

describe('expectedTime', () => {
  const H = 3600;
  it.each<[string, TimeInput, TimeEstimate]>([
    [
      '100 calls, 10 at once, 2 s each: 10 waves',
      {
        calls: { min: 100, max: 100 },
        concurrency: 10,
        callSeconds: 2,
        batchRounds: { min: 2, max: 4 },
      },
      { interactiveSeconds: { min: 20, max: 20 }, batchSeconds: { min: 2 * H, max: 4 * 24 * H } },
    ],
    [
      'a partial wave counts whole',
      {
        calls: { min: 11, max: 25 },
        concurrency: 10,
        callSeconds: 3,
        batchRounds: { min: 1, max: 1 },
      },
      { interactiveSeconds: { min: 6, max: 9 }, batchSeconds: { min: H, max: 24 * H } },
    ],
    [
      'concurrency below 1 is one call at a time',
      {
        calls: { min: 3, max: 3 },
        concurrency: 0,
        callSeconds: 10,
        batchRounds: { min: 0, max: 0 },
      },
      { interactiveSeconds: { min: 30, max: 30 }, batchSeconds: { min: 0, max: 0 } },
    ],
  ])('%s', (_name, input, expected) => {
    expect(expectedTime(input)).toEqual(expected);
  });
});

describe('formatDuration', () => {
  it.each<[number, string]>([
    [0, '0 s'],
    [44.6, '45 s'],
    [60, '1 min'],
    [1800, '30 min'],
    [3600, '1 h'],
    [5400, '1.5 h'],
    [47 * 3600, '47 h'],
    [4 * 86400, '4 days'],
  ])('%d s reads %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('reads a range as one value when both ends agree', () => {
    expect(formatDurationRange({ min: 20, max: 20 })).toBe('20 s');
    expect(formatDurationRange({ min: 7200, max: 345_600 })).toBe('2 h – 4 days');
  });
});
