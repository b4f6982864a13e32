import { strict as assert } from 'node:assert';
import { FINDING_KINDS, RULE_OF, payloadWithFindings } from '../../bench/findingPayloads';
import { applyEdits } from '../../src/core/lint/edits';
import { lintParsed, MAX_FINDINGS_PER_RULE } from '../../src/core/lint/engine';
import type { Finding } from '../../src/core/lint/types';
import { parsePayload, type ParsedPayload } from '../../src/core/payload/parsePayload';
import { suggestWork } from '../../src/core/text/suggest';
import { measureParsing } from '../support/fuzz/workMeter';
import { lint, NOW, profile, withRule } from './lintSupport';

/**
 * Lint work grows linearly with the file and with its findings. Bounded by counts, never by
 * time (timing goals are in `npm run bench`): characters handed to the parser, reads of the
 * payload's array items (where a rule would scan a list per finding), and "did you mean"
 * searches. Each kind is linted at n and 10 n findings (under the 1 000 listed per rule).
 */
const N = 80;
/** 10 × the findings may cost 10 × the work, plus slack for what does not grow (a quadratic cost is 100 ×). */
const LINEAR = 12;

/** The file's value with every array wrapped so that reads of its items are counted. */
function countingArrayReads(value: unknown, counter: { reads: number }): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => countingArrayReads(item, counter));
    return new Proxy(items, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) counter.reads++;
        return Reflect.get(target, key, receiver);
      },
    });
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, countingArrayReads(item, counter)]));
  }
  return value;
}

interface Work {
  findings: Finding[];
  characters: number;
  arrayReads: number;
  searches: number;
}

function lintCounting(text: string): Work {
  const counter = { reads: 0 };
  const searchesBefore = suggestWork.searches;
  const { result, characters } = measureParsing(() => {
    const parsed = parsePayload(text);
    const counted: ParsedPayload = Object.create(parsed, { value: { value: countingArrayReads(parsed.value, counter) } });
    return lintParsed(counted, profile('ignisign'), { now: NOW }).findings;
  });
  return { findings: result, characters, arrayReads: counter.reads, searches: suggestWork.searches - searchesBefore };
}

/** Distinct inputs, so that no earlier test has had them suggested already. */
let salt = 0;
function fresh(text: string): string {
  salt++;
  return text.replace(/"zq(\d+)w"/g, `"zq$1w${salt}"`);
}

describe('lint scales linearly with findings (counts, not time)', () => {
  for (const kind of FINDING_KINDS) {
    describe(kind, () => {
      const few = () => lintCounting(fresh(payloadWithFindings(kind, N)));
      const many = () => lintCounting(fresh(payloadWithFindings(kind, 10 * N)));

      it(`finds exactly n of them (${RULE_OF[kind]})`, () => {
        assert.equal(withRule(few().findings, RULE_OF[kind]).length, N);
        assert.equal(withRule(many().findings, RULE_OF[kind]).length, 10 * N);
      });

      it('parses at most linearly more at 10 × the findings, and each file about once', () => {
        const [a, b] = [few(), many()];
        assert.ok(b.characters <= LINEAR * a.characters, `${kind}: ${a.characters} characters parsed at ${N} findings, ${b.characters} at ${10 * N}`);
        assert.ok(b.characters <= 3 * payloadWithFindings(kind, 10 * N).length, `${kind}: ${b.characters} characters parsed for a file of ${payloadWithFindings(kind, 10 * N).length}`);
      });

      it("reads the payload's list items at most linearly more (no list scanned per finding)", () => {
        const [a, b] = [few(), many()];
        assert.ok(a.arrayReads > 0 || kind === 'unknown-key', 'the counter sees the reads');
        assert.ok(b.arrayReads <= LINEAR * Math.max(a.arrayReads, 10), `${kind}: ${a.arrayReads} item reads at ${N} findings, ${b.arrayReads} at ${10 * N}`);
      });

      it('computes every fix from the tree already parsed: reading all edits parses nothing more', () => {
        const text = payloadWithFindings(kind, 10 * N);
        const findings = lint(text, 'ignisign');
        const { characters } = measureParsing(() => findings.flatMap((f) => f.fixes).map((fix) => fix.edits.length));
        assert.ok(characters <= text.length, `${kind}: reading every fix's edits parsed ${characters} characters of a ${text.length}-character file`);
      });
    });
  }

  it('measures each distinct unknown key against the candidates once, not once per finding or per lint', () => {
    const distinct = fresh(payloadWithFindings('unknown-key', 10 * N));
    assert.equal(lintCounting(distinct).searches, 10 * N, 'one search per distinct key');
    assert.equal(lintCounting(distinct).searches, 0, 'linting the same file again searches nothing');
    // 800 statements with the same typo: one search in all.
    const repeated = payloadWithFindings('misspelled-key', 10 * N).replace(/"lableMd"/g, `"lableMd${'x'.repeat(++salt % 2)}"`);
    assert.ok(lintCounting(repeated).searches <= 1, 'the same misspelled key in 800 objects is one search');
  });

  it('the array-read counter catches a list scanned per finding', () => {
    // The guard itself: `includes` on a proxied list reads every item, so a rule doing that per
    // finding would read n × n items, far past LINEAR × the reads at n.
    const counter = { reads: 0 };
    const list = countingArrayReads(Array.from({ length: 100 }, (_, i) => `id-${i}`), counter) as string[];
    for (let i = 0; i < 100; i++) list.includes(`other-${i}`);
    assert.equal(counter.reads, 100 * 100);
  });
});

