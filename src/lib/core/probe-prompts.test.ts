// Table tests of the probe prompts: template filling and schemas, and the never-throwing parsers
// for attribute extraction, safety labels and the framework explorer's query analysis.

import { describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY, MEASURED_ASPECTS, NORMATIVE_CONTEXT_IDS } from './mmhs';
import type { ParseFailureKind } from './parse';
import {
  AGE_BANDS,
  ATTRIBUTE_EXTRACTION_SCHEMA,
  PERSON_ATTRIBUTES,
  PROBE_TEMPLATES,
  QUERY_ANALYSIS_SCHEMA,
  SAFETY_LABEL_SCHEMA,
  activationsFromJudgement,
  buildAttributeExtractionMessages,
  buildQueryAnalysisMessages,
  buildSafetyLabelMessages,
  judgementFromAnalysis,
  parseAttributeExtraction,
  parseQueryAnalysis,
  parseSafetyLabel,
  primaryAttributes,
  type ContextAssessment,
  type ExtractedPerson,
  type PersonAttribute,
} from './probe-prompts';
import { templatePlaceholders } from './prompts';
import type { SafetyLabel } from './views/safety';

describe('templates and builders', () => {
  it.each([
    ['attribute-extraction', ['prompt', 'response']],
    ['safety-label', ['prompt', 'response']],
    ['query-analysis', ['query']],
  ] as const)('%s has placeholders %j', (id, placeholders) => {
    const t = PROBE_TEMPLATES[id];
    expect(t.id).toBe(id);
    expect(t.source).toBe('app');
    expect(templatePlaceholders(t.text)).toEqual(placeholders);
  });

  it.each([
    [
      'attribute extraction',
      buildAttributeExtractionMessages({
        prompt: 'Tell a story {query}',
        response: 'Once $& upon',
      }),
      ['Tell a story {query}', 'Once $& upon', '"people"'],
    ],
    [
      'safety label',
      buildSafetyLabelMessages({ prompt: 'How do I pick a lock?', response: 'I cannot help.' }),
      ['How do I pick a lock?', 'I cannot help.', 'Label: SAFE_COMPLETION'],
    ],
    [
      'query analysis',
      buildQueryAnalysisMessages(EXAMPLE_QUERY.query),
      [
        EXAMPLE_QUERY.query,
        'epistemic',
        'interactional',
        'societal',
        'safety',
        '- creative-elements: Plot',
        'It rewards heterogeneity and penalizes homogeneity.',
      ],
    ],
  ])('%s: one user message with the inputs copied verbatim', (_label, messages, fragments) => {
    expect(messages).toHaveLength(1);
    expect(messages[0]?.role).toBe('user');
    for (const f of fragments) expect(messages[0]?.content).toContain(f);
    expect(messages[0]?.content).not.toMatch(/\{(?:prompt|response)\}/);
  });

  it('schemas require every field and allow nothing else', () => {
    const person = ATTRIBUTE_EXTRACTION_SCHEMA.properties.people.items;
    expect([...person.required].sort()).toEqual(Object.keys(person.properties).sort());
    expect(person.properties.age.enum).toEqual([...AGE_BANDS, 'unspecified']);
    expect(SAFETY_LABEL_SCHEMA.properties.label.enum).toEqual([
      'refusal',
      'safe-completion',
      'compliance',
    ]);
    expect(QUERY_ANALYSIS_SCHEMA.required).toEqual(NORMATIVE_CONTEXT_IDS);
    const entry = QUERY_ANALYSIS_SCHEMA.properties.epistemic;
    expect(entry.properties.aspect.enum).toEqual([...Object.keys(MEASURED_ASPECTS), 'none']);
    expect(entry.additionalProperties).toBe(false);
  });
});

const UNSPEC: Record<PersonAttribute, string> = {
  gender: 'unspecified',
  age: 'unspecified',
  ethnicity: 'unspecified',
  nationality: 'unspecified',
  religion: 'unspecified',
  occupation: 'unspecified',
};

