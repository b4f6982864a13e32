import { strict as assert } from 'node:assert';
import { applyEdits } from '../../src/core/lint/edits';
import type { Finding, Fix } from '../../src/core/lint/types';
import { lint, single, type ProviderId } from './lintSupport';

/** The fix whose title starts with `title`, applied: the text after it, and the placeholder's text when it marks one. */
function fixed(text: string, provider: ProviderId, ruleId: string, title: string): { text: string; placeholder?: string; fix: Fix } {
  const finding: Finding = single(lint(text, provider), ruleId);
  const fix = finding.fixes.find((f) => f.title.startsWith(title));
  assert.ok(fix, `fix "${title}" offered; got ${JSON.stringify(finding.fixes.map((f) => f.title))}`);
  const after = applyEdits(text, fix.edits);
  const placeholder = fix.placeholder ? after.slice(fix.placeholder.offset, fix.placeholder.offset + fix.placeholder.length) : undefined;
  return { text: after, placeholder, fix };
}

// Tomorrow 09:00 UTC from lintSupport's NOW (2026-11-23T12:00:00Z).
const TOMORROW = '2026-11-24T09:00:00Z';

describe('fixes that insert keep the file as written and put the new key beside its relatives', () => {
  describe('Add diffusionDate goes right after diffusionMode', () => {
    it('2-space file: its own line, the one-line array before it untouched, not at the end of the file', () => {
      const text = '{\n  "title": "T",\n  "documentIds": ["d1", "d2"],\n  "diffusionMode": "SCHEDULED",\n  "signerIds": ["s1"]\n}\n';
      assert.equal(
        fixed(text, 'ignisign', 'ignisign/scheduled-without-diffusion-date', 'Add diffusionDate').text,
        `{\n  "title": "T",\n  "documentIds": ["d1", "d2"],\n  "diffusionMode": "SCHEDULED",\n  "diffusionDate": "${TOMORROW}",\n  "signerIds": ["s1"]\n}\n`,
      );
    });

    it('diffusionMode last, after a one-line array: the array stays on one line', () => {
      const text = '{\n  "documentIds": ["d1", "d2"], "signerIds": ["s1"],\n  "diffusionMode": "SCHEDULED"\n}';
      assert.equal(
        fixed(text, 'ignisign', 'ignisign/scheduled-without-diffusion-date', 'Add diffusionDate').text,
        `{\n  "documentIds": ["d1", "d2"], "signerIds": ["s1"],\n  "diffusionMode": "SCHEDULED",\n  "diffusionDate": "${TOMORROW}"\n}`,
      );
    });

    it('tab-indented file with CRLF line ends', () => {
      const text = '{\r\n\t"diffusionMode": "SCHEDULED",\r\n\t"documentIds": [\r\n\t\t"d1"\r\n\t],\r\n\t"signerIds": ["s1"]\r\n}\r\n';
      assert.equal(
        fixed(text, 'ignisign', 'ignisign/scheduled-without-diffusion-date', 'Add diffusionDate').text,
        `{\r\n\t"diffusionMode": "SCHEDULED",\r\n\t"diffusionDate": "${TOMORROW}",\r\n\t"documentIds": [\r\n\t\t"d1"\r\n\t],\r\n\t"signerIds": ["s1"]\r\n}\r\n`,
      );
    });

    it('one-line object: stays on one line, ", " like its neighbours', () => {
      const text = '{ "diffusionMode": "SCHEDULED", "documentIds": ["d1"], "signerIds": ["s1"] }';
      assert.equal(
        fixed(text, 'ignisign', 'ignisign/scheduled-without-diffusion-date', 'Add diffusionDate').text,
        `{ "diffusionMode": "SCHEDULED", "diffusionDate": "${TOMORROW}", "documentIds": ["d1"], "signerIds": ["s1"] }`,
      );
    });

    it('minified file: no spaces added', () => {
      const text = '{"title":"A title long enough to make this a minified file of more than 120 chars","diffusionMode":"SCHEDULED","documentIds":["d1"],"signerIds":["s1"]}';
      assert.equal(
        fixed(text, 'ignisign', 'ignisign/scheduled-without-diffusion-date', 'Add diffusionDate').text,
        `{"title":"A title long enough to make this a minified file of more than 120 chars","diffusionMode":"SCHEDULED","diffusionDate":"${TOMORROW}","documentIds":["d1"],"signerIds":["s1"]}`,
      );
    });
  });

  it('Add expirationDate goes right after expirationDateIsActivated', () => {
    const text = '{\n    "expirationDateIsActivated": true,\n    "documentIds": ["d1"],\n    "signerIds": ["s1"]\n}\n';
    assert.equal(
      fixed(text, 'ignisign', 'ignisign/expiration-date-missing', 'Add expirationDate').text,
      '{\n    "expirationDateIsActivated": true,\n    "expirationDate": "2026-12-23T09:00:00Z",\n    "documentIds": ["d1"],\n    "signerIds": ["s1"]\n}\n',
    );
  });

  describe('Add signerIds / documentIds: beside the other lists, with the placeholder marked for typing', () => {
    it('signerIds after documentIds (2 spaces), placeholder selected between its quotes', () => {
      const text = '{\n  "title": "T",\n  "documentIds": ["d1"],\n  "language": "EN"\n}\n';
      const result = fixed(text, 'ignisign', 'ignisign/signer-ids-missing', 'Add signerIds');
      assert.equal(result.text, '{\n  "title": "T",\n  "documentIds": ["d1"],\n  "signerIds": ["<signer id>"],\n  "language": "EN"\n}\n');
      assert.equal(result.placeholder, '<signer id>');
    });

    it('signerIds after recipients when there is no documentIds (tabs)', () => {
      const text = '{\n\t"recipients": ["a@b.co"],\n\t"title": "T"\n}';
      const result = fixed(text, 'ignisign', 'ignisign/signer-ids-missing', 'Add signerIds');
      assert.equal(result.text, '{\n\t"recipients": ["a@b.co"],\n\t"signerIds": ["<signer id>"],\n\t"title": "T"\n}');
      assert.equal(result.placeholder, '<signer id>');
    });

    it('documentIds after signerIds in a one-line file', () => {
      const text = '{"title": "T", "signerIds": ["s1"], "language": "EN"}';
      const result = fixed(text, 'ignisign', 'ignisign/document-ids-missing', 'Add documentIds');
      assert.equal(result.text, '{"title": "T", "signerIds": ["s1"], "documentIds": ["<document id>"], "language": "EN"}');
      assert.equal(result.placeholder, '<document id>');
    });

    it('an empty file object gets the key on its own indented line', () => {
      const result = fixed('{}\n', 'ignisign', 'ignisign/signer-ids-missing', 'Add signerIds');
      assert.equal(result.text, '{\n  "signerIds": ["<signer id>"]\n}\n');
      assert.equal(result.placeholder, '<signer id>');
    });

    it('an empty list is filled, and the placeholder is marked', () => {
      const text = '{\n  "documentIds": ["d1"],\n  "signerIds": []\n}\n';
      const result = fixed(text, 'ignisign', 'ignisign/signer-ids-missing', 'Add signerIds');
      assert.deepEqual(JSON.parse(result.text), { documentIds: ['d1'], signerIds: ['<signer id>'] });
      assert.ok(result.text.startsWith('{\n  "documentIds": ["d1"],\n'), 'the line before is untouched');
      assert.equal(result.placeholder, '<signer id>');
    });
  });

  it('Add documentId to a statement goes after its target, placeholder marked', () => {
    const text = '{\n  "documentIds": ["d1", "d2"],\n  "signerIds": ["s1"],\n  "statements": [\n    { "target": "DOCUMENT", "labelMd": "I agree" }\n  ]\n}\n';
    const result = fixed(text, 'ignisign', 'ignisign/statement-document-id-missing', 'Add documentId');
    assert.equal(result.text, '{\n  "documentIds": ["d1", "d2"],\n  "signerIds": ["s1"],\n  "statements": [\n    { "target": "DOCUMENT", "documentId": "<document id>", "labelMd": "I agree" }\n  ]\n}\n');
    assert.equal(result.placeholder, '<document id>');
  });

  it('Add issuer.email (Zigned) goes after the issuer name, placeholder marked', () => {
    const text = '{\n  "send_emails": true,\n  "issuer": {\n    "name": "Jane",\n    "role": "observer"\n  }\n}\n';
    const result = fixed(text, 'zigned', 'zigned/issuer-email-missing', 'Add issuer.email');
    assert.equal(result.text, '{\n  "send_emails": true,\n  "issuer": {\n    "name": "Jane",\n    "email": "<issuer e-mail>",\n    "role": "observer"\n  }\n}\n');
    assert.equal(result.placeholder, '<issuer e-mail>');
  });

  it('appending to a one-line list keeps it on one line (Add to signerIds, from an approver)', () => {
    const text = '{\n  "documentIds": ["d1"],\n  "signerIds": ["s1", "s2"],\n  "signersAsApprover": ["s3"]\n}\n';
    const result = fixed(text, 'ignisign', 'ignisign/approver-not-signer', 'Add "s3" to signerIds');
    assert.equal(result.text, '{\n  "documentIds": ["d1"],\n  "signerIds": ["s1", "s2", "s3"],\n  "signersAsApprover": ["s3"]\n}\n');
    assert.equal(result.fix.placeholder, undefined, 'a real value: nothing to select');
  });

  it('appending to a multi-line list adds a line with the items\' indentation', () => {
    const text = '{\n  "documentIds": ["d1"],\n  "signerIds": [\n    "s1"\n  ],\n  "signersAsApprover": ["s3"]\n}\n';
    const result = fixed(text, 'ignisign', 'ignisign/approver-not-signer', 'Add "s3" to signerIds');
    assert.equal(result.text, '{\n  "documentIds": ["d1"],\n  "signerIds": [\n    "s1",\n    "s3"\n  ],\n  "signersAsApprover": ["s3"]\n}\n');
  });
});

