// Hover, focus and keyboard behaviour shared by every chart's marks. The marks' group is one tab
// stop; arrow keys move an active mark (ringed, described in a live region, with its tooltip),
// Enter or Space opens it. Marks only carry `data-i`, so thousands of them stay cheap to render.
import type { Attachment } from 'svelte/attachments';
import { nextMarkIndex } from './keyboard';

/** Where the tooltip and the focus ring go, relative to the chart container. */
export interface TipAnchor {
  index: number;
  x: number;
  y: number;
  /** Shown under the mark (marks near the top would push the tooltip out of view). */
  below: boolean;
  /** The mark's box, for the focus ring. */
  box: { left: number; top: number; width: number; height: number };
  /** True when the keyboard (not the pointer) made this mark active. */
  keyboard: boolean;
}

/** Half the tooltip's widest size (22rem), so it is never cut off at the chart's sides. */
const HALF_TIP = 180;
/** Room a tooltip above a mark needs. */
const TIP_HEIGHT = 110;

/** Interaction state of one chart's marks (each mark carries `data-i`, its index). */
export class MarkFocus {
  /** The mark the keyboard is on (null before the group was focused). */
  active = $state<number | null>(null);
  /** The mark whose tooltip shows, and where. */
  tip = $state<TipAnchor | null>(null);

  readonly #count: () => number;
  readonly #open: (index: number) => void;
  #node: HTMLElement | SVGElement | null = null;
  #container: Element | null = null;

  /**
   * @param count Number of marks.
   * @param open Opens a mark (click, Enter, Space).
   */
  constructor(count: () => number, open: (index: number) => void) {
    this.#count = count;
    this.#open = open;
  }

  #markOf(target: EventTarget | null): { el: Element; index: number } | null {
    if (!(target instanceof Element)) return null;
    const el = target.closest('[data-i]');
    if (el === null || (this.#node !== null && !this.#node.contains(el))) return null;
    const index = Number((el as HTMLElement | SVGElement).dataset.i);
    return Number.isInteger(index) ? { el, index } : null;
  }

  #element(index: number): Element | null {
    return this.#node?.querySelector(`[data-i="${index}"]`) ?? null;
  }

  #show(el: Element, index: number, keyboard: boolean): void {
    const box = this.#container?.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const width = box?.width ?? 0;
    const left = r.left - (box?.left ?? 0);
    const top = r.top - (box?.top ?? 0);
    const x = left + r.width / 2;
    const below = top < TIP_HEIGHT;
    this.tip = {
      index,
      x: width > 2 * HALF_TIP ? Math.min(width - HALF_TIP, Math.max(HALF_TIP, x)) : x,
      y: below ? top + r.height : top,
      below,
      box: { left, top, width: r.width, height: r.height },
      keyboard,
    };
  }

  /** Makes mark `index` active, as arrow keys do (tests and callers may use it too). */
  moveTo(index: number): void {
    const count = this.#count();
    if (count === 0) return;
    const i = Math.min(count - 1, Math.max(0, index));
    this.active = i;
    const el = this.#element(i);
    if (el !== null) this.#show(el, i, true);
  }

  /** Attach to the (focusable) element holding the marks. */
  readonly attach: Attachment<HTMLElement | SVGElement> = (node) => {
    this.#node = node;
    this.#container = node.closest('.chart') ?? node.parentElement;
    const over = (e: Event): void => {
      const m = this.#markOf(e.target);
      if (m !== null) this.#show(m.el, m.index, false);
    };
    const leave = (): void => {
      if (document.activeElement !== node) this.tip = null;
    };
    const click = (e: Event): void => {
      const m = this.#markOf(e.target);
      if (m === null) return;
      this.active = m.index;
      this.#open(m.index);
    };
    const focus = (): void => {
      this.moveTo(this.active ?? 0);
    };
    const blur = (): void => {
      this.tip = null;
    };
    const keydown = (e: Event): void => {
      const event = e as KeyboardEvent;
      const current = this.active ?? 0;
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        if (this.#count() > 0) this.#open(current);
        return;
      }
      if (event.key === 'Escape') {
        this.tip = null;
        return;
      }
      const next = nextMarkIndex(event.key, current, this.#count());
      if (next === null) return;
      event.preventDefault();
      this.moveTo(next);
    };
    const handlers: [string, (e: Event) => void][] = [
      ['pointerover', over],
      ['pointerleave', leave],
      ['click', click],
      ['focus', focus],
      ['blur', blur],
      ['keydown', keydown],
    ];
    for (const [type, handler] of handlers) node.addEventListener(type, handler);
    return () => {
      for (const [type, handler] of handlers) node.removeEventListener(type, handler);
      this.#node = null;
    };
  };
}
