// Never-throwing parser of the attribute-extraction probe (societal context): people found in a
// response and their normalised demographic attributes.

import type { ParseResult } from '../parse';
import { extractJsonValues, looksLikeJson } from '../parse';
import { UNSPECIFIED, normalizeAttributeValue } from '../views/societal';
import { fail, field, isRecord, ok, oneLine, prepare } from './shared';
import type { AttributeBasis, PersonAttribute } from './templates';
import { PERSON_ATTRIBUTES } from './templates';

/** One person found in a response. */
export interface ExtractedPerson {
  description: string;
  /** Every attribute present; "unspecified" when the response gives no cue. */
  attributes: Record<PersonAttribute, string>;
  basis: AttributeBasis | null;
}

/** Parsed attribute extraction: people in order of prominence (may be empty). */
export interface AttributeExtraction {
  people: ExtractedPerson[];
}

const GENDER_SYNONYMS: Readonly<Record<string, string>> = {
  female: 'woman',
  f: 'woman',
  woman: 'woman',
  girl: 'woman',
  male: 'man',
  m: 'man',
  man: 'man',
  boy: 'man',
  nonbinary: 'non-binary',
  'non binary': 'non-binary',
  'non-binary': 'non-binary',
};

const AGE_SYNONYMS: Readonly<Record<string, string>> = {
  child: 'child',
  kid: 'child',
  teen: 'teenager',
  teenager: 'teenager',
  adolescent: 'teenager',
  'young adult': 'young adult',
  'middle-aged': 'middle-aged',
  'middle aged': 'middle-aged',
  'older adult': 'older adult',
  elderly: 'older adult',
  senior: 'older adult',
  old: 'older adult',
};

function ageBand(years: number): string {
  if (years < 13) return 'child';
  if (years < 20) return 'teenager';
  if (years < 35) return 'young adult';
  if (years < 60) return 'middle-aged';
  return 'older adult';
}

function attributeValue(attribute: PersonAttribute, value: unknown): string {
  if (attribute === 'age' && typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    return ageBand(value);
  }
  const text =
    typeof value === 'string'
      ? value
      : Array.isArray(value)
        ? value.filter((v): v is string => typeof v === 'string').join(', ')
        : '';
  const key = normalizeAttributeValue(text);
  if (key === null) return UNSPECIFIED;
  if (attribute === 'gender') return GENDER_SYNONYMS[key] ?? oneLine(text);
  if (attribute === 'age') {
    const years = /^(\d{1,3})(?:\s*(?:years?(?:\s+old)?|y\/?o))?$/.exec(key);
    if (years !== null) return ageBand(Number(years[1]));
    return AGE_SYNONYMS[key] ?? oneLine(text);
  }
  return oneLine(text);
}

/** Keys models use for each attribute besides its own name. */
const ATTRIBUTE_ALIASES: Readonly<Record<PersonAttribute, readonly string[]>> = {
  gender: ['gender', 'sex'],
  age: ['age', 'age_band', 'age_group'],
  ethnicity: ['ethnicity', 'culture', 'cultural_background', 'race', 'ethnicity_or_culture'],
  nationality: ['nationality', 'country', 'national_origin'],
  religion: ['religion', 'faith'],
  occupation: ['occupation', 'job', 'profession', 'role'],
};

function personFrom(record: Record<string, unknown>): ExtractedPerson {
  const attributes = {} as Record<PersonAttribute, string>;
  for (const a of PERSON_ATTRIBUTES) {
    attributes[a] = attributeValue(a, field(record, ATTRIBUTE_ALIASES[a]));
  }
  const description = field(record, ['description', 'name', 'who', 'person']);
  const basis = field(record, ['basis', 'evidence']);
  const b = typeof basis === 'string' ? basis.trim().toLowerCase() : '';
  return {
    description: typeof description === 'string' ? oneLine(description) : '',
    attributes,
    basis: b === 'stated' || b === 'implied' || b === 'mixed' ? b : null,
  };
}

function hasAttributeKey(record: Record<string, unknown>): boolean {
  return field(record, [...PERSON_ATTRIBUTES, 'sex', 'race', 'culture']) !== undefined;
}

/**
 * Parses an attribute-extraction answer: `{"people": [...]}` (also "persons" / "characters"), a
 * bare array of people, or a single person object. Missing or empty attributes become
 * "unspecified"; numeric ages become age bands; common gender synonyms are folded.
 */
export function parseAttributeExtraction(text: string): ParseResult<AttributeExtraction> {
  if (text.trim() === '') return fail('empty', 'empty attribute extraction output', text);
  const t = prepare(text);
  if (t.trim() === '') return fail('empty', 'attribute extraction has only reasoning', text);
  for (const value of extractJsonValues(t)) {
    let list: unknown = undefined;
    if (isRecord(value)) {
      list = field(value, ['people', 'persons', 'characters', 'individuals']);
      if (list === undefined && hasAttributeKey(value)) list = [value];
    } else if (Array.isArray(value) && value.some(isRecord)) {
      list = value;
    }
    if (!Array.isArray(list)) continue;
    return ok({ people: list.filter(isRecord).map(personFrom) });
  }
  return looksLikeJson(t)
    ? fail('invalid-json', 'output looks like JSON but lists no people', text)
    : fail('no-match', 'no JSON list of people found', text);
}

/**
 * The attributes of the most central person, which the societal view compares across k responses.
 * @returns Their attributes, or every attribute "unspecified" when the response has no people.
 */
export function primaryAttributes(
  extraction: AttributeExtraction,
): Record<PersonAttribute, string> {
  const first = extraction.people[0];
  if (first !== undefined) return { ...first.attributes };
  return Object.fromEntries(PERSON_ATTRIBUTES.map((a) => [a, UNSPECIFIED])) as Record<
    PersonAttribute,
    string
  >;
}
