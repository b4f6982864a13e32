import { strict as assert } from 'node:assert';
import { parseTree, type Node } from 'jsonc-parser';
import { mayHaveDuplicateKeys, parsePayload } from '../../src/core/payload/parsePayload';
import { Prng } from '../support/fuzz/prng';
import { randomJson } from '../support/randomJson';

/** Whether some object of the text names a key twice (after decoding escapes), read from jsonc-parser's tree. */
function repeatsAKey(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'object') {
    const names = (node.children ?? []).map((property) => property.children?.[0]?.value as string);
    if (new Set(names).size !== names.length) return true;
  }
  return (node.children ?? []).some(repeatsAKey);
}

describe('the shape of valid JSON, counted without a tree (textShape)', () => {
  for (const unicodeEscapes of [false, true]) {
    it(`tells exactly which texts repeat a key, ${unicodeEscapes ? 'with' : 'without'} \\u escapes (which may write a colon)`, () => {
      const prng = new Prng(unicodeEscapes ? 8080 : 4242);
      let repeated = 0;
      for (let i = 0; i < 3000; i++) {
        const text = randomJson(prng, unicodeEscapes);
        const expected = repeatsAKey(parseTree(text));
        if (expected) repeated++;
        assert.equal(mayHaveDuplicateKeys(parsePayload(text)), expected, `case ${i}: ${JSON.stringify(text)}`);
      }
      assert.ok(repeated > 50, `the cases include repeated keys (${repeated})`);
    });
  }

  it('a colon written as \\u003a in a string, and a repeated key, are not mistaken for each other', () => {
    // Counting colons alone, the escaped one would make up for the repeated key's.
    assert.equal(mayHaveDuplicateKeys(parsePayload('{"a": 1, "a": 2, "b": "\\u003a"}')), true);
    assert.equal(mayHaveDuplicateKeys(parsePayload('{"a": "x:y", "b:c": "\\u003a"}')), false);
    assert.equal(mayHaveDuplicateKeys(parsePayload('{"a": 1, "\\u0061": 2}')), true, 'the same key, written two ways');
  });
});
