import { strict as assert } from 'node:assert';
import { applyFix, json, lint, single, underlined, withRule } from './lintSupport';

const REQUEST_ID = '65f1c2a9e4b0a1b2c3d4e5f6';

/** A complete, valid update that no rule complains about; each test changes one thing. */
function validBody(): Record<string, any> {
  return {
    $request: { id: REQUEST_ID, environment: 'staging' },
    title: 'Supplier agreement',
    signerIds: ['signer-a', 'signer-b'],
    documentIds: ['doc-1'],
    diffusionMode: 'SCHEDULED',
    diffusionDate: '2026-12-01T09:00:00Z',
    expirationDateIsActivated: true,
    expirationDate: '2026-12-31T09:00:00Z',
    signersAsApprover: ['signer-b'],
    recipients: ['legal@example.com'],
    statements: [
      { appId: 'app-1', appEnv: 'DEVELOPMENT', signatureRequestId: REQUEST_ID, target: 'DOCUMENT', documentId: 'doc-1', labelMd: 'I have read the **terms**.' },
      { appId: 'app-1', appEnv: 'DEVELOPMENT', signatureRequestId: REQUEST_ID, target: 'SIGNATURE_REQUEST' },
    ],
  };
}

function body(change: (b: Record<string, any>) => void): string {
  const b = validBody();
  change(b);
  return json(b);
}

const lintIgnisign = (text: string, variables?: Record<string, string>) => lint(text, 'ignisign', variables ? { variables } : {});

