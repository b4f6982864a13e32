import { strict as assert } from 'node:assert';
import { lint, single, underlined, withRule } from './lintSupport';

const IGNISIGN_LISTS = '"documentIds": ["65f1c2a9e4b0a1b2c3d4e600"], "signerIds": ["65f1c2a9e4b0a1b2c3d4e601"]';

describe('request-id-format: $request.id checked as you type, in the provider\'s format', () => {
  it('Zigned: an id that is not a cuid is an error on the id, with the expected format and an example', () => {
    const text = '{ "$request": { "id": "agreement-42" } }';
    const finding = single(lint(text, 'zigned'), 'request-id-format');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.path, '/$request/id');
    assert.equal(underlined(text, finding), '"agreement-42"');
    assert.match(finding.message, /\$request\.id: "agreement-42" is not a Zigned agreement id: expected a cuid/);
    assert.match(finding.message, /Send refuses such an id/);
    assert.equal(withRule(lint(text, 'zigned'), 'schema').length, 0, 'reported once, by this rule');
  });

  it('Zigned: a cuid passes', () => {
    assert.deepEqual(withRule(lint('{ "$request": { "id": "clx0f3k2p0000abcd1234efgh" } }', 'zigned'), 'request-id-format'), []);
  });

  it('Ignisign: a 24-hex ObjectId passes; another id Send accepts is a warning saying the format is only observed', () => {
    assert.deepEqual(withRule(lint(`{ "$request": { "id": "672d206d10e44e00125eac63" }, ${IGNISIGN_LISTS} }`, 'ignisign'), 'request-id-format'), []);
    const finding = single(lint(`{ "$request": { "id": "sr_12345" }, ${IGNISIGN_LISTS} }`, 'ignisign'), 'request-id-format');
    assert.equal(finding.severity, 'warning');
    assert.equal(
      finding.message,
      '$request.id "sr_12345" does not look like a signature request id: Ignisign v3 ids are a 24-character hexadecimal id (a MongoDB ObjectId), e.g. 672d206d10e44e00125eac63. That format is what the API returns, not a documented rule, so the id may still be right: check it against the API or the dashboard.',
    );
  });

  it('Ignisign: an id Send would refuse (not URL-safe) is an error', () => {
    const finding = single(lint(`{ "$request": { "id": "a/b c" }, ${IGNISIGN_LISTS} }`, 'ignisign'), 'request-id-format');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /does not look like an Ignisign signature request id: expected 6–64 letters, digits/);
  });

  it('an id made of variables is checked as the environment resolves it, and skipped without one', () => {
    const text = '{ "$request": { "id": "{{agreementId}}" } }';
    assert.deepEqual(withRule(lint(text, 'zigned'), 'request-id-format'), [], 'no environment: not checked');
    assert.deepEqual(withRule(lint(text, 'zigned', { variables: { agreementId: 'clx0f3k2p0000abcd1234efgh' } }), 'request-id-format'), []);
    const finding = single(lint(text, 'zigned', { variables: { agreementId: '42' } }), 'request-id-format');
    assert.match(finding.message, /^\$request\.id \("\{\{agreementId\}\}" in the chosen environment\): "42" is not a Zigned agreement id/);
    assert.deepEqual(withRule(lint(text, 'zigned', { variables: {} }), 'request-id-format'), [], 'an undefined variable is unresolved-variable\'s');
  });

  it('a placeholder is left to unfilled-placeholder; the setting turns the rule off', () => {
    assert.deepEqual(withRule(lint('{ "$request": { "id": "<agreement id>" } }', 'zigned'), 'request-id-format'), []);
    assert.deepEqual(withRule(lint('{ "$request": { "id": "x" } }', 'zigned', { severities: { 'request-id-format': 'off' } }), 'request-id-format'), []);
    assert.equal(single(lint('{ "$request": { "id": "x" } }', 'zigned', { severities: { 'request-id-format': 'warning' } }), 'request-id-format').severity, 'warning');
  });

  describe('the shape of $request is reported clearly', () => {
    it('not an object', () => {
      const finding = single(lint('{ "$request": "clx0f3k2p0000abcd1234efgh" }', 'zigned'), 'schema');
      assert.equal(finding.path, '/$request');
      assert.match(finding.message, /"\$request" must be an object, not a string/);
    });

    it('an id that is not a string', () => {
      const finding = single(lint(`{ "$request": { "id": 42 }, ${IGNISIGN_LISTS} }`, 'ignisign'), 'schema');
      assert.equal(finding.path, '/$request/id');
      assert.match(finding.message, /"\$request\.id" must be a string, not an integer \(42\)/);
    });

    it('an unknown key, with what is expected', () => {
      const finding = single(lint('{ "$request": { "id": "clx0f3k2p0000abcd1234efgh", "env": "staging" } }', 'zigned'), 'unknown-property');
      assert.equal(finding.path, '/$request/env');
      assert.match(finding.message, /Unknown property "env" in "\$request"\. .*environment/);
    });
  });
});
