// Groups a list by a key while keeping the first-seen order of both groups and items, e.g. model
// choices under their provider's heading in every model picker.
import { groups } from 'd3';

/** One heading and the items under it. */
export interface Group<T> {
  group: string;
  items: T[];
}

/** Items grouped by `key`, groups in the order their first item appears. */
export function groupInOrder<T>(items: readonly T[], key: (item: T) => string): Group<T>[] {
  return groups(items, key).map(([group, members]) => ({ group, items: members }));
}
