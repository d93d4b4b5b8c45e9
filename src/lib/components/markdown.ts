// Markdown to sanitised HTML for untrusted text (model output): marked parses, DOMPurify strips
// scripts, handlers, styles, embedded media and every link that is not http(s), mailto or #.
import { Marked, type Tokens } from 'marked';
import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';
import { planMarkdown, plainPlan, type MarkdownPlan } from '../core/markdown-limits';

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

// A private instance, so the renderer override never changes other users of `marked`.
const parser = new Marked({ gfm: true, breaks: true, async: false });
parser.use({
  renderer: {
    // Images become plain links: loading them would contact hosts the user never chose.
    image({ href, text }: Tokens.Image): string {
      const label = `image: ${escapeHtml(text || href)}`;
      return `<a href="${escapeHtml(href)}">${label}</a>`;
    },
  },
});

/** Tags a response may never bring in, even where DOMPurify would allow them. */
const FORBID_TAGS = [
  'style',
  'img',
  'svg',
  'math',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'iframe',
  'object',
  'embed',
  'video',
  'audio',
  'picture',
  'source',
  'link',
  'meta',
  'base',
];

let purifier: Purifier | undefined;

function getPurifier(): Purifier {
  if (purifier) return purifier;
  // Own instance: the hook below must not leak into other DOMPurify users.
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A' && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
  purifier = instance;
  return instance;
}

/**
 * Markdown to safe HTML. Links keep only http(s), mailto and in-page targets; inline styles,
 * ids and classes are dropped so output cannot restyle or clobber the page.
 * @param text untrusted markdown
 */
export function renderMarkdown(text: string): string {
  const html = parser.parse(text, { async: false });
  return getPurifier().sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR: ['style', 'class', 'id', 'srcset'],
    ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|#)/i,
    ADD_ATTR: ['target'],
  });
}

/** What Markdown.svelte shows: sanitised HTML, or plain text with a notice saying why. */
export type MarkdownView = { kind: 'html'; html: string } | (MarkdownPlan & { kind: 'plain' });

/**
 * Formats untrusted markdown when it is small and shallow enough (see planMarkdown), else plain
 * text with a notice. A formatter failure (marked overflowing its stack on input the depth scan
 * did not foresee) also falls back to plain text instead of breaking the page.
 */
export function viewMarkdown(text: string): MarkdownView {
  const plan = planMarkdown(text);
  if (plan.kind === 'plain') return plan;
  try {
    return { kind: 'html', html: renderMarkdown(text) };
  } catch (err) {
    const detail = err instanceof Error ? (err.message.split('\n')[0] ?? err.name) : String(err);
    return plainPlan(text, 'error', detail);
  }
}
