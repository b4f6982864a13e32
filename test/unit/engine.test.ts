import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { docsPathFor, ENGINE_RULES, hasErrors } from '../../src/core/lint/engine';
import { PROVIDERS } from '../../src/core/providers/registry';
import { applyFix, json, lint, REPO_ROOT, single, underlined, withRule } from './lintSupport';
import { measureParsing } from '../support/fuzz/workMeter';

/** Enough for an Ignisign update to raise no rule findings (signers and documents set). */
const IDS = '"signerIds": ["signer-a"], "documentIds": ["doc-1"]';

describe('lint engine', () => {
  describe('rule reference pages', () => {
    const allRules = [
      ...Object.entries(ENGINE_RULES).map(([id, rule]) => ({ id, severity: rule.severity })),
      ...PROVIDERS.flatMap((p) => p.rules.map((r) => ({ id: r.id, severity: r.defaultSeverity }))),
    ];

    it('every rule has a page that states its default severity and how to change it', () => {
      for (const rule of allRules) {
        const file = path.join(REPO_ROOT, docsPathFor(rule.id));
        assert.ok(fs.existsSync(file), `${file} exists`);
        const text = fs.readFileSync(file, 'utf8');
        assert.match(text, new RegExp(`Default severity: \\*\\*${rule.severity}\\*\\*`), `${rule.id} page states severity ${rule.severity}`);
        assert.ok(text.includes(`"${rule.id}": "off"`), `${rule.id} page shows how to turn it off`);
      }
    });

    it('every page cites the source of its claim in a "Source" section', () => {
      // A provider repository file at a commit, a public documentation URL, or (for the tool's
      // own checks) the project file that implements it; never the project's private notes.
      const citation = [
        /`[\w.-]+\/[\w.-]+` `[^`]+` at commit [0-9a-f]{7,40}/,
        /https:\/\/[\w.-]+\.\w+/,
        /`src\/[\w/.-]+`/,
      ];
      const pages = fs.readdirSync(path.join(REPO_ROOT, 'docs/rules'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md') && f !== 'README.md');
      assert.ok(pages.length >= allRules.length, `${pages.length} pages for ${allRules.length} rules`);
      for (const page of pages) {
        const text = fs.readFileSync(path.join(REPO_ROOT, 'docs/rules', page), 'utf8');
        const source = /\n## Source\n([\s\S]*?)(\n## |$)/.exec(text)?.[1];
        assert.ok(source, `${page} has a "## Source" section`);
        assert.ok(citation.some((c) => c.test(source)), `${page}: its Source section cites a repository file at a commit, a URL or a project file:\n${source}`);
        assert.doesNotMatch(source, /seeds\/|api-facts|design\.md/, `${page} cites a file users do not have`);
      }
    });

    it('rules whose constraint no source confirms are warnings, and their pages say what is not known', () => {
      const unconfirmed = [
        'ignisign/approver-not-signer',
        'ignisign/recipient-not-email',
        'ignisign/statement-document-id-missing',
        'ignisign/statement-request-id-mismatch',
        'ignisign-v4/approver-not-signer',
        'ignisign-v4/recipient-not-email',
        'ignisign-v4/statement-request-id-mismatch',
        'zigned/issuer-email-missing',
      ];
      for (const id of unconfirmed) {
        const rule = allRules.find((r) => r.id === id);
        assert.ok(rule, id);
        assert.equal(rule.severity, 'warning', `${id} is a warning at most`);
        const text = fs.readFileSync(path.join(REPO_ROOT, docsPathFor(id)), 'utf8');
        assert.match(text, /Not known|Unconfirmed/, `${id} page says what is not known`);
      }
    });

    it('the index links every page', () => {
      const index = fs.readFileSync(path.join(REPO_ROOT, 'docs/rules/README.md'), 'utf8');
      for (const rule of allRules) assert.ok(index.includes(`(${rule.id}.md)`), `README links ${rule.id}`);
    });
  });

  describe('files that are not a JSON object', () => {
    it('an empty file gets one syntax finding at the start', () => {
      const findings = lint('', 'ignisign');
      assert.equal(findings.length, 1);
      assert.equal(findings[0].ruleId, 'syntax');
      assert.match(findings[0].message, /The file is empty: a payload is a JSON object, e\.g\. \{\}\./);
      assert.deepEqual(findings[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    });

    it('a whitespace-only file is empty too', () => {
      const findings = lint('  \n\t\n', 'zigned');
      assert.deepEqual(findings.map((f) => f.ruleId), ['syntax']);
      assert.match(findings[0].message, /empty/);
    });

    it('a root array or string is a schema error over the whole value, and no rule runs', () => {
      const array = lint('[\n  "signer-a"\n]', 'ignisign');
      assert.deepEqual(array.map((f) => f.ruleId), ['schema']);
      assert.match(array[0].message, /must be a JSON object .* not an array/);
      assert.deepEqual(array[0].range, { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } });

      const text = '"hello"';
      const string = lint(text, 'zigned');
      assert.deepEqual(string.map((f) => f.ruleId), ['schema']);
      assert.match(string[0].message, /not a string/);
      assert.equal(underlined(text, string[0]), text);
    });
  });

  describe('syntax errors', () => {
    const broken = '{\n  "title": "x",\n  "language": "en"\n  "signerIds": []\n}';

    it('reports the syntax error where it is, and still the schema and rule findings it can', () => {
      const findings = lint(broken, 'ignisign');
      const syntax = single(findings, 'syntax');
      assert.match(syntax.message, /a comma \(","\) was expected/);
      assert.equal(syntax.range.start.line, 3);
      assert.equal(single(findings, 'schema').path, '/language');
      assert.equal(single(findings, 'ignisign/signer-ids-missing').path, '/signerIds');
      assert.equal(single(findings, 'ignisign/document-ids-missing').path, '');
      assert.ok(hasErrors(findings));
    });

    it('a file cut short still lints what was parsed', () => {
      const findings = lint('{ "language": "fr", "signerIds": [', 'ignisign');
      assert.ok(withRule(findings, 'syntax').length >= 1);
      assert.match(single(findings, 'schema').message, /did you mean "FR"/);
    });

    it('a UTF-8 BOM is not an error, and ranges still count it as a character', () => {
      const text = '\uFEFF{ "language": "en", ' + IDS + ' }';
      const findings = lint(text, 'ignisign');
      const enumFinding = single(findings, 'schema');
      assert.deepEqual(findings.map((f) => f.ruleId), ['schema']);
      assert.deepEqual(enumFinding.range, { start: { line: 0, character: 15 }, end: { line: 0, character: 19 } });
      assert.equal(underlined(text, enumFinding), '"en"');
    });

    it('comments are allowed (they are never sent)', () => {
      const text = '// Draft for the supplier NDA\n{\n  /* who signs */ ' + IDS + ',\n  "title": "NDA" // shown to signers\n}\n';
      assert.deepEqual(lint(text, 'ignisign'), []);
    });

    it('trailing commas are syntax errors', () => {
      const text = '{ ' + IDS + ', }';
      const findings = lint(text, 'ignisign');
      // One finding, at the comma (not two at the brace), with a fix that removes it (trailingComma.test.ts).
      assert.equal(findings.length, 1);
      assert.equal(findings[0]!.ruleId, 'syntax');
      assert.equal(findings[0]!.offset, text.lastIndexOf(','));
    });
  });

  describe('duplicate keys', () => {
    const text = '{\n  "title": "First",\n  ' + IDS + ',\n  "title": "Second"\n}\n';

    it('warns on the earlier, ignored key, with its exact range', () => {
      const finding = single(lint(text, 'ignisign'), 'duplicate-key');
      assert.equal(finding.severity, 'warning');
      assert.equal(finding.path, '/title');
      assert.deepEqual(finding.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } });
      assert.match(finding.message, /only the last one is sent/);
    });

    it('the fix removes the earlier entry', () => {
      const fixed = applyFix(text, single(lint(text, 'ignisign'), 'duplicate-key'));
      assert.equal(JSON.parse(fixed).title, 'Second');
      assert.equal((fixed.match(/"title"/g) ?? []).length, 1);
      assert.deepEqual(lint(fixed, 'ignisign'), []);
    });

    it('a fix on a duplicated key edits the occurrence that is sent (the last)', () => {
      const languageTwice = '{\n  "language": "en",\n  ' + IDS + ',\n  "language": "fr"\n}\n';
      const finding = single(lint(languageTwice, 'ignisign'), 'schema');
      assert.equal(finding.range.start.line, 3);
      const fixed = applyFix(languageTwice, finding, 'Change to "FR"');
      assert.equal(fixed, languageTwice.replace('"fr"', '"FR"'));
      assert.deepEqual(lint(fixed, 'ignisign').map((f) => f.ruleId), ['duplicate-key']);
    });
  });

  describe('schema findings', () => {
    it('an unknown property gets a did-you-mean and a rename fix', () => {
      const text = '{\n  "tittle": "NDA",\n  ' + IDS + '\n}\n';
      const finding = single(lint(text, 'ignisign'), 'unknown-property');
      assert.equal(finding.severity, 'error');
      assert.match(finding.message, /Unknown property "tittle" in the update body: did you mean "title"\?/);
      assert.deepEqual(finding.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 10 } });
      const fixed = applyFix(text, finding, 'Rename');
      assert.equal(JSON.parse(fixed).title, 'NDA');
      assert.deepEqual(lint(fixed, 'ignisign'), []);
    });

    it('an unknown property without a close match lists the allowed ones, and can be removed', () => {
      const text = '{\n  "zzzzzz": 1,\n  ' + IDS + '\n}\n';
      const finding = single(lint(text, 'ignisign'), 'unknown-property');
      assert.match(finding.message, /Unknown property "zzzzzz" in the update body\. Expected one of: .*signerIds/);
      assert.deepEqual(finding.fixes.map((f) => f.title), ['Remove "zzzzzz"']);
      assert.deepEqual(lint(applyFix(text, finding), 'ignisign'), []);
    });

    it('a response-only field gets a remove fix', () => {
      const text = json({ status: 'DRAFT', signerIds: ['signer-a'], documentIds: ['doc-1'] });
      const finding = single(lint(text, 'ignisign'), 'response-only-field');
      assert.equal(finding.path, '/status');
      assert.equal(underlined(text, finding), '"status"');
      const fixed = applyFix(text, finding, 'Remove');
      assert.equal(JSON.parse(fixed).status, undefined);
      assert.deepEqual(lint(fixed, 'ignisign'), []);
    });

    it('a date in another format gets a normalise fix to ISO-8601 UTC, whatever the machine time zone', () => {
      const text = json({ signerIds: ['signer-a'], documentIds: ['doc-1'], diffusionMode: 'SCHEDULED', diffusionDate: '2026/12/24 09:00' });
      const finding = single(lint(text, 'ignisign'), 'schema');
      assert.equal(finding.path, '/diffusionDate');
      assert.match(finding.message, /must be an ISO-8601 date-time/);
      const fixed = applyFix(text, finding, 'Normalise');
      assert.equal(JSON.parse(fixed).diffusionDate, '2026-12-24T09:00:00Z');
      assert.deepEqual(lint(fixed, 'ignisign'), []);
    });

    it('a date alone or a date-time without offset is a warning at most (@IsDateString takes it), with the same fix, in v3 and v4', () => {
      for (const provider of ['ignisign', 'ignisign-v4'] as const) {
        for (const [value, normalised] of [['2026-12-24 09:00', '2026-12-24T09:00:00Z'], ['2030-03-02', '2030-03-02T00:00:00Z'], ['2030-03-02T08:00', '2030-03-02T08:00:00Z']]) {
          const text = json({ signerIds: ['signer-a'], documentIds: ['doc-1'], expirationDateIsActivated: true, expirationDate: value });
          const findings = lint(text, provider);
          assert.deepEqual(findings.map((f) => [f.ruleId, f.severity]), [[`${provider}/date-time-incomplete`, 'warning']], `${provider} ${value}`);
          assert.ok(!hasErrors(findings), 'the send is not blocked');
          assert.equal(JSON.parse(applyFix(text, findings[0], 'Normalise')).expirationDate, normalised);
        }
      }
    });
  });

  describe('unresolved-variable', () => {
    const text = '{\n  "title": "NDA for {{client}} ({{ year }})",\n  ' + IDS + '\n}\n';

    it('reports each undefined variable at its exact span', () => {
      const findings = withRule(lint(text, 'ignisign', { variables: { other: 'x' } }), 'unresolved-variable');
      assert.equal(findings.length, 2);
      assert.equal(findings[0].path, '/title');
      assert.deepEqual(findings[0].range, { start: { line: 1, character: 20 }, end: { line: 1, character: 30 } });
      assert.equal(underlined(text, findings[0]), '{{client}}');
      assert.equal(underlined(text, findings[1]), '{{ year }}');
      assert.match(findings[0].message, /\{\{client\}\} is not defined in the chosen environment.*Defined: other\./);
    });

    it('is skipped when no environment is chosen (variables undefined), and quiet when they are defined', () => {
      assert.deepEqual(lint(text, 'ignisign'), []);
      assert.deepEqual(lint(text, 'ignisign', { variables: { client: 'ACME', year: '2026' } }), []);
    });
  });

  describe('unfilled-placeholder', () => {
    it('is an error on a value that is exactly a <placeholder>, $request included, at the value', () => {
      const text = '{\n  "$request": { "id": "<signature request id>" },\n  "signerIds": ["<signer id>"],\n  "documentIds": ["doc-1"]\n}\n';
      const findings = lint(text, 'ignisign');
      assert.deepEqual(findings.map((f) => [f.ruleId, f.path]), [
        ['unfilled-placeholder', '/$request/id'],
        ['unfilled-placeholder', '/signerIds/0'],
      ]);
      assert.equal(findings[1].severity, 'error');
      assert.equal(findings[1].message, 'Replace the placeholder <signer id> with a real value before sending.');
      assert.deepEqual(findings[1].range, { start: { line: 2, character: 16 }, end: { line: 2, character: 29 } });
    });

    it('ignores $schema, text around brackets, and empty brackets', () => {
      const text = json({ $schema: '<schema>', title: 'Sign <b>now</b>', description: 'a <b> c', externalId: '<>', signerIds: ['signer-a'], documentIds: ['doc-1'] });
      assert.deepEqual(lint(text, 'ignisign'), []);
    });

    it('replaces schema findings for the same value (a placeholder is not also a bad e-mail or enum value)', () => {
      const text = json({ issuer: { email: '<issuer e-mail>' }, trust_level: '<trust level>' });
      assert.deepEqual(lint(text, 'zigned').map((f) => [f.ruleId, f.path]), [
        ['unfilled-placeholder', '/issuer/email'],
        ['unfilled-placeholder', '/trust_level'],
      ]);
    });
  });

  describe('severity overrides', () => {
    const text = '{ "language": "en" }';

    it('"off" drops a rule, engine or provider', () => {
      const findings = lint(text, 'ignisign', { severities: { 'ignisign/signer-ids-missing': 'off', schema: 'off' } });
      assert.deepEqual(findings.map((f) => f.ruleId), ['ignisign/document-ids-missing']);
    });

    it('a severity replaces the default', () => {
      const findings = lint(text, 'ignisign', { severities: { schema: 'info', 'ignisign/document-ids-missing': 'error' } });
      assert.equal(single(findings, 'schema').severity, 'info');
      assert.equal(single(findings, 'ignisign/document-ids-missing').severity, 'error');
      assert.equal(single(findings, 'ignisign/signer-ids-missing').severity, 'warning');
    });

    it('"info" takes a placeholder out of the error gate', () => {
      const findings = lint(json({ signerIds: ['<signer id>'], documentIds: ['doc-1'] }), 'ignisign', { severities: { 'unfilled-placeholder': 'info' } });
      assert.equal(single(findings, 'unfilled-placeholder').severity, 'info');
      assert.equal(hasErrors(findings), false);
    });
  });

  describe('large payloads', () => {
    it('lints a 1 MB description and gives findings with ranges inside the document', () => {
      const description = 'x'.repeat(1024 * 1024);
      const text = json({ title: 'Big', description, signerIds: ['signer-a'], documentIds: ['doc-1'], language: 'de' });
      const { result: findings, characters } = measureParsing(() => lint(text, 'ignisign'));
      const lines = text.split('\n');
      assert.deepEqual(findings.map((f) => f.path), ['/description', '/language']);
      assert.match(findings[0].message, /"description" is 1048576 characters long; the API accepts at most 4096\./);
      assert.deepEqual(findings[0].range, { start: { line: 2, character: 17 }, end: { line: 2, character: 17 + description.length + 2 } });
      const language = findings[1];
      assert.equal(language.range.start.line, lines.findIndex((line) => line.includes('"language"')));
      assert.ok(language.range.end.character <= lines[language.range.end.line].length);
      assert.ok(characters <= 2 * text.length, `linting 1 MB parsed ${characters} characters`);
    });

    it('lints 1 MB of statements with long labels and points at the last one', () => {
      const requestId = '65f1c2a9e4b0a1b2c3d4e5f6';
      const statements = Array.from({ length: 200 }, (_, i) => ({
        appId: 'app-1',
        appEnv: 'DEVELOPMENT',
        signatureRequestId: requestId,
        target: 'SIGNATURE_REQUEST',
        labelMd: `Statement ${i}: ` + 'I agree to the terms. '.repeat(240),
      }));
      statements[199].signatureRequestId = 'ffffffffffffffffffffffff';
      const text = json({ $request: { id: requestId }, signerIds: ['signer-a'], documentIds: ['doc-1'], statements });
      assert.ok(text.length > 1_000_000, `payload is ${text.length} characters`);
      const findings = lint(text, 'ignisign');
      const finding = single(findings, 'ignisign/statement-request-id-mismatch');
      assert.equal(findings.length, 1);
      assert.equal(finding.path, '/statements/199/signatureRequestId');
      assert.equal(underlined(text, finding), '"ffffffffffffffffffffffff"');
      const lines = text.split('\n');
      assert.ok(finding.range.end.line < lines.length);
      assert.equal(lines[finding.range.start.line].slice(finding.range.start.character, finding.range.end.character), '"ffffffffffffffffffffffff"');
    });
  });
});
