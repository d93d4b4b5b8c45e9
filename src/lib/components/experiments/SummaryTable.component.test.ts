// Component tests of the run summary table in jsdom: each cell's class count as the Experiments
// page shows it while a run is in progress (unjudged cells count their responses so far).

import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import SummaryTable from './SummaryTable.svelte';
import { judgeCallSavings } from '../../core/aggregate';
import { parseExperiment } from '../../pipeline/experiment';
import { emptyGroup, type GroupSummary } from '../../pipeline/results';

const parsed = parseExperiment({
  prompts: [{ id: 'p1', text: 'Name a prime number greater than 100.', category: 'B' }],
  generators: ['ollama/llama3:8b'],
  judges: ['openai/gpt-4o'],
  strategies: ['temperature', 'system-general', 'icr-general'],
});
if (!parsed.ok) throw new Error(parsed.issues.join('; '));
const definition = parsed.value;

const group = (
  strategy: string,
  responses: number,
  meanClassCount: number | null,
): GroupSummary => ({
  ...emptyGroup('p1', 'ollama/llama3:8b', strategy),
  responses,
  meanClassCount,
});

describe('SummaryTable', () => {
  it.each<[string, string]>([
    ['temperature', '2.3/5'],
    ['system-general', '–/4'],
    ['icr-general', '–'],
  ])('shows the %s cell as %s', (strategy, text) => {
    render(SummaryTable, {
      definition,
      label: (engineId: string) => engineId,
      summary: {
        groups: [group('temperature', 5, 7 / 3), group('system-general', 4, null)],
        judgeCalls: judgeCallSavings([]),
        classifiers: [],
      },
    });
    const cell = screen.getByTestId(`cell-${strategy}`);
    expect(cell.querySelector('.classes')?.textContent).toBe(text);
  });
});