describe('fixes are never dropped', () => {
  it('5 000 unknown keys: every listed finding keeps its fix, and each fix has edits', () => {
    const text = payloadWithFindings('unknown-key', 5000);
    const findings = withRule(lint(text, 'ignisign'), 'unknown-property');
    const listed = findings.filter((f) => !f.message.startsWith('…and'));
    assert.equal(listed.length, MAX_FINDINGS_PER_RULE);
    for (const f of listed) {
      const remove = f.fixes.find((fix) => fix.title.startsWith('Remove'));
      assert.ok(remove, `${f.path} keeps its Remove fix`);
      assert.ok(remove.edits.length > 0, `${f.path}: the fix has edits`);
    }
    const last = listed[listed.length - 1];
    const fixed = applyEdits(text, last.fixes.find((fix) => fix.title.startsWith('Remove'))!.edits);
    assert.ok(!Object.hasOwn(JSON.parse(fixed) as object, last.path.slice(1)), `${last.path} is removed`);
  });

  it('a fix that adds a value is offered on a file past 2 MB (the old budget), and on every one of 1 000 findings', () => {
    const statements = Array.from({ length: 12_000 }, (_, i) => ({
      appId: 'app-1',
      appEnv: 'DEVELOPMENT',
      signatureRequestId: '65f1c2a9e4b0a1b2c3d4e5f6',
      target: 'SIGNATURE_REQUEST',
      labelMd: `Statement ${i}: I agree to the terms of annex ${i} and confirm that I have read them.`,
    }));
    const approvers = Array.from({ length: 1000 }, (_, i) => `approver-${i}`);
    const text = JSON.stringify({ signerIds: ['signer-a'], documentIds: ['doc-1'], signersAsApprover: approvers, statements }, null, 2);
    assert.ok(text.length > 2 * 1024 * 1024, `the file is ${text.length} characters`);
    const findings = withRule(lint(text, 'ignisign'), 'ignisign/approver-not-signer');
    assert.equal(findings.length, 1000);
    for (const f of findings) assert.ok(f.fixes.some((fix) => fix.title.includes('to signerIds')), `${f.path} keeps "Add to signerIds"`);
    for (const f of [findings[0], findings[999]]) {
      const add = f.fixes.find((fix) => fix.title.includes('to signerIds'))!;
      const fixed = JSON.parse(applyEdits(text, add.edits)) as { signerIds: string[] };
      const id = f.message.match(/^"([^"]+)"/)![1];
      assert.deepEqual(fixed.signerIds, ['signer-a', id]);
    }
  });
});