describe('recipient-not-email: an id in recipients moves to signerIds', () => {
  it('appends to an existing signerIds and removes it from recipients', () => {
    const text = '{\n  "documentIds": ["d1"],\n  "signerIds": ["s1"],\n  "recipients": ["a@b.co", "s2"]\n}\n';
    const result = fixed(text, 'ignisign', 'ignisign/recipient-not-email', 'Move "s2" to signerIds');
    assert.equal(result.text, '{\n  "documentIds": ["d1"],\n  "signerIds": ["s1", "s2"],\n  "recipients": ["a@b.co"]\n}\n');
  });

  it('creates signerIds right after recipients when there is none', () => {
    const text = '{\n  "recipients": ["65f1c2a9e4b0a1b2c3d4e5f6"],\n  "documentIds": ["d1"]\n}\n';
    const result = fixed(text, 'ignisign', 'ignisign/recipient-not-email', 'Move "65f1c2a9e4b0a1b2c3d4e5f6" to signerIds');
    assert.equal(result.text, '{\n  "recipients": [],\n  "signerIds": ["65f1c2a9e4b0a1b2c3d4e5f6"],\n  "documentIds": ["d1"]\n}\n');
  });

  it('only removes it when signerIds already has it; no move for a bad address or a non-list signerIds', () => {
    const already = '{"documentIds": ["d1"], "signerIds": ["s1"], "recipients": ["s1", "x@y.co"]}';
    assert.equal(fixed(already, 'ignisign', 'ignisign/recipient-not-email', 'Remove "s1" from recipients').text, '{"documentIds": ["d1"], "signerIds": ["s1"], "recipients": ["x@y.co"]}');
    const address = single(lint('{"documentIds": ["d1"], "signerIds": ["s1"], "recipients": ["jane@example"]}', 'ignisign'), 'ignisign/recipient-not-email');
    assert.deepEqual(address.fixes, [], 'an address with a typo is not an id');
  });
});
