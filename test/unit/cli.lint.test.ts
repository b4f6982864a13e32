import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PAYLOADS = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'payloads');

function run(args: string[], cwd = REPO_ROOT) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('esign-drafts lint (the built CLI)', () => {
  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)'));

  it('exits 0 on clean payloads', () => {
    const { code, stdout } = run(['lint', path.join(PAYLOADS, 'clean.ignisign-v4.json'), path.join(PAYLOADS, 'clean.zigned.json')]);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /2 files checked, no problems/);
  });

  it('a clean v3 payload exits 0 with one notice: v3 is archived, convert it or turn the rule off', () => {
    const { code, stdout } = run(['lint', '--format', 'json', path.join(PAYLOADS, 'clean.ignisign.json')]);
    assert.equal(code, 0, stdout);
    const [file] = JSON.parse(stdout);
    assert.deepEqual(file.diagnostics.map((d: any) => `${d.severity} ${d.ruleId}`), ['info ignisign/v3-archived']);
    assert.match(file.diagnostics[0].message, /Convert to Ignisign v4…/);
    assert.match(file.diagnostics[0].message, /"ignisign\/v3-archived": "off"/);
  });

  it('lints a *.ignisign-v4.json file with the v4 schema and rules', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esd-v4-lint-'));
    const file = path.join(dir, 'draft.ignisign-v4.json');
    fs.writeFileSync(file, JSON.stringify({ signerIds: ['a'], documentIds: ['d'], signersAsApprover: ['a'], language: 'XX', signerIdsAsApprover: ['b'] }, null, 2));
    const { code, stdout } = run(['lint', '--format', 'json', file]);
    assert.equal(code, 1, stdout);
    const [result] = JSON.parse(stdout);
    assert.equal(result.provider, 'ignisign-v4');
    const found = result.diagnostics.map((d: any) => `${d.ruleId} ${d.path}`).sort();
    assert.deepEqual(found, ['ignisign-v4/approver-not-signer /signerIdsAsApprover/0', 'schema /language', 'unknown-property /signersAsApprover']);
  });

  it('exits 1 with errors and prints stylish output with 1-based positions and rule ids', () => {
    const { code, stdout } = run(['lint', 'test/fixtures/workspace/payloads/typo.zigned.json']);
    assert.equal(code, 1);
    assert.match(stdout, /^test\/fixtures\/workspace\/payloads\/typo\.zigned\.json$/m);
    assert.match(stdout, /2:18\s+error\s+"qes" is not a valid value for "trust_level": did you mean "QES"\?.*schema$/m);
    assert.match(stdout, /response-only-field$/m);
  });

  it('prints the documented JSON shape', () => {
    const { code, stdout } = run(['lint', '--format', 'json', 'test/fixtures/workspace/payloads/warnings.ignisign.json']);
    assert.equal(code, 1);
    const parsed = JSON.parse(stdout);
    assert.equal(parsed.length, 1);
    assert.deepEqual(Object.keys(parsed[0]).sort(), ['config', 'diagnostics', 'file', 'provider']);
    assert.equal(parsed[0].provider, 'ignisign');
    // The config that governed the file (found from its folder upward; null when none did).
    assert.equal(parsed[0].config, null);
    const missing = parsed[0].diagnostics.find((d: any) => d.ruleId === 'ignisign/signer-ids-missing');
    assert.deepEqual(missing, {
      ruleId: 'ignisign/signer-ids-missing',
      severity: 'warning',
      message: missing.message,
      path: '',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    });
    const unknown = parsed[0].diagnostics.find((d: any) => d.ruleId === 'unknown-property');
    assert.equal(unknown.path, '/titel');
    assert.deepEqual(unknown.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } });
  });

  it('prints SARIF 2.1.0', () => {
    const { code, stdout } = run(['lint', '--format', 'sarif', 'test/fixtures/workspace/payloads/typo.zigned.json']);
    assert.equal(code, 1);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    const results = sarif.runs[0].results;
    assert.ok(results.length >= 2);
    const first = results[0];
    assert.equal(first.level, 'error');
    assert.equal(first.locations[0].physicalLocation.artifactLocation.uri, 'test/fixtures/workspace/payloads/typo.zigned.json');
    assert.deepEqual(first.locations[0].physicalLocation.region, { startLine: 2, startColumn: 18, endLine: 2, endColumn: 23 });
    assert.ok(sarif.runs[0].tool.driver.rules.some((r: any) => r.id === first.ruleId));
  });

  it('expands globs, skipping JSON files that are not payloads', () => {
    const { code, stdout } = run(['lint', '--format', 'json', 'test/fixtures/workspace/**/*.json']);
    assert.equal(code, 1);
    const files = JSON.parse(stdout).map((r: any) => r.file);
    assert.ok(files.includes('test/fixtures/workspace/payloads/clean.ignisign.json'));
    assert.ok(files.includes('test/fixtures/workspace/payloads/by-schema.json'), 'recognised by $schema');
    assert.ok(!files.some((f: string) => f.endsWith('.vscode/settings.json')));
  });

  it('honours rules and files from esign-drafts.config.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-cli-'));
    fs.mkdirSync(path.join(dir, 'custom'));
    fs.copyFileSync(path.join(PAYLOADS, 'warnings.ignisign.json'), path.join(dir, 'custom', 'a.json'));
    fs.writeFileSync(path.join(dir, 'esign-drafts.config.json'), JSON.stringify({ files: { 'custom/*.json': 'ignisign' }, rules: { 'unknown-property': 'warning', 'ignisign/signer-ids-missing': 'off' } }));
    const { code, stdout } = run(['lint', '--format', 'json', 'custom/a.json'], dir);
    assert.equal(code, 0, 'no error left once unknown-property is a warning');
    const diagnostics = JSON.parse(stdout)[0].diagnostics;
    assert.ok(!diagnostics.some((d: any) => d.ruleId === 'ignisign/signer-ids-missing'));
    assert.equal(diagnostics.find((d: any) => d.ruleId === 'unknown-property').severity, 'warning');
  });

  it('exits 2 on usage errors and unreadable input, with a message', () => {
    // `lint` alone lints every payload file, and a glob that matches nothing is a warning (cli.ci.test.ts).
    for (const args of [[], ['lint', '--format', 'xml', 'x.json'], ['lint', 'does-not-exist.ignisign.json'], ['lint', '--error-on-unmatched-pattern', 'nothing/**/*.zigned.json'], ['frobnicate'], ['lint', '--bogus', 'a.json']]) {
      const { code, stderr, stdout } = run(args);
      assert.equal(code, 2, `${args.join(' ')} → ${stdout}${stderr}`);
      if (args.length) assert.match(stderr, /esign-drafts: ./);
    }
    const notPayload = run(['lint', 'package.json']);
    assert.equal(notPayload.code, 2);
    assert.match(notPayload.stderr, /not a payload file/);
  });

  it('expands brace globs, and a pathologically nested pattern ends in a message, not a crash', () => {
    const braces = run(['lint', '--format', 'json', 'test/fixtures/workspace/payloads/clean.{ignisign,zigned}.json']);
    assert.equal(braces.code, 0, braces.stderr);
    assert.deepEqual(JSON.parse(braces.stdout).map((f: { provider: string }) => f.provider).sort(), ['ignisign', 'zigned']);
    // The shape of GHSA-vfj7-8cjw-p6xm (stack exhaustion in braces, which the CLI no longer uses):
    // now refused by the glob limits before anything compiles it.
    const nested = run(['lint', '*' + '{'.repeat(4900) + '}'.repeat(4900)]);
    assert.equal(nested.code, 2, nested.stderr);
    assert.match(nested.stderr, /Command-line glob "\*\{+…" is 9801 characters long; the limit is 1024/);
    assert.doesNotMatch(nested.stderr, /RangeError|Maximum call stack/);
  });

  it('takes an existing file name with glob characters in it as that file, not as a pattern', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-names-'));
    try {
      const clean = fs.readFileSync(path.join(PAYLOADS, 'clean.zigned.json'));
      fs.writeFileSync(path.join(dir, 'offer (1).zigned.json'), clean);
      // "(1)" read as a pattern group would also match this one.
      fs.writeFileSync(path.join(dir, 'offer 1.zigned.json'), '{ "title": 1 }');
      const { code, stdout, stderr } = run(['lint', '--format', 'json', 'offer (1).zigned.json'], dir);
      assert.equal(code, 0, stderr);
      assert.deepEqual(JSON.parse(stdout).map((f: { file: string }) => path.basename(f.file)), ['offer (1).zigned.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the bundles', () => {
  it('run in strict mode, like the modules the tests load ("use strict" comes first)', () => {
    for (const bundle of ['cli.js', 'cli-lint.js', 'cli-send.js', 'cli-draft.js', 'cli-sandbox.js', 'cli-ajv.js', 'extension.js']) {
      const head = fs.readFileSync(path.join(REPO_ROOT, 'dist', bundle), 'utf8').slice(0, 200);
      assert.match(head, /^(#!.*\n)?"use strict";/, `dist/${bundle} starts: ${head.slice(0, 80)}`);
    }
  });
});
