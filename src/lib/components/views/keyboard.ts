// Keyboard movement between the marks of a chart (a roving tab stop): one mark is in the tab
// order, arrow keys move along the marks' reading order, Home and End jump to the ends.

/** How far Page Up / Page Down move. */
export const PAGE_STEP = 10;

/**
 * The index of the mark a key moves to.
 * @param key `KeyboardEvent.key`.
 * @param current Index of the focused mark.
 * @param count Number of marks.
 * @returns The new index, or null when the key does not move (or there are no marks).
 */
export function nextMarkIndex(key: string, current: number, count: number): number | null {
  if (count <= 0) return null;
  const clamp = (i: number): number => Math.min(count - 1, Math.max(0, i));
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return clamp(current + 1);
    case 'ArrowLeft':
    case 'ArrowUp':
      return clamp(current - 1);
    case 'PageDown':
      return clamp(current + PAGE_STEP);
    case 'PageUp':
      return clamp(current - PAGE_STEP);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * The tab a key moves to in a tab list (WAI-ARIA tabs pattern, wrapping at the ends).
 * @returns The new index, or null when the key does not move.
 */
export function nextTabIndex(key: string, current: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowRight':
      return (current + 1) % count;
    case 'ArrowLeft':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
