// Shared engine helpers: usage sums, n notes, the rejected-parameter
// fallback, and vector normalisation.
import { describe, expect, it } from 'vitest';
import { ParameterRejectedError } from '../errors';
import type { ChatRequest, TokenUsage } from '../types';
import {
  nEmulatedNote,
  sumUsage,
  usageOf,
  wantedChoices,
  withParamFallback,
  type PartialResult,
} from './common';
import { normalizeVector } from './vectors';

const u = (p: number, c: number): TokenUsage => ({
  promptTokens: p,
  completionTokens: c,
  totalTokens: p + c,
});

describe('sumUsage', () => {
  it.each([
    ['none', [], null],
    ['one', [u(1, 2)], u(1, 2)],
    ['several', [u(1, 2), u(3, 4)], u(4, 6)],
    ['one missing', [u(1, 2), null], null],
  ])('%s', (_label, usages, expected) => {
    expect(sumUsage(usages)).toEqual(expected);
  });
});

describe('usageOf', () => {
  it.each([
    [3, 4, undefined, u(3, 4)],
    [3, 4, 10, { promptTokens: 3, completionTokens: 4, totalTokens: 10 }],
    [3, undefined, undefined, u(3, 0)],
    [undefined, undefined, 5, null],
    [null, null, null, null],
  ])('%s/%s/%s', (p, c, t, expected) => {
    expect(usageOf(p, c, t)).toEqual(expected);
  });
});

describe('wantedChoices and notes', () => {
  it.each([
    [undefined, 1],
    [0, 1],
    [1, 1],
    [3, 3],
    [2.9, 2],
  ])('n=%s -> %i', (n, expected) => {
    expect(wantedChoices({ messages: [], n })).toBe(expected);
  });

  it.each([
    [3, 0, 'no native n; the 3 choices came from 3 separate calls'],
    [3, 1, 'returned 1 of 3 choices; the remaining 2'],
  ])('note for n=%i with %i native', (n, native, fragment) => {
    expect(nEmulatedNote('P', n, native)).toMatchObject({ param: 'n', status: 'emulated' });
    expect(nEmulatedNote('P', n, native).message).toContain(fragment);
  });
});

describe('withParamFallback', () => {
  const rejected = (param: keyof ChatRequest) =>
    new ParameterRejectedError({ provider: 'P', model: 'm' }, param);
  const ok = (req: ChatRequest): PartialResult => ({
    choices: [{ text: 'ok', finishReason: 'stop' }],
    usage: null,
    applied: { model: 'm', temperature: req.temperature, seed: req.seed },
    notes: [],
  });

  it.each([
    // rejected params in order, mode, expected notes, expected final temperature
    [[], 'throw', [], 0.5],
    [['temperature'], 'drop-and-note', ['temperature:rejected'], undefined],
    [
      ['temperature', 'seed'],
      'drop-and-note',
      ['temperature:rejected', 'seed:rejected'],
      undefined,
    ],
  ] as const)('rejections %o in %s mode', async (params, mode, notes, temperature) => {
    const queue = [...params];
    const result = await withParamFallback(
      { messages: [], temperature: 0.5, seed: 1 },
      mode,
      'P',
      async (req) => {
        const next = queue.shift();
        if (next) throw rejected(next);
        return ok(req);
      },
    );
    expect(result.notes.map((n) => `${n.param}:${n.status}`)).toEqual(notes);
    expect(result.applied.temperature).toBe(temperature);
  });

  it.each([
    ['throw mode', 'throw', 'temperature', { temperature: 0.5 }],
    ['param not in the request', 'drop-and-note', 'top_p', { temperature: 0.5 }],
    ['undroppable param', 'drop-and-note', 'messages', { temperature: 0.5 }],
  ] as const)('rethrows in %s', async (_label, mode, param, extra) => {
    await expect(
      withParamFallback({ messages: [], ...extra }, mode, 'P', async () => {
        throw rejected(param);
      }),
    ).rejects.toBeInstanceOf(ParameterRejectedError);
  });

  it('switches to emulated n when n is refused', async () => {
    const seen: boolean[] = [];
    const result = await withParamFallback(
      { messages: [], n: 3 },
      'drop-and-note',
      'P',
      async (req, flags) => {
        seen.push(flags.emulateN);
        if (!flags.emulateN) throw rejected('n');
        return ok(req);
      },
    );
    expect(seen).toEqual([false, true]);
    expect(result.notes).toEqual([expect.objectContaining({ param: 'n', status: 'rejected' })]);
  });
});

describe('normalizeVector', () => {
  it.each([
    [
      [3, 4],
      [0.6, 0.8],
    ],
    [
      [0, 0, 0],
      [0, 0, 0],
    ],
    [[-2], [-1]],
    [[], []],
  ])('%o -> %o', (input, expected) => {
    const out = normalizeVector(input);
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out).map((x) => Number(x.toFixed(6)))).toEqual(expected);
  });
});
