// Table-driven tests for the model-output parsers: realistic outputs, failures and adversarial
// text (huge, unicode, HTML) that must never make a parser throw or hang.
import { describe, it, expect } from 'vitest';
import {
  parseChecklist,
  parseClassification,
  parseCorrectness,
  parseGrade,
  parseJudgeVerdict,
  parseMultiResponse,
  parseMultiResponseLenient,
  truncateRaw,
  RAW_EXCERPT_LIMIT,
  type ParseFailureKind,
  type ParseResult,
} from './parse';

function value<T>(r: ParseResult<T>): T | string {
  return r.ok ? r.value : `FAIL:${r.error.kind}`;
}

function kind<T>(r: ParseResult<T>): ParseFailureKind | 'ok' {
  return r.ok ? 'ok' : r.error.kind;
}

describe('parseClassification', () => {
  it.each([
    ['D', 'D'],
    ['d', 'D'],
    ['  G \n', 'G'],
    ['Category: D', 'D'],
    ['category: h', 'FAIL:no-match'],
    ['**D**', 'D'],
    ['(A)', 'A'],
    ['D.', 'D'],
    ['D. Problem-Solving Objective', 'D'],
    ['D - Problem-Solving Objective\n\nThe prompt is a math word problem.', 'D'],
    ['C: Random Generation', 'C'],
    ['{"category":"D"}', 'D'],
    ['```json\n{"category": "G"}\n```', 'G'],
    ['{"category": "D. Problem-Solving Objective"}', 'D'],
    ['{"category": "creative writing"}', 'G'],
    ['{"category": "f"}', 'F'],
    ['The answer is B.', 'B'],
    ['Category: H\n\nExplanation: the user asks which job offer to accept.', 'H'],
    ['This prompt asks for a poem, so it is Creative Writing.', 'G'],
    ['The user wants the history of the Berlin Wall: an Encyclopedia Inquiry.', 'F'],
    ['This is an Advice/Opinions prompt.', 'H'],
    ['It is not category B, since nothing is verifiable.\nFinal answer: C', 'C'],
    ['I would classify this under category E because many fixes work.', 'E'],
    ['Category: **F** (Encyclopedia Inquiry)', 'F'],
    ['**Category:** A', 'A'],
    ['### Classification\n**B. Underspecified Singular Objective**', 'B'],
    ['E.g. a proof question.\n\n**D**', 'D'],
    ['类别：F', 'F'],
    ['答案: E', 'E'],
    ['Ｄ', 'D'],
    ['Category：Ｇ', 'G'],
    ['<think>Maybe B? Category: B</think>\nCategory: A', 'A'],
    ['Reasoning first.</think>\n\nG', 'G'],
    ['Well-Specified Singular Objective', 'A'],
    ['underspecified objective', 'B'],
    ['problem solving subjective', 'E'],
  ])('%j -> %s', (text, expected) => {
    expect(value(parseClassification(text))).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   \n\t ', 'empty'],
    ['<think>only thoughts</think>', 'empty'],
    ['I am not sure what this is.', 'no-match'],
    ['The category is a creative one.', 'no-match'],
    ['A or D', 'ambiguous'],
    ['B, C', 'ambiguous'],
    ['Category: A\nCategory: D\nBoth could apply.', 'ambiguous'],
    ['It mixes Creative Writing and Advice or Opinions.', 'ambiguous'],
    ['{"category": "Z"}', 'out-of-range'],
    ['{"category": 4}', 'no-match'],
    ['{"cat": ', 'invalid-json'],
    ['<script>alert("A")</script>', 'no-match'],
    ['Category: Z', 'no-match'],
  ])('%j fails with %s', (text, expected) => {
    expect(kind(parseClassification(text))).toBe(expected);
  });
});

