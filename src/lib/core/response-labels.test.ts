import { describe, expect, it } from 'vitest';
import {
  cardMeta,
  edgeCounts,
  letterLegend,
  modelLetters,
  nodeTexts,
  type LabelledCard,
} from './response-labels';

const card = (model: string, index: number, extra: Partial<LabelledCard> = {}): LabelledCard => ({
  model,
  index,
  quality: null,
  ...extra,
});
const letters = modelLetters(['o/a', 'o/b', 'o/c']);
const short = (id: string): string => id.split('/')[1] ?? id;

describe('modelLetters', () => {
  const many = Array.from({ length: 27 }, (_, i) => `m${i}`);
  it.each<[string[], string, string | undefined]>([
    [[], 'x', undefined],
    [['x', 'y'], 'x', 'a'],
    [['x', 'y'], 'y', 'b'],
    [many, 'm25', 'z'],
    [many, 'm26', 'a'],
  ])('%#: %s', (generators, model, want) => {
    expect(modelLetters(generators).get(model)).toBe(want);
  });
});

describe('nodeTexts', () => {
  const cards = [card('o/a', 0), card('o/b', 2), card('o/z', 1)];
  it.each<[boolean, string[]]>([
    [false, ['1', '3', '2']],
    [true, ['a1', 'b3', '?2']],
  ])('pooled %s', (pooled, want) => {
    expect(nodeTexts(cards, pooled, letters)).toEqual(want);
  });
});

describe('letterLegend', () => {
  it.each<[LabelledCard[], string]>([
    [[], ''],
    [[card('o/a', 0)], 'a = a'],
    [[card('o/c', 0), card('o/a', 1)], 'a = a, c = c'],
  ])('%#', (cards, want) => {
    expect(letterLegend(letters, cards, short)).toBe(want);
  });
});

describe('edgeCounts', () => {
  it.each<[('judged' | 'inferred')[], { judged: number; inferred: number }]>([
    [[], { judged: 0, inferred: 0 }],
    [['judged', 'inferred', 'judged'], { judged: 2, inferred: 1 }],
  ])('%j', (sources, want) => {
    expect(edgeCounts(sources.map((source) => ({ source })))).toEqual(want);
  });
});

describe('cardMeta', () => {
  const fmt = (v: number): string => String(Number(v.toFixed(2)));
  it.each<[Partial<LabelledCard>, string[]]>([
    [{}, []],
    [{ quality: 3.456 }, ['quality 3.46']],
    [{ correct: true }, ['correct']],
    [{ correct: false }, ['incorrect']],
    [{ correct: null }, []],
    [{ finishReason: 'length' }, ['cut off at max tokens']],
    [{ finishReason: 'stop' }, []],
    [
      { quality: 4, correct: false, finishReason: 'length' },
      ['quality 4', 'incorrect', 'cut off at max tokens'],
    ],
  ])('%j', (extra, want) => {
    expect(cardMeta(card('o/a', 0, extra), fmt)).toEqual(want);
  });
});
