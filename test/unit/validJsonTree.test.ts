import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import { FINDING_KINDS, payloadWithFindings } from '../../bench/findingPayloads';
import { largeIgnisignPayload, typicalIgnisignPayload } from '../../bench/payloads';
import { parsePayload } from '../../src/core/payload/parsePayload';
import { validJsonTree } from '../../src/core/payload/validJsonTree';
import { Prng } from '../support/fuzz/prng';
import { randomJson } from '../support/randomJson';

/** jsonc-parser's tree, as parsePayload asked it for one before validJsonTree. */
function jsoncTree(text: string): Node | undefined {
  return parseTree(text, [], { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true });
}

/** Node by node: the same fields in the same order, the same values, and each child's parent its node. */
function assertSameTree(ours: Node, theirs: Node, where: string): void {
  assert.deepEqual(Object.keys(ours), Object.keys(theirs), `${where}: fields`);
  for (const field of ['type', 'offset', 'length', 'colonOffset'] as const) assert.equal(ours[field], theirs[field], `${where}: ${field}`);
  assert.ok(Object.is(ours.value, theirs.value), `${where}: value ${String(ours.value)} / ${String(theirs.value)}`);
  assert.equal(ours.children?.length, theirs.children?.length, `${where}: children`);
  ours.children?.forEach((child, i) => {
    assert.equal(child.parent, ours, `${where}/${i}: parent`);
    assertSameTree(child, theirs.children![i], `${where}/${i}`);
  });
}

function assertSameAsJsonc(text: string, label: string): void {
  JSON.parse(text); // Only valid JSON is read this way.
  const theirs = jsoncTree(text);
  let ours: Node | undefined;
  try {
    ours = validJsonTree(text);
  } catch (error) {
    assert.fail(`${label}: ${(error as Error).message}`);
  }
  assert.ok(ours && theirs, `${label}: a tree`);
  assert.equal('parent' in ours, 'parent' in theirs, `${label}: the root has no parent field`);
  assertSameTree(ours, theirs, label);
}

describe('the syntax tree of valid JSON (validJsonTree)', () => {
  it('is node for node the tree jsonc-parser builds, on the samples and benchmark payloads', () => {
    const samples = path.join(__dirname, '../../../samples');
    for (const name of fs.readdirSync(samples).filter((n) => n.endsWith('.json'))) {
      const text = fs.readFileSync(path.join(samples, name), 'utf8');
      try {
        JSON.parse(text);
      } catch {
        continue; // needs-fixing may well not be JSON.parse-valid; jsonc-parser reads such files.
      }
      assertSameAsJsonc(text, name);
    }
    assertSameAsJsonc(typicalIgnisignPayload(), 'typical');
    assertSameAsJsonc(largeIgnisignPayload(100 * 1024), '100 KB');
    for (const kind of FINDING_KINDS) assertSameAsJsonc(payloadWithFindings(kind, 30), kind);
  });

  it('is node for node the tree jsonc-parser builds, on 2 000 random valid texts', () => {
    const prng = new Prng(20261202);
    for (let i = 0; i < 2000; i++) {
      const text = `${prng.pick(['', ' ', '\n'])}${randomJson(prng)}${prng.pick(['', '\n', ' \r\n'])}`;
      assertSameAsJsonc(text, `case ${i}: ${JSON.stringify(text)}`);
    }
  });

  it('refuses what is not valid JSON, and parsePayload then reads it with jsonc-parser', () => {
    for (const text of ['{"a": 1,}', '[1 2]', '{"a" 1}', '"open', 'tru', '{} {}', '']) assert.throws(() => validJsonTree(text), /Not valid JSON/, text);
    // A BOM is read as a space (offsets stay the file's).
    const parsed = parsePayload('\ufeff{"a": [1, "b"]}');
    assert.equal(parsed.root?.offset, 1);
    assert.equal(parsed.root?.children?.[0].children?.[1].children?.[1].value, 'b');
  });
});
