// Table tests for answer matching: verbatim MATH-500 references, with negatives
// that guard against false positives and malformed input that must never throw.
import { describe, it, expect } from 'vitest';
import { answersMatch, extractBoxed } from '../answers';

describe('answersMatch: equivalent answers', () => {
  it.each([
    ['\\frac{1}{2}', '0.5'],
    ['\\dfrac{7}{2}', '3.5'],
    ['\\frac{3}{4}', '0.75'],
    ['\\frac43', '\\frac{4}{3}'],
    ['\\frac 59', '5/9'],
    ['\\frac9{19}', '9/19'],
    ['\\frac{270}7\\text{ degrees}', '\\frac{270}{7}'],
    ['\\dfrac{33}{100}', '0.33'],
    ['\\tfrac{1}{4}', '\\frac14'],
    ['\\displaystyle\\frac{1}{8}', '0.125'],
    ['1/5', '0.2'],
    ['90^\\circ', '90'],
    ['90^{\\circ}', '90\u00b0'],
    ['10\\text{ cm}', '10'],
    ['864 \\mbox{ inches}^2', '864'],
    ['15\\mbox{ cm}^2', '15'],
    ['5.4 \\text{ cents}', '5.4'],
    ['\\$1,000', '1000'],
    ['\\$32,\\!348', '32348'],
    ['10,\\!080', '10080'],
    ['11,\\! 111,\\! 111,\\! 100', '11111111100'],
    ['\\$18.90', '18.9'],
    ['2.50', '2.5'],
    ['.0000672', '0.0000672'],
    ['50\\%', '50'],
    ['x=5', '5'],
    ['x = 5', 'x=5'],
    ['y = 2x + 3', '2x+3'],
    ['11\\sqrt2', '11\\sqrt{2}'],
    ['3 \\sqrt{5}', '3\\sqrt5'],
    ['\\frac{\\sqrt{3}}{3}', '\\frac{1}{\\sqrt{3}}'],
    ['2\\sqrt{3}', '\\sqrt{12}'],
    ['\\sqrt[3]{8}', '2'],
    ['2^{10}', '1024'],
    ['3 \\times 10^{-5}', '0.00003'],
    ['-\\frac{\\pi}{6}', '-\\pi/6'],
    ['\\pi', '\u03c0'],
    ['1\\frac{4}{5}', '\\frac{9}{5}'],
    ['137 \\frac{1}{2}', '137.5'],
    ['15\\frac{39}{40}', '\\frac{639}{40}'],
    ['1,-2', '-2, 1'],
    ['3, 5, 7', '7,5,3'],
    ['x=1, x=-2', '-2,1'],
    ['1 \\pm \\sqrt{19}', '1+\\sqrt{19}, 1-\\sqrt{19}'],
    ['\\{1\\pm\\sqrt{5},-2\\}', '-2, 1-\\sqrt{5}, 1+\\sqrt{5}'],
    ['3 \\pm 2 \\sqrt{2}', '3-2\\sqrt{2},3+2\\sqrt{2}'],
    ['\\left( 3, \\frac{\\pi}{2} \\right)', '(3,\\frac{\\pi}{2})'],
    ['(-\\infty, 0]', '(-\\infty,0]'],
    ['(2,\\infty)', '(2, \u221e)'],
    ['(5,\\infty)', '(5,+\\infty)'],
    [
      '\\left[ \\frac{\\pi^2}{8}, \\frac{5 \\pi^2}{4} \\right]',
      '[\\frac{\\pi^2}{8},\\frac{5\\pi^2}{4}]',
    ],
    ['(-\\infty, 2) \\cup (3, \\infty)', '(3,\\infty)\\cup(-\\infty,2)'],
    ['x \\in [-2,7]', '[-2,7]'],
    ['(6,31,-1)', '(6, 31, -1)'],
    ['\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '\\begin{pmatrix}1\\\\2\\end{pmatrix}'],
    [
      '\\begin{pmatrix} -1/3 \\\\ 2/3 \\\\ 5/3 \\end{pmatrix}',
      '\\begin{pmatrix} -\\frac{1}{3} \\\\ \\frac{2}{3} \\\\ \\frac{5}{3} \\end{pmatrix}',
    ],
    [
      '\\begin{pmatrix} -1 & 0 \\\\ 0 & -1 \\end{pmatrix}',
      '\\begin{bmatrix}-1&0\\\\0&-1\\end{bmatrix}',
    ],
    ['\\text{Evelyn}', 'Evelyn'],
    ['\\text{Monday}', 'monday'],
    ['\\text{even}', '\\textbf{even}'],
    ['\\text{(C)}', 'C'],
    ['\\text{(E)}', '(E)'],
    ['4210_{5}', '4210_5'],
    ['-2 + 7i', '-2+7i'],
    ['6 - 5i', '6-5i'],
    ['5.', '5'],
    ['\\boxed{12}', '12'],
    ['1{,}000', '1000'],
    ['\u22125', '-5'],
    ['\\infty', '+\\infty'],
    ['\\{5\\}', '5'],
    ['x=1, y=2', 'y = 2, x = 1'],
    ['\\frac{-1}{2}', '-\\frac12'],
    ['\\sqrt{2}/2', '\\frac{\\sqrt2}{2}'],
    ['\\pm 2', '2, -2'],
    ['1\\,000', '1000'],
    // Relative tolerance 1e-9: ten threes are close enough to 1/3, eight are not (below).
    ['\\frac{1}{3}', '0.3333333333'],
  ])('%j matches %j', (a, b) => {
    expect(answersMatch(a, b)).toBe(true);
    expect(answersMatch(b, a)).toBe(true);
  });
});

describe('answersMatch: different answers', () => {
  it.each([
    ['\\frac{1}{2}', '\\frac{1}{3}'],
    ['(1,2)', '(2,1)'],
    ['2\\sqrt{3}', '3\\sqrt{2}'],
    ['(3,4]', '(3,4)'],
    ['[3,4]', '(3,4)'],
    ['(1,2)', '1,2'],
    ['(-\\infty, 0]', '(0, \\infty)'],
    ['(0,9) \\cup (9,36)', '(0,36)'],
    ['52_8', '52'],
    ['4210_5', '4210_6'],
    ['0.333', '\\frac{1}{3}'],
    ['1,-2', '1,2'],
    ['1,2', '1,2,2'],
    ['1 \\pm \\sqrt{19}', '1+\\sqrt{19}'],
    ['\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '\\begin{pmatrix} 2 \\\\ 1 \\end{pmatrix}'],
    ['\\begin{pmatrix} 1 & 2 \\end{pmatrix}', '\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}'],
    ['\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}', '(1,2)'],
    ['\\text{(C)}', '\\text{(D)}'],
    ['\\text{Evelyn}', '\\text{Navin}'],
    ['\\text{east}', 'west'],
    ['123456789012', '123456789013'],
    ['50\\%', '0.5'],
    ['x^2+1', 'x^2-1'],
    ['5x - 7y + 11z + 4 = 0', '5x-7y+11z-4=0'],
    ['\\pi', '3.14'],
    ['\\infty', '-\\infty'],
    ['6 - 5i', '6+5i'],
    ['1,000', '1'],
    ['-2', '2'],
    ['\\frac{3}{56}', '\\frac{56}{3}'],
    ['1\\frac{4}{5}', '\\frac{4}{5}'],
    ['p - q', 'q - p'],
    ['\\sqrt{2}', '2'],
    ['x=5', 'x=-5'],
    ['10\\text{ cm}', '100'],
    ['90^\\circ', '9'],
    ['\\$1,000', '100'],
    ['2.5', '25'],
    ['0', '0.0000001'],
    ['x=1, y=2', 'x=2, y=1'],
    ['x=1, y=2', '1, 2'],
    ['x=1, x=2', 'x=1, y=2'],
    ['\\frac{1}{3}', '0.33333333'],
    ['\\pm 2', '2'],
    ['\\frac{1}{0}', '\\frac{2}{0}'],
  ])('%j does not match %j', (a, b) => {
    expect(answersMatch(a, b)).toBe(false);
    expect(answersMatch(b, a)).toBe(false);
  });
});

describe('answersMatch: missing and malformed input', () => {
  it.each([
    [null, '5'],
    ['5', null],
    [null, null],
    ['', ''],
    ['   ', '   '],
    ['$$', '$$'],
    ['\\text{}', '\\text{}'],
  ])('answersMatch(%j, %j) is false', (a, b) => {
    expect(answersMatch(a, b)).toBe(false);
  });

  it.each([
    '\\frac{',
    '}{',
    '\\sqrt',
    '\\begin{pmatrix}',
    '((((',
    '\\\\\\\\',
    '\\{',
    '1e400',
    '\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm\\pm',
    '('.repeat(5000) + '1' + ')'.repeat(5000),
    '1,'.repeat(3000),
    '\u{1f642}',
  ])('never throws and does not match 1 for %j', (garbage) => {
    expect(() => answersMatch(garbage, '1')).not.toThrow();
    expect(answersMatch(garbage, '1')).toBe(false);
    expect(() => extractBoxed(`\\boxed{${garbage}}`)).not.toThrow();
  });
});