describe('Ignisign rules', () => {
  it('a complete, valid update has no findings', () => {
    assert.deepEqual(lintIgnisign(json(validBody())), []);
  });

  describe('ignisign/signer-ids-missing and ignisign/document-ids-missing', () => {
    it('warns at the root when signerIds is absent, and the fix adds a placeholder that must then be filled', () => {
      const text = body((b) => delete b.signerIds);
      const finding = single(lintIgnisign(text), 'ignisign/signer-ids-missing');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, '');
      // The root's range is its opening brace.
      assert.deepEqual(finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
      assert.match(finding.message, /signerIds is missing: publishing will fail \(CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_SIGNERS\) unless an earlier update set them\. Add the ids of the signers\./);

      const fixed = applyFix(text, finding, 'Add signerIds');
      const after = lintIgnisign(fixed);
      assert.deepEqual(withRule(after, 'ignisign/signer-ids-missing'), []);
      const placeholder = single(after, 'unfilled-placeholder');
      assert.equal(placeholder.path, '/signerIds/0');
      assert.equal(placeholder.message, 'Replace the placeholder <signer id> with a real value before sending.');
    });

    it('warns on an empty signerIds at its key, and the fix replaces the empty list', () => {
      const text = body((b) => (b.signerIds = []));
      const finding = single(lintIgnisign(text), 'ignisign/signer-ids-missing');
      assert.equal(finding.path, '/signerIds');
      assert.equal(underlined(text, finding), '"signerIds"');
      assert.match(finding.message, /signerIds is empty: this update clears the signers \(a list replaces the stored one whole\)/);
      assert.doesNotMatch(finding.message, /unless an earlier update/);
      const fixed = applyFix(text, finding);
      assert.deepEqual(JSON.parse(fixed).signerIds, ['<signer id>']);
      assert.deepEqual(withRule(lintIgnisign(fixed), 'ignisign/signer-ids-missing'), []);
    });

    it('warns when documentIds is absent or empty, with CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_DOCUMENTS', () => {
      const absent = body((b) => {
        delete b.documentIds;
        b.statements[0].target = 'SIGNATURE_REQUEST';
        delete b.statements[0].documentId;
      });
      const finding = single(lintIgnisign(absent), 'ignisign/document-ids-missing');
      assert.equal(finding.path, '');
      assert.match(finding.message, /CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_DOCUMENTS/);
      const fixed = applyFix(absent, finding);
      const after = lintIgnisign(fixed);
      assert.deepEqual(withRule(after, 'ignisign/document-ids-missing'), []);
      assert.equal(single(after, 'unfilled-placeholder').message, 'Replace the placeholder <document id> with a real value before sending.');

      const empty = body((b) => (b.documentIds = []));
      assert.equal(single(lintIgnisign(empty), 'ignisign/document-ids-missing').path, '/documentIds');
    });

    it('does not fire when the ids are given', () => {
      const findings = lintIgnisign(body((b) => ((b.signerIds = ['x']), (b.signersAsApprover = []))));
      assert.deepEqual(withRule(findings, 'ignisign/signer-ids-missing'), []);
      assert.deepEqual(withRule(findings, 'ignisign/document-ids-missing'), []);
    });
  });

  describe('ignisign/scheduled-without-diffusion-date', () => {
    it('warns on SCHEDULED without diffusionDate; the fix adds tomorrow 09:00 UTC', () => {
      const text = body((b) => delete b.diffusionDate);
      const finding = single(lintIgnisign(text), 'ignisign/scheduled-without-diffusion-date');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, '/diffusionMode');
      assert.equal(underlined(text, finding), '"SCHEDULED"');
      assert.match(finding.message, /DIFFUSION_MODE_IS_SCHEDULED_BUT_DIFFUSION_DATE_IS_MISSING/);
      // The PUT itself may be refused too, not only the publish.
      assert.match(finding.message, /may refuse this update itself \(CANNOT_UPDATE_OR_PUBLISH_SIGNATURE_REQUEST__DIFFUSION_MODE_SCHEDULED_BUT_NO_DATE_PROVIDED\)/);
      const fixed = applyFix(text, finding);
      assert.equal(JSON.parse(fixed).diffusionDate, '2026-11-24T09:00:00Z');
      assert.deepEqual(lintIgnisign(fixed), []);
    });

    it('does not fire with a diffusionDate, or for WHEN_READY', () => {
      assert.deepEqual(withRule(lintIgnisign(json(validBody())), 'ignisign/scheduled-without-diffusion-date'), []);
      const whenReady = body((b) => ((b.diffusionMode = 'WHEN_READY'), delete b.diffusionDate));
      assert.deepEqual(lintIgnisign(whenReady), []);
    });
  });

  describe('ignisign/diffusion-date-ignored', () => {
    const text = body((b) => (b.diffusionMode = 'WHEN_READY'));

    it('warns on diffusionDate with WHEN_READY, at the diffusionDate key', () => {
      const finding = single(lintIgnisign(text), 'ignisign/diffusion-date-ignored');
      assert.equal(finding.severity, 'warning');
      assert.equal(underlined(text, finding), '"diffusionDate"');
      assert.match(finding.message, /ignored: diffusionMode is WHEN_READY/);
    });

    it('either fix clears it: removing the date, or switching to SCHEDULED', () => {
      const finding = single(lintIgnisign(text), 'ignisign/diffusion-date-ignored');
      const removed = applyFix(text, finding, 'Remove diffusionDate');
      assert.equal(JSON.parse(removed).diffusionDate, undefined);
      assert.deepEqual(lintIgnisign(removed), []);
      const scheduled = applyFix(text, finding, 'SCHEDULED');
      assert.equal(JSON.parse(scheduled).diffusionMode, 'SCHEDULED');
      assert.deepEqual(lintIgnisign(scheduled), []);
    });

    it('does not fire when diffusionMode is not in the body', () => {
      assert.deepEqual(lintIgnisign(body((b) => delete b.diffusionMode)), []);
    });
  });

  describe('ignisign/expiration-date-missing', () => {
    it('warns when expirationDateIsActivated is true without expirationDate; the fix adds now + 30 days at 09:00 UTC', () => {
      const text = body((b) => delete b.expirationDate);
      const finding = single(lintIgnisign(text), 'ignisign/expiration-date-missing');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, '/expirationDateIsActivated');
      assert.match(finding.message, /EXPIRATION_DATE_IS_ACTIVATED_BUT_EXPIRATION_DATE_IS_MISSING/);
      assert.match(finding.message, /may refuse this update itself \(CANNOT_UPDATE_OR_PUBLISH_SIGNATURE_REQUEST__EXPIRATION_DATE_IS_ACTIVATED_BUT_NOT_PROVIDED\)/);
      const fixed = applyFix(text, finding);
      assert.equal(JSON.parse(fixed).expirationDate, '2026-12-23T09:00:00Z');
      assert.deepEqual(lintIgnisign(fixed), []);
    });

    it('does not fire when the expiration is off or dated', () => {
      assert.deepEqual(lintIgnisign(body((b) => ((b.expirationDateIsActivated = false), delete b.expirationDate))), []);
      assert.deepEqual(withRule(lintIgnisign(json(validBody())), 'ignisign/expiration-date-missing'), []);
    });
  });

  describe('ignisign/expiration-before-diffusion', () => {
    it('is an error when expirationDate is before diffusionDate', () => {
      const text = body((b) => (b.expirationDate = '2026-11-30T09:00:00Z'));
      const finding = single(lintIgnisign(text), 'ignisign/expiration-before-diffusion');
      assert.equal(finding.severity, 'error');
      assert.equal(finding.path, '/expirationDate');
      assert.match(finding.message, /expirationDate \(2026-11-30 09:00 UTC\) is before diffusionDate \(2026-12-01 09:00 UTC\)/);
      assert.match(finding.message, /EXPIRATION_DATE_BEFORE_DIFFUSION_DATE/);
    });

    it('is an error when both are the same moment, even written with different offsets', () => {
      const text = body((b) => (b.expirationDate = '2026-12-01T10:00:00+01:00'));
      assert.match(single(lintIgnisign(text), 'ignisign/expiration-before-diffusion').message, /the same moment as/);
    });

    it('does not fire when either date is unused: expiry not activated, or diffusion not SCHEDULED', () => {
      const early = (b: Record<string, any>) => (b.expirationDate = '2026-11-30T09:00:00Z');
      const notActivated = body((b) => (early(b), (b.expirationDateIsActivated = false)));
      assert.deepEqual(withRule(lintIgnisign(notActivated), 'ignisign/expiration-before-diffusion'), []);
      const activationUnknown = body((b) => (early(b), delete b.expirationDateIsActivated));
      assert.deepEqual(withRule(lintIgnisign(activationUnknown), 'ignisign/expiration-before-diffusion'), []);
      const whenReady = body((b) => (early(b), (b.diffusionMode = 'WHEN_READY')));
      assert.deepEqual(withRule(lintIgnisign(whenReady), 'ignisign/expiration-before-diffusion'), []);
      const modeUnknown = body((b) => (early(b), delete b.diffusionMode));
      assert.deepEqual(withRule(lintIgnisign(modeUnknown), 'ignisign/expiration-before-diffusion'), []);
    });

    it('does not fire when expiration is later, or when a date is a variable', () => {
      assert.deepEqual(withRule(lintIgnisign(json(validBody())), 'ignisign/expiration-before-diffusion'), []);
      const variable = body((b) => (b.expirationDate = '{{expiry}}'));
      assert.deepEqual(lintIgnisign(variable, { expiry: '2026-01-01T00:00:00Z' }), []);
    });
  });

  describe('ignisign/date-in-past', () => {
    it('reports each past date on its own field, naming it in UTC', () => {
      const text = body((b) => {
        b.diffusionDate = '2026-11-01T08:30:00+01:00';
        b.expirationDate = '2026-11-20T09:00:00Z';
      });
      const findings = withRule(lintIgnisign(text), 'ignisign/date-in-past');
      assert.deepEqual(findings.map((f) => f.path), ['/diffusionDate', '/expirationDate']);
      // A warning: only publishing fails for a past date (the publish gate blocks on it), not the update.
      assert.ok(findings.every((f) => f.severity === 'warning' && f.fixes.length === 0));
      assert.match(findings[0].message, /diffusionDate \(2026-11-01 07:30 UTC\) is in the past/);
      assert.match(findings[0].message, /DIFFUSION_DATE_IN_THE_PAST/);
      assert.match(findings[1].message, /expirationDate \(2026-11-20 09:00 UTC\) is in the past/);
      assert.match(findings[1].message, /after 2026-11-23 12:00 UTC/);
    });

    it('does not fire on unused dates: expirationDate without expirationDateIsActivated true, diffusionDate without SCHEDULED', () => {
      const past = (b: Record<string, any>) => ((b.diffusionDate = '2026-11-01T08:30:00Z'), (b.expirationDate = '2026-11-20T09:00:00Z'));
      const unused = body((b) => (past(b), (b.expirationDateIsActivated = false), (b.diffusionMode = 'WHEN_READY')));
      assert.deepEqual(withRule(lintIgnisign(unused), 'ignisign/date-in-past'), []);
      const flagsAbsent = body((b) => (past(b), delete b.expirationDateIsActivated, delete b.diffusionMode));
      assert.deepEqual(withRule(lintIgnisign(flagsAbsent), 'ignisign/date-in-past'), []);
      const onlyExpiryUsed = body((b) => (past(b), (b.diffusionMode = 'WHEN_READY')));
      assert.deepEqual(withRule(lintIgnisign(onlyExpiryUsed), 'ignisign/date-in-past').map((f) => f.path), ['/expirationDate']);
    });

    it('does not fire for future dates, variables, or malformed dates (the schema reports those)', () => {
      assert.deepEqual(withRule(lintIgnisign(json(validBody())), 'ignisign/date-in-past'), []);
      const variable = body((b) => (b.diffusionDate = '{{launch}}'));
      assert.deepEqual(withRule(lintIgnisign(variable, { launch: 'x' }), 'ignisign/date-in-past'), []);
      const malformed = lintIgnisign(body((b) => (b.diffusionDate = '01.01.2020')));
      assert.deepEqual(withRule(malformed, 'ignisign/date-in-past'), []);
      assert.equal(single(malformed, 'schema').path, '/diffusionDate');
    });
  });

  describe('ignisign/approver-not-signer', () => {
    const text = body((b) => (b.signersAsApprover = ['signer-b', 'signer-c']));

    it('is a warning (an unconfirmed constraint) on an approver that is not among signerIds, and says so', () => {
      const finding = single(lintIgnisign(text), 'ignisign/approver-not-signer');
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, /not documented/);
      assert.equal(finding.path, '/signersAsApprover/1');
      assert.equal(underlined(text, finding), '"signer-c"');
      assert.match(finding.message, /"signer-c" is in signersAsApprover but not in signerIds/);
    });

    it('the fix adds the id to signerIds (or removes the approver)', () => {
      const finding = single(lintIgnisign(text), 'ignisign/approver-not-signer');
      const added = applyFix(text, finding, 'to signerIds');
      assert.deepEqual(JSON.parse(added).signerIds, ['signer-a', 'signer-b', 'signer-c']);
      assert.deepEqual(lintIgnisign(added), []);
      const removed = applyFix(text, finding, 'Remove');
      assert.deepEqual(JSON.parse(removed).signersAsApprover, ['signer-b']);
      assert.deepEqual(lintIgnisign(removed), []);
    });

    it('does not fire when signerIds is not in the body (set by an earlier update) or holds variables', () => {
      assert.deepEqual(withRule(lintIgnisign(body((b) => ((b.signersAsApprover = ['x']), delete b.signerIds))), 'ignisign/approver-not-signer'), []);
      const variables = body((b) => ((b.signerIds = ['{{signer}}']), (b.signersAsApprover = ['signer-z'])));
      assert.deepEqual(lintIgnisign(variables, { signer: 'signer-z' }), []);
    });
  });

  describe('ignisign/recipient-not-email', () => {
    it('is a warning on a recipient that looks like an id, saying signer ids belong in signerIds', () => {
      const text = body((b) => (b.recipients = ['legal@example.com', 'signer-a']));
      const finding = single(lintIgnisign(text), 'ignisign/recipient-not-email');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, '/recipients/1');
      assert.match(finding.message, /looks like an id, not an e-mail address/);
      assert.match(finding.message, /signer ids belong in signerIds/);
    });

    it('warns on a malformed address', () => {
      const finding = single(lintIgnisign(body((b) => (b.recipients = ['jane@example']))), 'ignisign/recipient-not-email');
      assert.match(finding.message, /"jane@example" in recipients is not a valid e-mail address/);
    });

    it('does not fire on e-mail addresses, variables or placeholders', () => {
      assert.deepEqual(withRule(lintIgnisign(json(validBody())), 'ignisign/recipient-not-email'), []);
      const other = lintIgnisign(body((b) => (b.recipients = ['{{cc}}', '<recipient e-mail>'])), { cc: 'cc@example.com' });
      assert.deepEqual(withRule(other, 'ignisign/recipient-not-email'), []);
      assert.equal(single(other, 'unfilled-placeholder').path, '/recipients/1');
    });
  });

  describe('ignisign/duplicate-id', () => {
    it('warns on the later duplicate in each list, recipients compared case-insensitively', () => {
      const text = body((b) => {
        b.documentIds = ['doc-1', 'doc-1'];
        b.signerIds = ['signer-a', 'signer-b', 'signer-a'];
        b.signersAsApprover = ['signer-b', 'signer-b'];
        b.recipients = ['Legal@Example.com', 'legal@example.com'];
      });
      const findings = withRule(lintIgnisign(text), 'ignisign/duplicate-id');
      assert.deepEqual(findings.map((f) => f.path), ['/signerIds/2', '/documentIds/1', '/signersAsApprover/1', '/recipients/1']);
      assert.ok(findings.every((f) => f.severity === 'warning'));
      assert.match(findings[0].message, /"signer-a" appears more than once in signerIds \(first at signerIds\[0\]\)/);
      assert.match(findings[3].message, /ignoring case/);
    });

    it('the fix removes that item, also the last item of a one-line array', () => {
      const text = '{\n  "signerIds": ["signer-a", "signer-b", "signer-a"],\n  "documentIds": ["doc-1"]\n}\n';
      const finding = single(lintIgnisign(text), 'ignisign/duplicate-id');
      const fixed = applyFix(text, finding);
      assert.equal(fixed, '{\n  "signerIds": ["signer-a", "signer-b"],\n  "documentIds": ["doc-1"]\n}\n');
      assert.deepEqual(lintIgnisign(fixed), []);

      const middle = '{\n  "signerIds": ["signer-a", "signer-a", "signer-b"],\n  "documentIds": ["doc-1"]\n}\n';
      assert.equal(applyFix(middle, single(lintIgnisign(middle), 'ignisign/duplicate-id')), text.replace('"signer-b", "signer-a"', '"signer-b"'));
    });

    it('does not fire on distinct entries, or on ids that differ only in case', () => {
      assert.deepEqual(lintIgnisign(body((b) => ((b.signerIds = ['Signer-A', 'signer-a']), (b.signersAsApprover = [])))), []);
    });
  });

  describe('ignisign/statement-document-id-missing', () => {
    const text = body((b) => delete b.statements[0].documentId);

    it('is a warning on a DOCUMENT statement without documentId, at its target', () => {
      const finding = single(lintIgnisign(text), 'ignisign/statement-document-id-missing');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, '/statements/0/target');
      assert.equal(underlined(text, finding), '"DOCUMENT"');
    });

    it('the fixes add the only document of the update, or retarget the statement', () => {
      const finding = single(lintIgnisign(text), 'ignisign/statement-document-id-missing');
      const added = applyFix(text, finding, 'Add documentId');
      assert.equal(JSON.parse(added).statements[0].documentId, 'doc-1');
      assert.deepEqual(lintIgnisign(added), []);
      const retargeted = applyFix(text, finding, 'whole signature request');
      assert.equal(JSON.parse(retargeted).statements[0].target, 'SIGNATURE_REQUEST');
      assert.deepEqual(lintIgnisign(retargeted), []);
    });

    it('with several documents the fix writes a placeholder to fill', () => {
      const several = body((b) => ((b.documentIds = ['doc-1', 'doc-2']), delete b.statements[0].documentId));
      const fixed = applyFix(several, single(lintIgnisign(several), 'ignisign/statement-document-id-missing'), 'Add documentId');
      const after = lintIgnisign(fixed);
      assert.deepEqual(withRule(after, 'ignisign/statement-document-id-missing'), []);
      assert.equal(single(after, 'unfilled-placeholder').path, '/statements/0/documentId');
    });

    it('does not fire on SIGNATURE_REQUEST statements or ones with a documentId', () => {
      assert.deepEqual(withRule(lintIgnisign(json(validBody())), 'ignisign/statement-document-id-missing'), []);
    });
  });

  describe('ignisign/statement-document-not-listed', () => {
    const text = body((b) => (b.statements[0].documentId = 'doc-9'));

    it('warns on a statement documentId missing from documentIds; the fix adds it there', () => {
      const finding = single(lintIgnisign(text), 'ignisign/statement-document-not-listed');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, '/statements/0/documentId');
      assert.match(finding.message, /"doc-9" is not in documentIds/);
      const fixed = applyFix(text, finding);
      assert.deepEqual(JSON.parse(fixed).documentIds, ['doc-1', 'doc-9']);
      assert.deepEqual(lintIgnisign(fixed), []);
    });

    it('does not fire without documentIds in the body, or with a variable documentId', () => {
      const noList = lintIgnisign(body((b) => ((b.statements[0].documentId = 'doc-9'), delete b.documentIds)));
      assert.deepEqual(withRule(noList, 'ignisign/statement-document-not-listed'), []);
      const variable = lintIgnisign(body((b) => (b.statements[0].documentId = '{{doc}}')), { doc: 'doc-1' });
      assert.deepEqual(variable, []);
    });
  });

  describe('ignisign/statement-request-id-mismatch', () => {
    const text = body((b) => (b.statements[1].signatureRequestId = 'aaaaaaaaaaaaaaaaaaaaaaaa'));

    it('is a warning when a statement names another request than $request.id; the fix uses $request.id', () => {
      const finding = single(lintIgnisign(text), 'ignisign/statement-request-id-mismatch');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, '/statements/1/signatureRequestId');
      assert.match(finding.message, new RegExp(`differs from \\$request\\.id "${REQUEST_ID}"`));
      const fixed = applyFix(text, finding);
      assert.equal(JSON.parse(fixed).statements[1].signatureRequestId, REQUEST_ID);
      assert.deepEqual(lintIgnisign(fixed), []);
    });

    it('does not fire without $request.id, or when either side is a variable', () => {
      assert.deepEqual(lintIgnisign(body((b) => ((b.statements[1].signatureRequestId = 'other-request'), delete b.$request))), []);
      const variable = body((b) => (b.statements[1].signatureRequestId = '{{requestId}}'));
      assert.deepEqual(lintIgnisign(variable, { requestId: REQUEST_ID }), []);
      const variableRequest = body((b) => ((b.$request.id = '{{requestId}}'), (b.statements[1].signatureRequestId = 'other-request')));
      assert.deepEqual(withRule(lintIgnisign(variableRequest, { requestId: 'other-request' }), 'ignisign/statement-request-id-mismatch'), []);
    });
  });

  describe('fields that are not in the v3 update', () => {
    // Neither is in the released v3 DTO (public-models 1.0.115, 010088f): both arrived later.
    for (const [field, value] of [
      ['fullPrivacy', true],
      ['signerGroupsSignatureMethod', [{ signerGroupId: 'group-1', signatureMethodRef: 'ADVANCED_STD' }]],
    ] as const) {
      it(`${field} is an unknown property`, () => {
        const text = body((b) => (b[field] = value));
        const finding = single(lintIgnisign(text), 'unknown-property');
        assert.equal(finding.severity, 'error');
        assert.equal(underlined(text, finding), `"${field}"`);
      });
    }
  });

  describe('schema findings on Ignisign payloads', () => {
    it('"en" for language: did you mean "EN", with a fix', () => {
      const text = body((b) => (b.language = 'en'));
      const finding = single(lintIgnisign(text), 'schema');
      assert.match(finding.message, /did you mean "EN"/);
      assert.deepEqual(lintIgnisign(applyFix(text, finding, 'Change to "EN"')), []);
    });
  });
});