describe('parseJudgeVerdict', () => {
  it.each([
    ['EQUIVALENT', 'equivalent'],
    ['different', 'different'],
    ['Verdict: EQUIVALENT', 'equivalent'],
    ['Verdict: DIFFERENT', 'different'],
    ['verdict - different', 'different'],
    ['**Verdict:** Different', 'different'],
    ['Final verdict: **EQUIVALENT**', 'equivalent'],
    ['{"verdict":"different"}', 'different'],
    ['{"reasoning": "Both use induction.", "verdict": "equivalent"}', 'equivalent'],
    ['```json\n{"verdict": "DIFFERENT"}\n```', 'different'],
    ['{"verdict": "not equivalent"}', 'different'],
    ['{"equivalent": false}', 'different'],
    ['{"functionally_equivalent": true}', 'equivalent'],
    ['{"different": true}', 'different'],
    ['Not equivalent.', 'different'],
    ['NOT EQUIVALENT', 'different'],
    ['The responses are not functionally equivalent.', 'different'],
    ['They are non-equivalent.', 'different'],
    ['inequivalent', 'different'],
    ["The two answers aren't really equivalent.", 'different'],
    ['These isn’t equivalent', 'different'],
    ['The responses are not different in any meaningful way.', 'equivalent'],
    ['They are not the same.', 'different'],
    ['Functionally different', 'different'],
    [
      'Both responses use different words but the same strategy (substitution).\n\nVerdict: EQUIVALENT',
      'equivalent',
    ],
    [
      'Verdict: EQUIVALENT\n\nBoth pick the number 7; the wording is different but that does not matter.',
      'equivalent',
    ],
    [
      'Response A argues geometrically while B uses algebra; these are different strategies.\n\n**DIFFERENT**',
      'different',
    ],
    ['The stories differ in genre and tone. DIFFERENT', 'different'],
    ['Verdict: The two responses are functionally different.', 'different'],
    [
      'Both stories are written in different styles but share plot. Verdict: equivalent',
      'equivalent',
    ],
    ['The responses use different approaches.', 'different'],
    ['<think>Equivalent? Verdict: EQUIVALENT</think>\nVerdict: DIFFERENT', 'different'],
    ['结论：不同', 'different'],
    ['判断：等价', 'equivalent'],
    ['两个回答虽然措辞不同，但策略相同。\n结论：等价', 'equivalent'],
    ['两个回答不等价。', 'different'],
    ['Verdict：ＤＩＦＦＥＲＥＮＴ', 'different'],
    ['Judgment = equivalent', 'equivalent'],
  ])('%j -> %s', (text, expected) => {
    expect(value(parseJudgeVerdict(text))).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['I cannot decide.', 'no-match'],
    ['Equivalent or different? Hard to say.', 'ambiguous'],
    ['The responses are equivalent. The responses are different.', 'ambiguous'],
    ['Verdict: EQUIVALENT\nVerdict: DIFFERENT\nHard to say.', 'ambiguous'],
    ['I must end with "Verdict: EQUIVALENT" or "Verdict: DIFFERENT".', 'ambiguous'],
    ['{"verdict": "maybe"}', 'no-match'],
    ['{"verdict": ', 'invalid-json'],
    ['<b>same</b>', 'no-match'],
  ])('%j fails with %s', (text, expected) => {
    expect(kind(parseJudgeVerdict(text))).toBe(expected);
  });
});

