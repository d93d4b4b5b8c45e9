// Table tests of the probe prompts: the probe templates, message builders and schemas.
import { describe, expect, it } from 'vitest';
import { EXAMPLE_QUERY, MEASURED_ASPECTS, NORMATIVE_CONTEXT_IDS } from '../mmhs';
import {
  AGE_BANDS,
  ATTRIBUTE_EXTRACTION_SCHEMA,
  PROBE_TEMPLATES,
  QUERY_ANALYSIS_SCHEMA,
  SAFETY_LABEL_SCHEMA,
  buildAttributeExtractionMessages,
  buildQueryAnalysisMessages,
  buildSafetyLabelMessages,
} from '../probe-prompts';
import { templatePlaceholders } from '../prompts';

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
