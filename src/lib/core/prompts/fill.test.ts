// Table-driven tests for the prompts' template filling and placeholders.
import { describe, it, expect } from 'vitest';
import { fill, templatePlaceholders } from '../prompts';

describe('fill', () => {
  it.each([
    ['Hello {name}!', { name: 'Ada' }, 'Hello Ada!'],
    ['{a}{b}{a}', { a: 1, b: 'x' }, '1x1'],
    ['k = {num_responses}', { num_responses: 5 }, 'k = 5'],
    ['no placeholders', {}, 'no placeholders'],
    ['{"verdict": "different"} {x}', { x: 'y' }, '{"verdict": "different"} y'],
    ['{ spaced } {x}', { x: 'y' }, '{ spaced } y'],
    ['P: {prompt}', { prompt: 'say {prompt} and {missing}' }, 'P: say {prompt} and {missing}'],
    ['P: {prompt}', { prompt: "$& $1 $$ $' $`" }, "P: $& $1 $$ $' $`"],
    ['P: {prompt}', { prompt: '' }, 'P: '],
    ['P: {prompt}', { prompt: '中文 🙂 <script>' }, 'P: 中文 🙂 <script>'],
  ])('%j with %j', (template, vars, expected) => {
    expect(fill(template, vars)).toBe(expected);
  });

  it.each([
    ['{missing}', {}],
    ['{a} {b}', { a: 'x' }],
    ['{toString}', {}],
  ])('%j throws on a missing variable', (template, vars) => {
    expect(() => fill(template, vars)).toThrow(/missing template variable/);
  });

  it.each([
    ['{a} {b} {a}', ['a', 'b']],
    ['none', []],
    ['{"json": 1} {x_1}', ['x_1']],
  ])('templatePlaceholders(%j)', (template, expected) => {
    expect(templatePlaceholders(template)).toEqual(expected);
  });
});