describe('parseMultiResponse', () => {
  const tagged3 =
    '<response id="1">\nAlpha\n</response>\n<response id="2">\nBeta\n</response>\n<response id="3">\nGamma\n</response>';
  it.each([
    [tagged3, 3, ['Alpha', 'Beta', 'Gamma']],
    [
      `Here are three responses:\n\n${tagged3}\n\nI hope these help!`,
      3,
      ['Alpha', 'Beta', 'Gamma'],
    ],
    ['<response id="1">\nFirst\n<response id="2">\nSecond', 2, ['First', 'Second']],
    ["<response id='1'>x</response><response id=2>y</response>", 2, ['x', 'y']],
    ['<response_1>x</response_1>\n<response-2>y</response-2>', 2, ['x', 'y']],
    ['<RESPONSE>x</RESPONSE><Response>y</Response>', 2, ['x', 'y']],
    ['<responses>\n<response id="1">x</response>\n</responses>', 1, ['x']],
    ['```xml\n<response id="1">x</response>\n<response id="2">y</response>\n```', 2, ['x', 'y']],
    [
      '<response id="1">\n# Title\n\n1. step one\n2. step two\n\n---\n\n| a | b |\n</response>',
      1,
      ['# Title\n\n1. step one\n2. step two\n\n\n\n| a | b |'],
    ],
    [
      '<response id="1">巴黎是法国的首都。</response><response id="2">ＡＢＣ①</response>',
      2,
      ['巴黎是法国的首都。', 'ＡＢＣ①'],
    ],
    ['<response id="1">Use <b>bold</b> & <i>it</i></response>', 1, ['Use <b>bold</b> & <i>it</i>']],
    [
      '<think>draft <response id="1">no</response></think><response id="1">yes</response>',
      1,
      ['yes'],
    ],
    ['Response 1: Paris\nResponse 2: Lyon', 2, ['Paris', 'Lyon']],
    ['**Response 1**\nfoo\n\n**Response 2**\nbar', 2, ['foo', 'bar']],
    ['=== Response 1 ===\nfoo\n=== Response 2 ===\nbar', 2, ['foo', 'bar']],
    ['### Answer 1\nfoo\n### Answer 2\nbar', 2, ['foo', 'bar']],
    [
      'Response 1: see option 2 below\nOption 2 is mine\nResponse 2: other',
      2,
      ['see option 2 below\nOption 2 is mine', 'other'],
    ],
  ])('%j (k=%i)', (text, k, expected) => {
    expect(value(parseMultiResponse(text, k))).toEqual(expected);
  });

  it.each([
    ['', 3, 'empty', 0],
    ['Just a single answer without delimiters.', 3, 'no-match', 0],
    ['<response id="1">a</response><response id="2">b</response>', 3, 'wrong-count', 2],
    [
      '<response id="1">a</response><response id="2">b</response><response id="3">c</response>',
      2,
      'wrong-count',
      3,
    ],
    ['<response id="1"></response><response id="2">x</response>', 2, 'wrong-count', 1],
    ['<response id="1">   </response>', 1, 'wrong-count', 0],
    ['Response 2: starts at two', 1, 'no-match', 0],
  ])('%j (k=%i) fails with %s; lenient keeps %i', (text, k, expected, found) => {
    expect(kind(parseMultiResponse(text, k))).toBe(expected);
    const lenient = parseMultiResponseLenient(text, k);
    expect(lenient.issue?.kind).toBe(expected);
    expect(lenient.responses).toHaveLength(found);
  });

  it('reports ignored empty blocks in the message', () => {
    const r = parseMultiResponse('<response id="1"></response><response id="2">x</response>', 2);
    expect(r.ok ? '' : r.error.message).toMatch(/1 empty block ignored/);
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('k=%d throws RangeError', (k) => {
    expect(() => parseMultiResponse('<response>x</response>', k)).toThrow(RangeError);
  });

  it('lenient mode returns the responses and no issue on success', () => {
    expect(parseMultiResponseLenient(tagged3, 3)).toEqual({
      responses: ['Alpha', 'Beta', 'Gamma'],
      issue: null,
    });
  });
});

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

describe('parseGrade', () => {
  it.each([
    ['4', 4],
    ['5.', 5],
    ['Score: 4', 4],
    ['Score: 4/5', 4],
    ['Rating: **5**', 5],
    ['**Score**: 2', 2],
    ['Score (1-5): 2', 2],
    ['Final score: 5 out of 5', 5],
    ['score of 3', 3],
    ['[[4]]', 4],
    ['I would rate this 4/5.', 4],
    ['{"score": 3}', 3],
    ['{"reasoning": "Meets items 1-3.", "score": "2"}', 2],
    ['{"rating": "4/5"}', 4],
    ['The response meets items 1 and 2 but misses 3.\n\nScore: 3', 3],
    ['Score: 4\n\nThe response covers checklist items 1, 2 and 3.', 4],
    ['评分：4分', 4],
    ['得分: ４', 4],
    ['<think>Score: 2</think>Score: 5', 5],
    ['Score: 2\nOn reflection the fix is valid.\nScore: 3', 3],
    ['Score: 4\n\nSo overall, Score: 4/5', 4],
  ])('%j -> %s', (text, expected) => {
    expect(value(parseGrade(text))).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['Score: 7', 'out-of-range'],
    ['Score: 0', 'out-of-range'],
    ['Score: -1', 'out-of-range'],
    ['Score: 4.5', 'out-of-range'],
    ['Score: 8/10', 'out-of-range'],
    ['Score: 4\nScore: 4/10\nDone.', 'ambiguous'],
    ['{"score": 6}', 'out-of-range'],
    ['Score: 3\nScore: 5\nUnsure.', 'ambiguous'],
    ['Great response!', 'no-match'],
    ['{"score": "high"}', 'no-match'],
    ['{"score": ', 'invalid-json'],
  ])('%j fails with %s', (text, expected) => {
    expect(kind(parseGrade(text))).toBe(expected);
  });
});

describe('parseCorrectness', () => {
  it.each([
    ['CORRECT', 'correct'],
    ['INCORRECT', 'incorrect'],
    ['NOT_ATTEMPTED', 'not-attempted'],
    ['not attempted', 'not-attempted'],
    ['Not-Attempted.', 'not-attempted'],
    ['**CORRECT**', 'correct'],
    ['Grade: INCORRECT', 'incorrect'],
    ['Grade: CORRECT (the response hedges but commits to the right year)', 'correct'],
    ['{"grade": "NOT_ATTEMPTED"}', 'not-attempted'],
    ['{"grade": "INCORRECT"}', 'incorrect'],
    ['The response says 1889 but the gold answer is 1887, so it is incorrect.', 'incorrect'],
    ['The response matches the gold answer.\nCORRECT', 'correct'],
    ['The response is not correct.', 'incorrect'],
    [
      'It did not answer the question; a correct answer was never given.\nNOT_ATTEMPTED',
      'not-attempted',
    ],
    ['正确', 'correct'],
    ['结论：错误', 'incorrect'],
  ])('%j -> %s', (text, expected) => {
    expect(value(parseCorrectness(text))).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['CORRECT or INCORRECT', 'ambiguous'],
    ['I do not know.', 'no-match'],
    ['{"grade": "PARTIAL"}', 'no-match'],
    ['{"grade": ', 'invalid-json'],
  ])('%j fails with %s', (text, expected) => {
    expect(kind(parseCorrectness(text))).toBe(expected);
  });
});

describe('adversarial input never throws and keeps raw short', () => {
  const huge = 'lorem ipsum dolor sit amet, '.repeat(40_000);
  const parsers: Array<[string, (t: string) => ParseResult<unknown>]> = [
    ['classification', parseClassification],
    ['verdict', parseJudgeVerdict],
    ['multi', (t) => parseMultiResponse(t, 3)],
    ['checklist', (t) => parseChecklist(t)],
    ['grade', parseGrade],
    ['correctness', parseCorrectness],
  ];
  const inputs: Array<[string, string]> = [
    ['huge prose', huge],
    ['open braces', '{'.repeat(100_000)],
    ['open brackets', '['.repeat(50_000) + '"'.repeat(50_000)],
    ['many small json', '{"a":1} '.repeat(20_000)],
    ['blank run', `${' '.repeat(200_000)}x`],
    ['label then blanks', `category${' '.repeat(100_000)}?`],
    ['score then blanks', `Score${' '.repeat(100_000)}?`],
    ['verdict then blanks', `verdict${' '.repeat(100_000)}`],
    ['newline run', `${'\n'.repeat(100_000)}---`],
    ['heading run', 'Response 1\n'.repeat(20_000)],
    ['think tags', '<think>'.repeat(20_000)],
    ['bold run', '**'.repeat(100_000)],
    ['tags unclosed', '<response id="1">'.repeat(20_000)],
    ['digits', '9'.repeat(100_000)],
    ['html', '<html><script>alert("EQUIVALENT")</script><img src=x onerror=alert(1)></html>'],
    ['emoji and rtl', '🙂👍🏽 مرحبا עברית \u202e reversed \u200b zero-width'],
    ['control chars', '\u0000\u0001\u0007\u001b[31m'],
    ['lone surrogate', '\ud800 \udc00 \ud83d'],
  ];
  const rows = parsers.flatMap(([name, parse]) =>
    inputs.map(([label, input]) => [name, label, parse, input] as const),
  );
  it.each(rows)('%s on %s', (_name, _label, parse, input) => {
    const r = parse(input);
    if (!r.ok) {
      expect(r.error.raw.length).toBeLessThanOrEqual(RAW_EXCERPT_LIMIT);
      expect(r.error.message.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['short', 'abc', 'abc'],
    ['exact', 'x'.repeat(RAW_EXCERPT_LIMIT), 'x'.repeat(RAW_EXCERPT_LIMIT)],
    ['long', 'y'.repeat(RAW_EXCERPT_LIMIT + 10), 'y'.repeat(RAW_EXCERPT_LIMIT)],
    [
      'split surrogate',
      `${'z'.repeat(RAW_EXCERPT_LIMIT - 1)}🙂`,
      'z'.repeat(RAW_EXCERPT_LIMIT - 1),
    ],
  ])('truncateRaw %s', (_label, input, expected) => {
    expect(truncateRaw(input)).toBe(expected);
  });

  it('failure raw is the start of the model text', () => {
    const r = parseGrade(`no score ${'.'.repeat(1000)}`);
    expect(r.ok ? '' : r.error.raw).toBe(`no score ${'.'.repeat(RAW_EXCERPT_LIMIT - 9)}`);
  });
});
