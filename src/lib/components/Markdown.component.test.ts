// Component tests of Markdown.svelte: model output renders as markdown, and nothing in it can run
// code, load remote content, restyle the page or link to script URLs.
import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import Markdown from './Markdown.svelte';
import { renderMarkdown } from './markdown';

describe('renderMarkdown: formatting survives', () => {
  it.each([
    ['**bold**', '<strong>bold</strong>'],
    ['*em*', '<em>em</em>'],
    ['# Title', '<h1>Title</h1>'],
    ['- a\n- b', '<li>a</li>'],
    ['`x < y`', '<code>x &lt; y</code>'],
    ['```\nconst a = 1;\n```', '<pre><code>const a = 1;'],
    ['| a | b |\n|---|---|\n| 1 | 2 |', '<td>1</td>'],
    ['line one\nline two', 'line one<br>line two'],
    ['Grüße, 東京 🚀', 'Grüße, 東京 🚀'],
  ])('%j renders %j', (text, expected) => {
    expect(renderMarkdown(text)).toContain(expected);
  });

  it.each([[''], ['   '], ['\n\n']])('empty text %j renders nothing visible', (text) => {
    expect(renderMarkdown(text).trim()).toBe('');
  });
});

describe('renderMarkdown: untrusted HTML is neutralised', () => {
  it.each([
    ['<script>alert(1)</script>hello', '<script', 'hello'],
    ['<img src=x onerror="alert(1)">', 'onerror', ''],
    ['<p onclick="alert(1)">hi</p>', 'onclick', 'hi'],
    ['[click](javascript:alert(1))', 'javascript:', 'click'],
    ['<a href="JaVaScRiPt:alert(1)">x</a>', 'avascript', 'x'],
    ['<a href="data:text/html,<script>alert(1)</script>">d</a>', 'data:', 'd'],
    ['<a href="vbscript:msgbox(1)">v</a>', 'vbscript', 'v'],
    ['<iframe src="https://evil.example"></iframe>after', '<iframe', 'after'],
    ['<style>body{display:none}</style>text', '<style', 'text'],
    ['<span style="position:fixed">s</span>', 'style=', 's'],
    ['<svg onload="alert(1)"><circle/></svg>ok', '<svg', 'ok'],
    ['<form action="https://evil.example"><input name=a></form>f', '<form', 'f'],
    ['<div id="main" class="top">c</div>', 'id="main"', 'c'],
    ['![cat](https://images.example/cat.png)', '<img', 'image: cat'],
  ])('%j drops %j and keeps %j', (text, forbidden, kept) => {
    const html = renderMarkdown(text);
    expect(html.toLowerCase()).not.toContain(forbidden.toLowerCase());
    expect(html).toContain(kept);
  });

  it.each([
    ['[site](https://example.org)', 'https://example.org'],
    ['<mailto:me@example.org>', 'mailto:me@example.org'],
  ])('keeps the safe link %j, opening in a new tab without opener', (text, href) => {
    const html = renderMarkdown(text);
    expect(html).toContain(`href="${href}"`);
    expect(html).toContain('target="_blank"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });
});

describe('Markdown component', () => {
  it('renders the text as elements, never as executable markup', () => {
    const { getByTestId } = render(Markdown, {
      text: '**safe** <img src=x onerror="window.__pwned = true"> <script>window.__pwned = true</script>',
    });
    const root = getByTestId('markdown');
    expect(root.querySelector('strong')?.textContent).toBe('safe');
    expect(root.querySelector('script, img, [onerror]')).toBeNull();
    expect((window as unknown as { __pwned?: boolean }).__pwned).toBeUndefined();
  });

  it('updates when the text changes', async () => {
    const { getByTestId, rerender } = render(Markdown, { text: 'one' });
    await rerender({ text: '*two*' });
    expect(getByTestId('markdown').querySelector('em')?.textContent).toBe('two');
  });
});
