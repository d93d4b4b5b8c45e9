// Reads a checklist (numbered or bulleted items, or JSON) within the prompt's item bounds.
// Never throws on model text.

import type { ParseResult } from './shared';
import { extractJsonValues, fail, isRecord, jsonField, looksLikeJson, ok, prepare } from './shared';

/** Bounds on the number of checklist items (the prompt asks for 3-5). */
export interface ChecklistBounds {
  min: number;
  max: number;
}

const NUMBERED_ITEM_RE =
  /^([ \t]*)(?:[-*+][ \t]+)?(?:\*\*)?\(?\d{1,2}(?:[.):](?:\*\*)?[ \t]+|、[ \t]*)(\S.*)$/u;
const BULLET_ITEM_RE = /^([ \t]*)(?:[-*+•]|\[[ xX]?\])[ \t]+(\S.*)$/u;

function cleanItem(item: string): string {
  return item
    .replace(/^\[[ xX]?\][ \t]*/u, '')
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** List items at the outermost indentation; deeper lines are appended to their parent item. */
function listItems(text: string, itemRe: RegExp): string[] {
  const lines = text.split(/\r?\n/);
  const indents = lines
    .map((l) => itemRe.exec(l)?.[1]?.length)
    .filter((n): n is number => n !== undefined);
  if (indents.length === 0) return [];
  const base = Math.min(...indents);
  const items: string[] = [];
  let open = false;
  for (const line of lines) {
    const m = itemRe.exec(line);
    if (m !== null && (m[1]?.length ?? 0) === base) {
      items.push(m[2] ?? '');
      open = true;
    } else if (line.trim() === '') {
      continue;
    } else if (open && /^[ \t]/.test(line) && items.length > 0) {
      items[items.length - 1] += ` ${line.trim()}`;
    } else {
      open = false;
    }
  }
  return items.map(cleanItem).filter((i) => i.length > 0);
}

function checklistFromJson(values: readonly unknown[]): string[] | undefined {
  for (const value of values) {
    let list: unknown = value;
    if (isRecord(value)) {
      list = jsonField(
        [value],
        ['checklist', 'items', 'factors', 'criteria', 'key_factors', 'checklist_items'],
      );
    }
    if (!Array.isArray(list)) continue;
    const items = list
      .map((entry): string | undefined => {
        if (typeof entry === 'string') return entry;
        if (isRecord(entry)) {
          const s = jsonField([entry], ['factor', 'item', 'text', 'criterion', 'description']);
          return typeof s === 'string' ? s : undefined;
        }
        return undefined;
      })
      .filter((s): s is string => s !== undefined)
      .map(cleanItem)
      .filter((s) => s.length > 0);
    if (items.length > 0) return items;
  }
  return undefined;
}

/**
 * Extracts checklist items from a numbered list, a bullet list, or JSON (`["..."]` or
 * `{"checklist": [...]}`). Fails with 'wrong-count' outside `bounds` (default 3-5, as asked).
 */
export function parseChecklist(
  text: string,
  bounds: ChecklistBounds = { min: 3, max: 5 },
): ParseResult<string[]> {
  if (text.trim() === '') return fail('empty', 'empty checklist output', text);
  const t = prepare(text);
  let items = checklistFromJson(extractJsonValues(t));
  if (items === undefined) {
    const numbered = listItems(t, NUMBERED_ITEM_RE);
    items = numbered.length > 0 ? numbered : listItems(t, BULLET_ITEM_RE);
  }
  if (items.length === 0) {
    return looksLikeJson(t)
      ? fail('invalid-json', 'output looks like JSON but holds no checklist', text)
      : fail('no-match', 'no numbered or bulleted checklist items found', text);
  }
  if (items.length < bounds.min || items.length > bounds.max) {
    return fail(
      'wrong-count',
      `expected ${bounds.min}-${bounds.max} checklist items, found ${items.length}`,
      text,
    );
  }
  return ok(items);
}
