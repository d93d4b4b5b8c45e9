// Markdown to sanitised HTML for untrusted text (model output): marked parses, DOMPurify strips
// scripts, handlers, styles, embedded media and every link that is not http(s), mailto or #.
import { Marked, type Tokens } from 'marked';
import DOMPurify, { type DOMPurify as Purifier } from 'dompurify';

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
