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

describe('Markdown component: huge and deeply nested text', () => {
  it('shows a 10 MB response as escaped plain text with a notice and only its start', () => {
    const chunk = '<script>window.__pwned = true</script> **not bold** ';
    const text = chunk.repeat(Math.ceil((10 * 1024 * 1024) / chunk.length));
    const { getByTestId, getByRole } = render(Markdown, { text });
    const root = getByTestId('markdown');
    expect(root.dataset.plain).toBe('size');
    expect(getByTestId('markdown-notice').textContent).toMatch(
      /Shown as plain text because it is 10 MB .*Only the first 19\.5 KB are shown/,
    );
    expect(getByRole('button', { name: 'Download the full text' })).toBeTruthy();
    expect(root.querySelector('script, strong')).toBeNull();
    expect(root.querySelector('.plain')?.textContent?.length).toBe(20_000);
    expect((window as unknown as { __pwned?: boolean }).__pwned).toBeUndefined();
  });

  it.each([
    ['3,000 quote markers', `${'>'.repeat(3000)} <b>deep</b>`, 'nests 3,000 levels deep'],
    [
      'a list nested 40 deep',
      Array.from({ length: 40 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n'),
      'nests 40 levels deep',
    ],
  ])('shows %s as plain text instead of overflowing the stack', (_, text, notice) => {
    const { getByTestId, queryByRole } = render(Markdown, { text });
    expect(getByTestId('markdown').dataset.plain).toBe('nesting');
    expect(getByTestId('markdown-notice').textContent).toContain(notice);
    expect(getByTestId('markdown').querySelector('.plain')?.textContent).toBe(text);
    expect(getByTestId('markdown').querySelector('b, blockquote, li')).toBeNull();
    expect(queryByRole('button', { name: 'Download the full text' })).toBeNull();
  });
});
