// Table tests for final-answer extraction from `\boxed{}`.
import { describe, it, expect } from 'vitest';
import { extractBoxed } from '../answers';

describe('extractBoxed', () => {
  it.each([
    ['The answer is $\\boxed{5}$.', '5'],
    ['First $\\boxed{1}$, finally $\\boxed{2}$.', '2'],
    ['$\\boxed{\\frac{1}{2}}$', '\\frac{1}{2}'],
    ['$\\boxed{\\frac{\\sqrt{3}}{3}}$', '\\frac{\\sqrt{3}}{3}'],
    ['\\fbox{7}', '7'],
    ['so it is $\\boxed {42}$', '42'],
    ['so it is $\\boxed 5$.', '5'],
    ['\\boxed 12\nnext line', '12'],
    ['$\\boxed{\\{1,2\\}}$', '\\{1,2\\}'],
    [
      '$\\boxed{\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}}$',
      '\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}',
    ],
    ['$\\boxed{ 7 }$', '7'],
    ['$\\boxed{\u03c0}$ \u2014 unicode', '\u03c0'],
    ['$\\boxed{\\text{(C)}}$', '\\text{(C)}'],
    ['$\\boxed{\\boxed{9}}$', '9'],
    ['$\\boxed{2}$ then \\boxedfoo', '2'],
    // test/number_theory/459.json: two boxes, the last is the reference form.
    ['$\\boxed{15\\frac{39}{40}},$ or $\\boxed{\\frac{639}{40}}$ inches.', '\\frac{639}{40}'],
    ['no box here', null],
    ['', null],
    ['$\\boxed{12', null],
    ['$\\boxed{3}$ and later $\\boxed{4', null],
    ['$\\boxed{}$', null],
    ['$\\boxed{   }$', null],
    ['$\\boxed$', null],
  ])('extractBoxed(%j) = %j', (text, expected) => {
    expect(extractBoxed(text)).toBe(expected);
  });
});
