// Table-driven tests for splitting one output into k responses, strict and lenient.
import { describe, it, expect } from 'vitest';
import { parseMultiResponse, parseMultiResponseLenient } from './responses';
import { value, kind } from '../testing/parse-results';

describe('parseMultiResponse', () => {
  const tagged3 =
    '<response id="1">\nAlpha\n</response>\n<response id="2">\nBeta\n</response>\n<response id="3">\nGamma\n</response>';
  it.each([
    [tagged3, 3, ['Alpha', 'Beta', 'Gamma']],
    [
      `Here are three responses:\n\n${tagged3}\n\nI hope these help!`,
      3,
      ['Alpha', 'Beta', 'Gamma'],
    ],
    ['<response id="1">\nFirst\n<response id="2">\nSecond', 2, ['First', 'Second']],
    ["<response id='1'>x</response><response id=2>y</response>", 2, ['x', 'y']],
    ['<response_1>x</response_1>\n<response-2>y</response-2>', 2, ['x', 'y']],
    ['<RESPONSE>x</RESPONSE><Response>y</Response>', 2, ['x', 'y']],
    ['<responses>\n<response id="1">x</response>\n</responses>', 1, ['x']],
    ['```xml\n<response id="1">x</response>\n<response id="2">y</response>\n```', 2, ['x', 'y']],
    [
      '<response id="1">\n# Title\n\n1. step one\n2. step two\n\n---\n\n| a | b |\n</response>',
      1,
      ['# Title\n\n1. step one\n2. step two\n\n\n\n| a | b |'],
    ],
    [
      '<response id="1">巴黎是法国的首都。</response><response id="2">ＡＢＣ①</response>',
      2,
      ['巴黎是法国的首都。', 'ＡＢＣ①'],
    ],
    ['<response id="1">Use <b>bold</b> & <i>it</i></response>', 1, ['Use <b>bold</b> & <i>it</i>']],
    [
      '<think>draft <response id="1">no</response></think><response id="1">yes</response>',
      1,
      ['yes'],
    ],
    ['Response 1: Paris\nResponse 2: Lyon', 2, ['Paris', 'Lyon']],
    ['**Response 1**\nfoo\n\n**Response 2**\nbar', 2, ['foo', 'bar']],
    ['=== Response 1 ===\nfoo\n=== Response 2 ===\nbar', 2, ['foo', 'bar']],
    ['### Answer 1\nfoo\n### Answer 2\nbar', 2, ['foo', 'bar']],
    [
      'Response 1: see option 2 below\nOption 2 is mine\nResponse 2: other',
      2,
      ['see option 2 below\nOption 2 is mine', 'other'],
    ],
  ])('%j (k=%i)', (text, k, expected) => {
    expect(value(parseMultiResponse(text, k))).toEqual(expected);
  });

  it.each([
    ['', 3, 'empty', 0],
    ['Just a single answer without delimiters.', 3, 'no-match', 0],
    ['<response id="1">a</response><response id="2">b</response>', 3, 'wrong-count', 2],
    [
      '<response id="1">a</response><response id="2">b</response><response id="3">c</response>',
      2,
      'wrong-count',
      3,
    ],
    ['<response id="1"></response><response id="2">x</response>', 2, 'wrong-count', 1],
    ['<response id="1">   </response>', 1, 'wrong-count', 0],
    ['Response 2: starts at two', 1, 'no-match', 0],
  ])('%j (k=%i) fails with %s; lenient keeps %i', (text, k, expected, found) => {
    expect(kind(parseMultiResponse(text, k))).toBe(expected);
    const lenient = parseMultiResponseLenient(text, k);
    expect(lenient.issue?.kind).toBe(expected);
    expect(lenient.responses).toHaveLength(found);
  });

  it('reports ignored empty blocks in the message', () => {
    const r = parseMultiResponse('<response id="1"></response><response id="2">x</response>', 2);
    expect(r.ok ? '' : r.error.message).toMatch(/1 empty block ignored/);
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('k=%d throws RangeError', (k) => {
    expect(() => parseMultiResponse('<response>x</response>', k)).toThrow(RangeError);
  });

  it('lenient mode returns the responses and no issue on success', () => {
    expect(parseMultiResponseLenient(tagged3, 3)).toEqual({
      responses: ['Alpha', 'Beta', 'Gamma'],
      issue: null,
    });
  });
});
