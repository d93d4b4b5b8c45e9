// Tests of the pure generation helpers: top-p filtering, stop strings and stream assembly.
import { describe, expect, it } from 'vitest';
import { StreamAssembler, applyTopP, findStop, truncateAtStop } from './sampling';

const kept = (logits: number[], p: number): number[] => {
  const row = Float32Array.from(logits);
  applyTopP(row, p);
  return Array.from(row.keys()).filter((i) => row[i] !== -Infinity);
};

describe('applyTopP', () => {
  // Logits ln(0.5), ln(0.3), ln(0.2) give probabilities 0.5, 0.3, 0.2.
  const l = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];
  it.each([
    ['p = 1 keeps all', l, 1, [0, 1, 2]],
    ['p above 1 keeps all', l, 1.5, [0, 1, 2]],
    ['p = 0 keeps the top token', l, 0, [0]],
    ['negative p keeps the top token', l, -1, [0]],
    ['NaN is treated as off', l, Number.NaN, [0, 1, 2]],
    ['tiny p keeps the top token', l, 0.01, [0]],
    ['p = 0.5 exactly keeps one', l, 0.5, [0]],
    ['p = 0.8 keeps two (0.5 + 0.3)', l, 0.8, [0, 1]],
    ['p = 0.81 keeps three', l, 0.81, [0, 1, 2]],
    ['order does not matter', [Math.log(0.2), Math.log(0.5), Math.log(0.3)], 0.8, [1, 2]],
    ['ties keep at least one', [0, 0, 0, 0], 0.1, [0]],
    ['single token', [3], 0.5, [0]],
    ['empty row', [], 0.5, []],
    ['already filtered stays filtered', [0, -Infinity, 0], 0.9, [0, 2]],
  ])('%s', (_label, logits, p, expected) => {
    expect(kept(logits, p)).toEqual(expected);
  });

  it('leaves kept logits unchanged', () => {
    const row = Float32Array.from(l);
    applyTopP(row, 0.8);
    expect(row[0]).toBeCloseTo(Math.log(0.5));
    expect(row[1]).toBeCloseTo(Math.log(0.3));
  });
});

describe('findStop / truncateAtStop', () => {
  it.each([
    ['no stops', 'hello world', [], -1, 'hello world', false],
    ['one stop', 'hello world', ['wor'], 6, 'hello ', true],
    ['earliest of several', 'a. b\n c', ['\n', '.'], 1, 'a', true],
    ['stop at start', 'END here', ['END'], 0, '', true],
    ['empty stop ignored', 'abc', [''], -1, 'abc', false],
    ['absent stop', 'abc', ['x'], -1, 'abc', false],
    ['unicode stop', 'café ☕ done', ['☕'], 5, 'café ', true],
    ['empty text', '', ['x'], -1, '', false],
  ])('%s', (_label, text, stops, at, truncated, stopped) => {
    expect(findStop(text, stops)).toBe(at);
    expect(truncateAtStop(text, stops)).toEqual({ text: truncated, stopped });
  });
});

/** Feed successive decodings, then the final text; return every delta. */
function assemble(stops: string[], steps: string[], final: string): string[] {
  const a = new StreamAssembler(stops);
  const deltas = steps.map((s) => a.update(s));
  deltas.push(a.finish(final));
  return deltas;
}

describe('StreamAssembler', () => {
  it.each([
    [
      'emits whole words only',
      [],
      ['two', 'two three', 'two three four'],
      'two three four',
      ['', 'two ', 'three ', 'four'],
    ],
    ['holds a single word until the end', [], ['hel', 'hello'], 'hello', ['', '', 'hello']],
    ['newline ends a word', [], ['a\nb', 'a\nbc d'], 'a\nbc d', ['a\n', 'bc ', 'd']],
    [
      'never emits a stop string',
      ['STOP'],
      ['one two ', 'one two ST', 'one two STOP'],
      'one two ',
      ['one ', '', '', 'two '],
    ],
    ['holds back a possible stop prefix', ['\n\n'], ['a b \n'], 'a b \n', ['a b ', '\n']],
    ['no text at all', [], [''], '', ['', '']],
    [
      'unicode words',
      [],
      ['héllo wörld', 'héllo wörld ☕ x'],
      'héllo wörld ☕ x',
      ['héllo ', 'wörld ☕ ', 'x'],
    ],
    [
      'changed earlier text is not retracted',
      [],
      ['ab cd', 'xy cd ef'],
      'ab cd ef',
      ['ab ', '', 'cd ef'],
    ],
  ])('%s', (_label, stops, steps, final, expected) => {
    const deltas = assemble(stops, steps, final);
    expect(deltas).toEqual(expected);
    expect(deltas.join('')).toBe(final);
  });
});
