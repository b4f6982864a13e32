import { strict as assert } from 'node:assert';
import { applyFix, json, lint, single, underlined, withRule } from './lintSupport';

/** A valid agreement update that no rule complains about; each test changes one thing. */
function validBody(): Record<string, any> {
  return {
    $request: { id: 'clx0f3k2p0000abcd1234efgh' },
    issuer: { name: 'Jane Issuer', email: 'jane@example.com', locale: 'en-US' },
    trust_level: 'AES',
    default_locale: 'en-US',
    automatic_reminders: 'normal',
    expires_at: '2026-12-31T23:59:59.999Z',
  };
}

function body(change: (b: Record<string, any>) => void): string {
  const b = validBody();
  change(b);
  return json(b);
}

const lintZigned = (text: string, variables?: Record<string, string>) => lint(text, 'zigned', variables ? { variables } : {});

describe('Zigned rules', () => {
  it('a valid update has no findings', () => {
    assert.deepEqual(lintZigned(json(validBody())), []);
  });

  describe('zigned/expires-at-in-past', () => {
    it('is a warning (no Zigned source says a past day is refused) when the UTC day of expires_at is already over', () => {
      const text = body((b) => (b.expires_at = '2026-11-22T23:59:59.999Z'));
      const finding = single(lintZigned(text), 'zigned/expires-at-in-past');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, '/expires_at');
      assert.equal(underlined(text, finding), '"2026-11-22T23:59:59.999Z"');
      assert.match(finding.message, /2026-11-22 23:59:59\.999 UTC is already over/);
    });

    it('also for a date without time', () => {
      assert.equal(single(lintZigned(body((b) => (b.expires_at = '2026-11-22'))), 'zigned/expires-at-in-past').path, '/expires_at');
    });

    it('does not fire for today (it runs until 23:59:59.999 UTC), even with an earlier time of day', () => {
      const findings = lintZigned(body((b) => (b.expires_at = '2026-11-23T08:00:00Z')));
      assert.deepEqual(withRule(findings, 'zigned/expires-at-in-past'), []);
      assert.deepEqual(lintZigned(body((b) => (b.expires_at = '2026-11-23'))), []);
    });

    it('with an offset that makes the day unclear, is reported only when both readings are over', () => {
      // 2026-11-23T01:00:00+02:00 is 2026-11-22 in UTC (over) but 2026-11-23 as written (today).
      assert.deepEqual(withRule(lintZigned(body((b) => (b.expires_at = '2026-11-23T01:00:00+02:00'))), 'zigned/expires-at-in-past'), []);
      const bothOver = single(lintZigned(body((b) => (b.expires_at = '2026-11-22T01:00:00+02:00'))), 'zigned/expires-at-in-past');
      assert.match(bothOver.message, /2026-11-22 as written and 2026-11-21 in UTC \(which of the two Zigned uses is unconfirmed\) are both over/);
    });

    it('does not fire for a variable', () => {
      assert.deepEqual(lintZigned(body((b) => (b.expires_at = '{{expiry}}')), { expiry: '2020-01-01' }), []);
    });
  });

  describe('zigned/expires-at-time-ignored', () => {
    it('is info on a time of day; the fix writes the end of that UTC day', () => {
      const text = body((b) => (b.expires_at = '2026-12-10T15:30:00Z'));
      const finding = single(lintZigned(text), 'zigned/expires-at-time-ignored');
      assert.equal(finding.severity, 'info');
      assert.match(finding.message, /The time part of expires_at is ignored: Zigned expires the agreement at 23:59:59\.999 UTC on 2026-12-10\./);
      assert.doesNotMatch(finding.message, /offset/);
      assert.equal(finding.fixes.length, 1);
      const fixed = applyFix(text, finding);
      assert.equal(JSON.parse(fixed).expires_at, '2026-12-10T23:59:59.999Z');
      assert.deepEqual(lintZigned(fixed), []);
    });

    it('when an offset moves the instant to another UTC day, says which day counts is unconfirmed and offers both, preferring neither', () => {
      const text = body((b) => (b.expires_at = '2026-12-10T01:00:00+02:00'));
      const finding = single(lintZigned(text), 'zigned/expires-at-time-ignored');
      assert.doesNotMatch(finding.message, /UTC on 2026-12-09/, 'no single day is asserted');
      assert.match(finding.message, /is 2026-12-10 as written but 2026-12-09 in UTC, and which of the two days Zigned uses is unconfirmed/);
      assert.ok(finding.fixes.every((f) => !f.isPreferred));
      assert.equal(JSON.parse(applyFix(text, finding, 'in UTC')).expires_at, '2026-12-09T23:59:59.999Z');
      const asWritten = applyFix(text, finding, 'as written');
      assert.equal(JSON.parse(asWritten).expires_at, '2026-12-10T23:59:59.999Z');
      assert.deepEqual(lintZigned(asWritten), []);
    });

    it('midnight with an offset is another UTC day too', () => {
      const finding = single(lintZigned(body((b) => (b.expires_at = '2026-12-10T00:00:00+02:00'))), 'zigned/expires-at-time-ignored');
      assert.match(finding.message, /2026-12-10 as written but 2026-12-09 in UTC/);
    });

    for (const value of ['2026-12-10', '2026-12-10T00:00:00Z', '2026-12-10T00:00:00.000Z', '2026-12-10T23:59:59Z', '2026-12-10T23:59:59.999Z', '2026-12-10T23:59:59.999+00:00']) {
      it(`does not fire for ${value}`, () => {
        assert.deepEqual(lintZigned(body((b) => (b.expires_at = value))), []);
      });
    }
  });

  describe('zigned/issuer-email-missing', () => {
    const text = body((b) => ((b.send_emails = true), delete b.issuer.email));

    it('warns on an issuer without email when the body sets send_emails to true', () => {
      const finding = single(lintZigned(text), 'zigned/issuer-email-missing');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, '/issuer');
      assert.equal(underlined(text, finding), '"issuer"');
      assert.match(finding.message, /while this update sets send_emails to true/);
    });

    it('does not fire when send_emails is not in the body: true is only a creation default, a partial update is not known to reset it', () => {
      assert.deepEqual(lintZigned(body((b) => delete b.issuer.email)), []);
    });

    it('the e-mail fix adds a placeholder to fill in (reported once, not also as a bad e-mail)', () => {
      const fixed = applyFix(text, single(lintZigned(text), 'zigned/issuer-email-missing'), 'Add issuer.email');
      assert.equal(JSON.parse(fixed).issuer.email, '<issuer e-mail>');
      const after = lintZigned(fixed);
      assert.equal(after.length, 1);
      assert.equal(single(after, 'unfilled-placeholder').path, '/issuer/email');
    });

    it('the send_emails fix turns the e-mails off', () => {
      const fixed = applyFix(text, single(lintZigned(text), 'zigned/issuer-email-missing'), 'send_emails');
      assert.equal(JSON.parse(fixed).send_emails, false);
      assert.deepEqual(lintZigned(fixed), []);
    });

    it('does not fire with send_emails false, with an e-mail, or without an issuer', () => {
      assert.deepEqual(lintZigned(body((b) => ((b.send_emails = false), delete b.issuer.email))), []);
      assert.deepEqual(lintZigned(body((b) => (b.issuer.email = '{{issuerEmail}}'))), []);
      assert.deepEqual(lintZigned(body((b) => delete b.issuer)), []);
    });
  });

  describe('schema findings on Zigned payloads: misspelled enum values', () => {
    const cases: [string, (b: Record<string, any>) => void, string, string][] = [
      ['trust_level "qes"', (b) => (b.trust_level = 'qes'), '/trust_level', 'QES'],
      ['default_locale "en-GB"', (b) => (b.default_locale = 'en-GB'), '/default_locale', 'en-US'],
      ['issuer.locale "en-GB"', (b) => (b.issuer.locale = 'en-GB'), '/issuer/locale', 'en-US'],
    ];
    for (const [name, change, path, expected] of cases) {
      it(`${name}: did you mean "${expected}", and the fix makes it valid`, () => {
        const text = body(change);
        const finding = single(lintZigned(text), 'schema');
        assert.equal(finding.path, path);
        assert.match(finding.message, new RegExp(`did you mean "${expected}"`));
        assert.deepEqual(lintZigned(applyFix(text, finding, `Change to "${expected}"`)), []);
      });
    }
  });
});
