// Table tests for the safe Python-literal reader: what ast.literal_eval accepts for plain data,
// Python's escape rules, and rejection of anything that is code rather than data.
import { describe, it, expect } from 'vitest';
import { parsePythonLiteral, PyLiteralError, type PyValue } from './pyliteral';

describe('parsePythonLiteral', () => {
  it.each<[string, PyValue]>([
    [
      "{'topic': 'Art', 'answer_type': 'Person', 'urls': ['https://a', 'https://b']}",
      { topic: 'Art', answer_type: 'Person', urls: ['https://a', 'https://b'] },
    ],
    ['{}', {}],
    ['[]', []],
    ['()', []],
    ['(1,)', [1]],
    ['(1)', 1],
    ['(1, 2, )', [1, 2]],
    ["{'a', 'b'}", ['a', 'b']],
    ["{'a': 1,}", { a: 1 }],
    ["{1: 'one', None: 'none', True: 'yes'}", { 1: 'one', null: 'none', true: 'yes' }],
    ["'single'", 'single'],
    ['"double"', 'double'],
    ['"it\'s"', "it's"],
    ['\'say "hi"\'', 'say "hi"'],
    ["'it\\'s'", "it's"],
    ["'a\\nb\\tc\\\\d'", 'a\nb\tc\\d'],
    ["'\\x41\\u00e9\\U0001F600'", 'A\u00e9\u{1F600}'],
    ["'\\101\\0'", 'A\0'],
    ["'keep \\d and \\w'", 'keep \\d and \\w'],
    ["r'raw \\n stays'", 'raw \\n stays'],
    ["u'unicode prefix'", 'unicode prefix'],
    ["b'bytes prefix'", 'bytes prefix'],
    ["'''triple 'quoted'\nstring'''", "triple 'quoted'\nstring"],
    ["'con' 'cat' \"enation\"", 'concatenation'],
    ["'line\\\ncontinued'", 'linecontinued'],
    ["'日本語 🌧️'", '日本語 🌧️'],
    ["''", ''],
    ['42', 42],
    ['-3.5', -3.5],
    ['1e3', 1000],
    ['1_000', 1000],
    ['0x1F', 31],
    ['.5', 0.5],
    ['True', true],
    ['False', false],
    ['None', null],
    ['  [ 1 ,\n 2 ]  ', [1, 2]],
    ["[[['deep']]]", [[['deep']]]],
  ])('parses %s', (source, expected) => {
    expect(parsePythonLiteral(source)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ["__import__('os')", /Unexpected character "_" at character 1/],
    ["{'a': open('x')}", /Unexpected character "o" at character 7/],
    ["{'a': 1} + {}", /Unexpected text after the literal at character 10/],
    ["'unterminated", /Unterminated string/],
    ["'line\nbreak'", /Line break inside a single-quoted string/],
    ["{'a' 1}", /Expected "," but found "1" at character 6/],
    ["{'a': 1 'b': 2}", /Expected "," but found "'"/],
    ['[1, 2', /Expected "," but found the end/],
    ["{['list']: 1}", /dict key must be a string/],
    ["'\\xZZ'", /Bad \\x escape/],
    ["'\\N{DASH}'", /Named \\N\{\.\.\.\} escapes are not supported/],
    ['Truest', /Unexpected character "T"/],
    ['-', /Bad number/],
    ['', /Unexpected end of literal/],
    ['['.repeat(100) + ']'.repeat(100), /nested too deeply/],
  ])('rejects %j', (source, message) => {
    expect(() => parsePythonLiteral(source)).toThrow(PyLiteralError);
    expect(() => parsePythonLiteral(source)).toThrow(message);
  });

  it('keeps a "__proto__" key as plain data', () => {
    const value = parsePythonLiteral("{'__proto__': {'polluted': True}}") as Record<
      string,
      PyValue
    >;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
