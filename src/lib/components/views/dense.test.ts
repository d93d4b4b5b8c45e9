// Table tests of dense mark markup: layers, rounding, data attributes and escaping.
import { describe, expect, it } from 'vitest';
import { cachedMarkup, denseMarkup, type DenseLayer } from './dense';

describe('denseMarkup', () => {
  it.each<[string, DenseLayer[], string]>([
    ['no layers', [], ''],
    ['an empty layer is left out', [{ fill: '#000', dots: [] }], ''],
    [
      'one dot, rounded to 0.1 px',
      [{ fill: '#0072B2', dots: [{ cx: 1.234, cy: 5.66, r: 3, data: { i: 0 } }] }],
      '<g fill="#0072B2"><circle cx="1.2" cy="5.7" r="3" data-i="0"/></g>',
    ],
    [
      'layer styles and escaped attributes',
      [
        {
          fill: '#fff',
          opacity: 0.5,
          stroke: '#000',
          strokeWidth: 0.3,
          dots: [{ cx: 0, cy: 0, r: 2, data: { i: 1, point: 'a"b<c>&' } }],
        },
      ],
      '<g fill="#fff" fill-opacity="0.5" stroke="#000" stroke-width="0.3"><circle cx="0" cy="0" r="2" data-i="1" data-point="a&quot;b&lt;c&gt;&amp;"/></g>',
    ],
    [
      'two layers in order',
      [
        { fill: 'a', dots: [{ cx: 1, cy: 2, r: 1, data: { i: 0 } }] },
        { fill: 'b', dots: [{ cx: 3, cy: 4, r: 1, data: { i: 1, x: 0.25 } }] },
      ],
      '<g fill="a"><circle cx="1" cy="2" r="1" data-i="0"/></g><g fill="b"><circle cx="3" cy="4" r="1" data-i="1" data-x="0.25"/></g>',
    ],
    [
      'a glyph path moved to its centre, with its own opacity',
      [
        {
          fill: 'c',
          dots: [{ cx: 10, cy: 20.04, r: 0, d: 'M0,-3L3,0Z', opacity: 0.25, data: { i: 2 } }],
        },
      ],
      '<g fill="c"><path d="M0,-3L3,0Z" transform="translate(10,20)" fill-opacity="0.25" data-i="2"/></g>',
    ],
  ])('%s', (_label, layers, expected) => {
    expect(denseMarkup(layers)).toBe(expected);
  });
});

describe('cachedMarkup', () => {
  it('builds once per owner and variant', () => {
    const owner = {};
    let builds = 0;
    const build = (): string => `m${++builds}`;
    expect(cachedMarkup(owner, 'a', build)).toBe('m1');
    expect(cachedMarkup(owner, 'a', build)).toBe('m1');
    expect(cachedMarkup(owner, 'b', build)).toBe('m2');
    expect(cachedMarkup({}, 'a', build)).toBe('m3');
  });
});
