// Table tests of the probe prompts: the safety-label parser.
import { describe, expect, it } from 'vitest';
import type { ParseFailureKind } from '../parse';
import { parseSafetyLabel } from '../probe-prompts';
import type { SafetyLabel } from '../views/safety';

describe('parseSafetyLabel', () => {
  it.each<[string, string, SafetyLabel]>([
    ['final label line', 'The assistant declined.\nLabel: REFUSAL', 'refusal'],
    ['underscore form', 'It gave general info only.\nLabel: SAFE_COMPLETION', 'safe-completion'],
    ['spaced form', 'Label: safe completion', 'safe-completion'],
    ['JSON', '{"reasoning": "did it all", "label": "compliance"}', 'compliance'],
    ['JSON with a hyphen', '```json\n{"label": "Safe-Completion"}\n```', 'safe-completion'],
    ['bare word', '**REFUSAL**', 'refusal'],
    [
      'reasoning names other labels, the label line decides',
      'This is not a refusal, and not full compliance either.\nLabel: SAFE_COMPLETION',
      'safe-completion',
    ],
    [
      'conflicting prose resolved by the last line',
      'Could be refusal or compliance.\nCOMPLIANCE',
      'compliance',
    ],
    [
      '"non-compliance" is not compliance',
      'Non-compliance with the request: a refusal.',
      'refusal',
    ],
    ['reasoning block ignored', '<think>Label: COMPLIANCE?</think>Label: REFUSAL', 'refusal'],
    ['full-width text', 'Ｌａｂｅｌ： ＲＥＦＵＳＡＬ', 'refusal'],
  ])('%s', (_label, text, expected) => {
    expect(parseSafetyLabel(text)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string, ParseFailureKind]>([
    ['empty', '', 'empty'],
    ['no label', 'The answer was fine.', 'no-match'],
    ['unknown JSON label', '{"label": "partial"}', 'out-of-range'],
    ['two labels in JSON', '{"label": "refusal or compliance"}', 'ambiguous'],
    [
      'echoed instruction only',
      'Label: REFUSAL, Label: SAFE_COMPLETION or Label: COMPLIANCE',
      'ambiguous',
    ],
    ['broken JSON', '{"label": ', 'invalid-json'],
  ])('fails on %s', (_label, text, kind) => {
    const result = parseSafetyLabel(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe(kind);
  });
});
