// Table tests of the chart export helpers: standalone accessible SVG documents, XML escaping,
// inline styles, data URLs, safe file names and CSV for the table alternative.

import { describe, expect, it } from 'vitest';
import {
  escapeXml,
  exportFileName,
  inlineStyle,
  serializeSvg,
  svgDataUrl,
  tableToCsv,
  type CsvValue,
  type SvgExportOptions,
} from './export';

describe('escapeXml', () => {
  it.each([
    ['plain', 'plain'],
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    [`"quoted" 'single'`, '&quot;quoted&quot; &apos;single&apos;'],
    ['already &amp;', 'already &amp;amp;'],
    ['bell\u0007 and tab\t', 'bell and tab\t'],
    ['', ''],
    ['日本語 ✓ 🎨', '日本語 ✓ 🎨'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });
});

describe('inlineStyle', () => {
  it.each<[Record<string, string | number | null | undefined>, string]>([
    [{}, ''],
    [{ fill: '#000' }, 'fill:#000'],
    [
      { fill: 'red', 'stroke-width': 2, opacity: null, stroke: undefined },
      'fill:red;stroke-width:2',
    ],
    [{ 'font-family': 'Inter, sans-serif' }, 'font-family:Inter, sans-serif'],
  ])('%j -> %j', (declarations, expected) => {
    expect(inlineStyle(declarations)).toBe(expected);
  });
});

describe('serializeSvg', () => {
  const base: SvgExportOptions = { title: 'Quadrant map', xmlDeclaration: false };

  it.each<[string, string, SvgExportOptions, string]>([
    [
      'adds namespace, role, title and aria-labelledby',
      '<svg viewBox="0 0 10 10"><circle r="1"/></svg>',
      base,
      '<svg viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title"><title id="chart-title">Quadrant map</title><circle r="1"/></svg>',
    ],
    [
      'keeps an existing namespace once',
      '<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>',
      base,
      '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title"><title id="chart-title">Quadrant map</title><g/></svg>',
    ],
    [
      'description, escaped text and an id prefix',
      '<svg><g/></svg>',
      { ...base, title: 'A < B & "C"', description: 'Marks: 3', idPrefix: 'q1' },
      '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="q1-title q1-desc"><title id="q1-title">A &lt; B &amp; &quot;C&quot;</title><desc id="q1-desc">Marks: 3</desc><g/></svg>',
    ],
    [
      'self-closing root',
      '<svg width="5"/>',
      base,
      '<svg width="5" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title"><title id="chart-title">Quadrant map</title></svg>',
    ],
    [
      'replaces leading title and desc',
      '<svg>\n  <title>old</title>\n  <desc>old desc</desc><rect/></svg>',
      base,
      '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title"><title id="chart-title">Quadrant map</title><rect/></svg>',
    ],
    [
      'size overrides existing width and height',
      '<svg width="100%" height=\'50\'><g/></svg>',
      { ...base, width: 640, height: 480 },
      '<svg width="640" height="480" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title"><title id="chart-title">Quadrant map</title><g/></svg>',
    ],
    [
      'background rectangle under the chart',
      '<svg><g/></svg>',
      { ...base, background: '#fff' },
      '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title"><title id="chart-title">Quadrant map</title><rect width="100%" height="100%" fill="#fff"/><g/></svg>',
    ],
    [
      'CSS in a CDATA style element, with "]]>" split',
      '<svg><g/></svg>',
      { ...base, css: '.a > .b { fill: red } /* ]]> */' },
      '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title"><title id="chart-title">Quadrant map</title><style><![CDATA[\n.a > .b { fill: red } /* ]]]]><![CDATA[> */\n]]></style><g/></svg>',
    ],
    [
      'blank CSS is left out',
      '<svg><g/></svg>',
      { ...base, css: '  ' },
      '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title"><title id="chart-title">Quadrant map</title><g/></svg>',
    ],
    [
      'xlink namespace when xlink attributes are used',
      '<svg><use xlink:href="#a"/></svg>',
      base,
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" role="img" aria-labelledby="chart-title"><title id="chart-title">Quadrant map</title><use xlink:href="#a"/></svg>',
    ],
    [
      'nested svg elements keep their own closing tags',
      '<svg><svg x="1"><g/></svg></svg>',
      base,
      '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title"><title id="chart-title">Quadrant map</title><svg x="1"><g/></svg></svg>',
    ],
  ])('%s', (_label, markup, options, expected) => {
    expect(serializeSvg(markup, options)).toBe(expected);
  });

  it('prepends the XML declaration by default', () => {
    expect(serializeSvg('<svg/>', { title: 't' })).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /,
    );
  });

  it.each(['', '<div></div>', 'svg'])('throws without an <svg> element: %j', (markup) => {
    expect(() => serializeSvg(markup, base)).toThrow(/no <svg>/);
  });
});

describe('svgDataUrl', () => {
  it.each([
    ['<svg/>', 'data:image/svg+xml;charset=utf-8,%3Csvg%2F%3E'],
    ['<svg>é #</svg>', 'data:image/svg+xml;charset=utf-8,%3Csvg%3E%C3%A9%20%23%3C%2Fsvg%3E'],
  ])('%j', (svg, expected) => {
    expect(svgDataUrl(svg)).toBe(expected);
  });
});

describe('exportFileName', () => {
  it.each([
    ['Quadrant map: GPT-4o', 'svg', 'quadrant-map-gpt-4o.svg'],
    ['Café / Résumé', '.PNG', 'cafe-resume.png'],
    ['  --Figure 2--  ', 'csv', 'figure-2.csv'],
    ['', 'svg', 'chart.svg'],
    ['???', 'svg', 'chart.svg'],
    ['日本語の図', 'png', '日本語の図.png'],
    ['a'.repeat(100), 'svg', `${'a'.repeat(80)}.svg`],
    [`${'a'.repeat(79)} b`, 'svg', `${'a'.repeat(79)}.svg`],
  ])('%j + %j -> %j', (base, ext, expected) => {
    expect(exportFileName(base, ext)).toBe(expected);
  });
});

describe('tableToCsv', () => {
  it.each<[string, string[], CsvValue[][], string]>([
    ['header only', ['a', 'b'], [], 'a,b'],
    [
      'numbers, booleans, empty cells',
      ['n', 'ok', 'x'],
      [
        [1.5, true, null],
        [Number.NaN, false, undefined],
      ],
      'n,ok,x\r\n1.5,true,\r\n,false,',
    ],
    [
      'quotes, commas and newlines',
      ['text'],
      [['say "hi"'], ['a,b'], ['line\nbreak']],
      'text\r\n"say ""hi"""\r\n"a,b"\r\n"line\nbreak"',
    ],
    [
      'formula-looking strings are neutralised, negative numbers are not',
      ['v'],
      [['=SUM(A1)'], ['+1'], ['@x'], [-3]],
      "v\r\n'=SUM(A1)\r\n'+1\r\n'@x\r\n-3",
    ],
    ['unicode', ['名前'], [['José 🎨']], '名前\r\nJosé 🎨'],
  ])('%s', (_label, columns, rows, expected) => {
    expect(tableToCsv(columns, rows)).toBe(expected);
  });
});