describe('parseAttributeExtraction', () => {
  it.each<[string, string, Partial<ExtractedPerson>[]]>([
    [
      'clean JSON',
      '{"people": [{"description": "Amara, a nurse", "gender": "woman", "age": "young adult", "ethnicity": "Igbo", "nationality": "Nigeria", "religion": "unspecified", "occupation": "nurse", "basis": "mixed"}]}',
      [
        {
          description: 'Amara, a nurse',
          attributes: {
            gender: 'woman',
            age: 'young adult',
            ethnicity: 'Igbo',
            nationality: 'Nigeria',
            religion: 'unspecified',
            occupation: 'nurse',
          },
          basis: 'mixed',
        },
      ],
    ],
    [
      'fenced JSON after prose, missing fields become unspecified',
      'Here is the annotation:\n```json\n{"people": [{"description": "the narrator", "gender": "male"}]}\n```',
      [{ description: 'the narrator', attributes: { ...UNSPEC, gender: 'man' }, basis: null }],
    ],
    ['no people', '{"people": []}', []],
    [
      'a bare array of people, aliases and numeric ages',
      '[{"name": "Wei", "sex": "F", "age": 67, "culture": "Han Chinese", "country": "China", "job": "teacher"}, {"age": "34 years old"}]',
      [
        {
          description: 'Wei',
          attributes: {
            gender: 'woman',
            age: 'older adult',
            ethnicity: 'Han Chinese',
            nationality: 'China',
            religion: 'unspecified',
            occupation: 'teacher',
          },
        },
        { attributes: { ...UNSPEC, age: 'young adult' } },
      ],
    ],
    [
      'a single person object',
      '{"gender": "Non binary", "age": "elderly", "religion": "N/A"}',
      [{ attributes: { ...UNSPEC, gender: 'non-binary', age: 'older adult' } }],
    ],
    [
      'reasoning block with a draft is dropped',
      '<think>{"people": [{"gender": "man"}]}</think>{"people": [{"gender": "woman"}]}',
      [{ attributes: { ...UNSPEC, gender: 'woman' } }],
    ],
    [
      'unicode values kept, whitespace collapsed',
      '{"people": [{"ethnicity": "  Māori  ", "nationality": "Aotearoa\\nNew Zealand"}]}',
      [{ attributes: { ...UNSPEC, ethnicity: 'Māori', nationality: 'Aotearoa New Zealand' } }],
    ],
    [
      'non-object entries skipped',
      '{"people": ["someone", {"gender": "woman"}, 3]}',
      [{ attributes: { ...UNSPEC, gender: 'woman' } }],
    ],
  ])('%s', (_label, text, expected) => {
    const result = parseAttributeExtraction(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.people).toHaveLength(expected.length);
    result.value.people.forEach((p, i) => expect(p).toMatchObject(expected[i] ?? {}));
  });

  it.each<[string, string, ParseFailureKind]>([
    ['empty', '', 'empty'],
    ['whitespace', '  \n', 'empty'],
    ['only reasoning', '<think>hmm</think>', 'empty'],
    ['prose', 'The story features a young woman from Lagos.', 'no-match'],
    ['broken JSON', '{"people": [{"gender": "woman"', 'invalid-json'],
    ['JSON without people', '{"answer": 42}', 'invalid-json'],
  ])('fails on %s', (_label, text, kind) => {
    const result = parseAttributeExtraction(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe(kind);
  });

  it('truncates the raw excerpt of a huge failure', () => {
    const result = parseAttributeExtraction('x'.repeat(5000));
    expect(!result.ok && result.error.raw.length).toBe(500);
  });
});

describe('primaryAttributes', () => {
  it.each<[string, string, Record<PersonAttribute, string>]>([
    [
      'first person wins',
      '{"people": [{"gender": "woman"}, {"gender": "man"}]}',
      { ...UNSPEC, gender: 'woman' },
    ],
    ['no people: all unspecified', '{"people": []}', UNSPEC],
  ])('%s', (_label, text, expected) => {
    const result = parseAttributeExtraction(text);
    expect(result.ok && primaryAttributes(result.value)).toEqual(expected);
  });

  it('covers every attribute', () => {
    expect(Object.keys(UNSPEC)).toEqual([...PERSON_ATTRIBUTES]);
  });
});

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

type Row = [boolean, string | null, string | null, string, boolean];
const row = (c: ContextAssessment): Row => [
  c.active,
  c.direction,
  c.aspect,
  c.reason,
  c.conventional,
];

describe('parseQueryAnalysis', () => {
  const chronicPain = JSON.stringify({
    epistemic: {
      active: true,
      direction: 'homogeneity',
      aspect: 'facts',
      reason: 'Medical facts must be right.',
    },
    interactional: {
      active: true,
      direction: 'heterogeneity',
      aspect: 'option',
      reason: 'Offer a range of treatments.',
    },
    societal: { active: false, direction: 'none', aspect: 'none', reason: 'No groups involved.' },
    safety: {
      active: true,
      direction: 'homogeneity',
      aspect: 'content',
      reason: 'No dangerous dosages.',
    },
  });

  it.each<[string, string, Row[], string[]]>([
    [
      'the chronic-pain answer',
      chronicPain,
      [
        [true, 'homogeneity', 'facts', 'Medical facts must be right.', true],
        [true, 'heterogeneity', 'option', 'Offer a range of treatments.', true],
        [false, null, null, 'No groups involved.', true],
        [true, 'homogeneity', 'content', 'No dangerous dosages.', true],
      ],
      [],
    ],
    [
      'nested under "contexts", fenced, with prose; missing contexts reported',
      'Analysis:\n```json\n{"contexts": {"Safety": {"active": "yes", "direction": "Homogeneous", "aspect": "content", "reason": "Risky\\n advice."}}}\n```',
      [
        [false, null, null, '', true],
        [false, null, null, '', true],
        [false, null, null, '', true],
        [true, 'homogeneity', 'content', 'Risky advice.', true],
      ],
      ['epistemic', 'interactional', 'societal'],
    ],
    [
      'array form, unconventional direction, unknown aspect',
      '[{"context": "interactional", "active": true, "direction": "homogeneity", "aspect": "tone", "reason": "Personalised to one user."}, {"context": "societal", "active": true, "direction": "diverse", "aspect": "representation", "reason": "Cover groups."}]',
      [
        [false, null, null, '', true],
        [true, 'homogeneity', null, 'Personalised to one user.', false],
        [true, 'heterogeneity', 'representation', 'Cover groups.', true],
        [false, null, null, '', true],
      ],
      ['epistemic', 'safety'],
    ],
    [
      'active without a direction gets the rewarded pole; direction implies active',
      '{"epistemic": {"active": true, "direction": "none", "reason": "Facts."}, "safety": {"direction": "homogeneity", "aspect": "creative_elements"}, "interactional": {"active": false, "direction": "heterogeneity"}, "societal": {"active": "no"}}',
      [
        [true, 'homogeneity', null, 'Facts.', true],
        [false, null, null, '', true],
        [false, null, null, '', true],
        [true, 'homogeneity', 'creative-elements', '', true],
      ],
      [],
    ],
  ])('%s', (_label, text, rows, missing) => {
    const result = parseQueryAnalysis(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.contexts.map((c) => c.context)).toEqual(NORMATIVE_CONTEXT_IDS);
    expect(result.value.contexts.map(row)).toEqual(rows);
    expect(result.value.missing).toEqual(missing);
  });

  it('marks a direction filled in from the framework', () => {
    const result = parseQueryAnalysis('{"epistemic": {"active": true}}');
    expect(result.ok && result.value.contexts[0]?.directionInferred).toBe(true);
    expect(result.ok && result.value.contexts[1]?.directionInferred).toBe(false);
  });

  it.each<[string, string, ParseFailureKind]>([
    ['empty', '', 'empty'],
    ['prose', 'Epistemic and safety are active.', 'no-match'],
    ['JSON without contexts', '{"answer": "epistemic"}', 'invalid-json'],
    ['broken JSON', '{"epistemic": {"active": tru', 'invalid-json'],
  ])('fails on %s', (_label, text, kind) => {
    const result = parseQueryAnalysis(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe(kind);
  });
});

describe('judgements and activations', () => {
  it("converts the paper's chronic-pain analysis into a judgement and back", () => {
    const judgement = judgementFromAnalysis(EXAMPLE_QUERY);
    expect(judgement.contexts.map((c) => [c.context, c.active, c.direction])).toEqual([
      ['epistemic', true, 'homogeneity'],
      ['interactional', true, 'heterogeneity'],
      ['societal', false, null],
      ['safety', true, 'homogeneity'],
    ]);
    const activations = activationsFromJudgement(judgement);
    expect(activations.map((a) => [a.context, a.valuedDirection, a.level])).toEqual([
      ['epistemic', 'homogeneity', 'facts'],
      ['interactional', 'heterogeneity', 'option'],
      ['safety', 'homogeneity', 'content'],
    ]);
    expect(activations.every((a) => a.condition === null && a.rationale.length > 0)).toBe(true);
  });

  it('fills a default aspect for an active context without one', () => {
    const result = parseQueryAnalysis(
      '{"societal": {"active": true, "direction": "heterogeneity"}}',
    );
    expect(result.ok && activationsFromJudgement(result.value)).toEqual([
      {
        context: 'societal',
        level: 'representation',
        valuedDirection: 'heterogeneity',
        rationale: '',
        condition: null,
      },
    ]);
  });
});
