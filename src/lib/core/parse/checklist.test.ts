// Table-driven tests for the checklist parser: numbered, bulleted, nested and JSON items.
import { describe, it, expect } from 'vitest';
import { parseChecklist } from './checklist';
import { value, kind } from '../testing/parse-results';

describe('parseChecklist', () => {
  const three = ['States the correct year', 'Cites a source', 'Is concise'];
  it.each([
    ['1. States the correct year\n2. Cites a source\n3. Is concise', three],
    [
      'Here is the checklist:\n\n1. States the correct year\n2. Cites a source\n3. Is concise\n\nThese factors cover accuracy.',
      three,
    ],
    ['1) States the correct year\n2) Cites a source\n3) Is concise', three],
    ['1. **States the correct year**\n2. **Cites a source**\n3. **Is concise**', three],
    ['**1.** States the correct year\n**2.** Cites a source\n**3.** Is concise', three],
    ['- States the correct year\n- Cites a source\n- Is concise', three],
    ['* States the correct year\n* Cites a source\n* Is concise', three],
    ['- [ ] States the correct year\n- [ ] Cites a source\n- [x] Is concise', three],
    ['["States the correct year", "Cites a source", "Is concise"]', three],
    ['{"checklist": ["States the correct year", "Cites a source", "Is concise"]}', three],
    [
      '```json\n{"items": [{"factor": "States the correct year"}, {"factor": "Cites a source"}, {"factor": "Is concise"}]}\n```',
      three,
    ],
    [
      '1. States the correct\n   year\n   - no hedging\n2. Cites a source\n3. Is concise',
      ['States the correct year - no hedging', 'Cites a source', 'Is concise'],
    ],
    ['1、给出正确年份\n2、引用来源\n3、简洁', ['给出正确年份', '引用来源', '简洁']],
    ['1. a\n2. b\n3. c\n4. d\n5. e', ['a', 'b', 'c', 'd', 'e']],
  ])('%j', (text, expected) => {
    expect(value(parseChecklist(text))).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['No checklist here.', 'no-match'],
    ['1. only\n2. two', 'wrong-count'],
    ['1. a\n2. b\n3. c\n4. d\n5. e\n6. f', 'wrong-count'],
    ['["a", "b"', 'invalid-json'],
    ['{"checklist": []}', 'invalid-json'],
  ])('%j fails with %s', (text, expected) => {
    expect(kind(parseChecklist(text))).toBe(expected);
  });

  it.each([
    ['1. a\n2. b\n3. c\n4. d\n5. e\n6. f', { min: 1, max: 10 }, 6],
    ['1. only', { min: 1, max: 5 }, 1],
  ])('custom bounds: %j', (text, bounds, n) => {
    const r = parseChecklist(text, bounds);
    expect(r.ok ? r.value.length : -1).toBe(n);
  });
});
