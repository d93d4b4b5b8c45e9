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
    default:
      return endIndex(key, count);
  }
}

/** Home and End: the first and the last index (both lists); null for any other key. */
function endIndex(key: string, count: number): number | null {
  if (key === 'Home') return 0;
  return key === 'End' ? count - 1 : null;
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
    default:
      return endIndex(key, count);
  }
}
