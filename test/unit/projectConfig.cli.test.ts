/**
 * One project config for every process (issue 16): esign-drafts.config.json is found from each
 * payload's folder upward, the nearest wins, up to the repository root; overrides, `$lint`,
 * provider-free rule names and Ignisign v3 → v4 severities; an unusable config is exit 2.
 * Through the built CLI, against real files.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

interface FileResult {
  file: string;
  config: string | null;
  diagnostics: { ruleId: string; severity: string }[];
}

function lintJson(args: string[], cwd: string): { code: number | null; results: FileResult[]; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  let results: FileResult[] = [];
  try {
    results = JSON.parse(result.stdout);
  } catch {
    // Left empty: the assertions on code and stderr say what happened.
  }
  return { code: result.status, results, stderr: result.stderr };
}

function severityOf(result: FileResult | undefined, ruleId: string): string | undefined {
  return result?.diagnostics.find((d) => d.ruleId === ruleId)?.severity;
}

/** Neither signers nor documents: ignisign/signer-ids-missing and document-ids-missing (warnings by default). */
const BARE_V3 = '{ "title": "t" }\n';

describe('esign-drafts.config.json, found from each payload upward (CLI)', () => {
  let repo: string;
  const write = (relative: string, text: string) => {
    const file = path.join(repo, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  beforeEach(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-project-config-'));
    fs.mkdirSync(path.join(repo, '.git'));
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('the nearest config wins, whether lint runs from the repository root or from a subfolder', () => {
    write('esign-drafts.config.json', JSON.stringify({ rules: { 'ignisign/signer-ids-missing': 'error' } }));
    write('packages/a/esign-drafts.config.json', JSON.stringify({ rules: { 'ignisign/signer-ids-missing': 'off' } }));
    write('root.ignisign.json', BARE_V3);
    write('packages/a/payloads/a.ignisign.json', BARE_V3);
    write('packages/b/b.ignisign.json', BARE_V3);
    const fromRoot = lintJson(['root.ignisign.json', 'packages/a/payloads/a.ignisign.json', 'packages/b/b.ignisign.json'], repo);
    assert.equal(fromRoot.code, 1, fromRoot.stderr);
    const byFile = new Map(fromRoot.results.map((r) => [r.file, r]));
    assert.equal(severityOf(byFile.get('root.ignisign.json'), 'ignisign/signer-ids-missing'), 'error');
    assert.equal(severityOf(byFile.get('packages/a/payloads/a.ignisign.json'), 'ignisign/signer-ids-missing'), undefined);
    assert.equal(severityOf(byFile.get('packages/b/b.ignisign.json'), 'ignisign/signer-ids-missing'), 'error');
    assert.equal(byFile.get('packages/a/payloads/a.ignisign.json')?.config, path.join(repo, 'packages/a/esign-drafts.config.json'));
    // From the subfolder: the same verdict for the same file.
    const fromSub = lintJson(['payloads/a.ignisign.json'], path.join(repo, 'packages/a'));
    assert.deepEqual(fromSub.results[0].diagnostics, byFile.get('packages/a/payloads/a.ignisign.json')?.diagnostics);
    const fromDeeper = lintJson(['b.ignisign.json'], path.join(repo, 'packages/b'));
    assert.equal(severityOf(fromDeeper.results[0], 'ignisign/signer-ids-missing'), 'error');
  });

  it('stops at the repository root: a config above it never applies', () => {
    const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-outer-'));
    try {
      fs.writeFileSync(path.join(outer, 'esign-drafts.config.json'), JSON.stringify({ rules: { 'ignisign/signer-ids-missing': 'error' } }));
      const inner = path.join(outer, 'repo');
      fs.mkdirSync(path.join(inner, '.git'), { recursive: true });
      fs.writeFileSync(path.join(inner, 'a.ignisign.json'), BARE_V3);
      const { results } = lintJson(['a.ignisign.json'], inner);
      assert.equal(severityOf(results[0], 'ignisign/signer-ids-missing'), 'warning');
      assert.equal(results[0].config, null);
    } finally {
      fs.rmSync(outer, { recursive: true, force: true });
    }
  });

  it('overrides apply to the files their globs match (relative to the config), later over earlier, all over rules', () => {
    write(
      'esign-drafts.config.json',
      JSON.stringify({
        rules: { 'ignisign/signer-ids-missing': 'error' },
        overrides: [
          { files: ['legacy/**'], rules: { 'ignisign/signer-ids-missing': 'info' } },
          { files: ['legacy/old/*.json'], rules: { 'signer-ids-missing': 'off' } },
        ],
      }),
    );
    write('legacy/a.ignisign.json', BARE_V3);
    write('legacy/old/b.ignisign.json', BARE_V3);
    write('current/c.ignisign.json', BARE_V3);
    const { results } = lintJson(['../legacy/a.ignisign.json', '../legacy/old/b.ignisign.json', 'c.ignisign.json'], path.join(repo, 'current'));
    const byName = new Map(results.map((r) => [path.basename(r.file), r]));
    assert.equal(severityOf(byName.get('a.ignisign.json'), 'ignisign/signer-ids-missing'), 'info');
    assert.equal(severityOf(byName.get('b.ignisign.json'), 'ignisign/signer-ids-missing'), undefined);
    assert.equal(severityOf(byName.get('c.ignisign.json'), 'ignisign/signer-ids-missing'), 'error');
  });

  it('$lint in a payload wins over the config for that file only, and is never an unknown property', () => {
    write('esign-drafts.config.json', JSON.stringify({ rules: { 'ignisign/signer-ids-missing': 'error' } }));
    write('a.ignisign.json', '{ "$lint": { "signer-ids-missing": "off", "ignisign/document-ids-missing": "error" }, "title": "t" }\n');
    write('b.ignisign.json', BARE_V3);
    const { results } = lintJson(['a.ignisign.json', 'b.ignisign.json'], repo);
    assert.deepEqual(results[0].diagnostics.map((d) => `${d.ruleId}:${d.severity}`).sort(), ['ignisign/document-ids-missing:error', 'ignisign/v3-archived:info']);
    assert.equal(severityOf(results[1], 'ignisign/signer-ids-missing'), 'error');
  });

  it('a bad $lint value is a schema finding on that value', () => {
    write('a.ignisign.json', '{ "$lint": { "signer-ids-missing": "loud", "no-such-rule": "off" }, "signerIds": ["s"], "documentIds": ["d"] }\n');
    const { results } = lintJson(['a.ignisign.json'], repo);
    assert.deepEqual(results[0].diagnostics.filter((d) => d.ruleId !== 'ignisign/v3-archived').map((d) => d.ruleId), ['schema', 'unknown-property']);
  });

  it('a severity set for an Ignisign v3 rule applies to the same v4 rule (Convert to v4 keeps the team\'s choice), unless the v4 id is set', () => {
    write('esign-drafts.config.json', JSON.stringify({ rules: { 'ignisign/document-ids-missing': 'error', 'ignisign/signer-ids-missing': 'error', 'ignisign-v4/signer-ids-missing': 'info' } }));
    write('a.ignisign-v4.json', BARE_V3);
    const { results } = lintJson(['a.ignisign-v4.json'], repo);
    assert.equal(severityOf(results[0], 'ignisign-v4/document-ids-missing'), 'error');
    assert.equal(severityOf(results[0], 'ignisign-v4/signer-ids-missing'), 'info');
  });

  it('"files" globs are relative to the config\'s folder', () => {
    write('pkg/esign-drafts.config.json', JSON.stringify({ files: { 'bodies/*.json': 'zigned' } }));
    write('pkg/bodies/x.json', '{ "send_emails": true }\n');
    const { code, results, stderr } = lintJson(['pkg/bodies/x.json'], repo);
    assert.equal(code, 0, stderr);
    assert.equal(results.length, 1);
  });

  it('an unusable config is exit 2 naming the file, never the defaults: invalid, a FIFO, a link to /dev/zero', () => {
    write('a.ignisign.json', BARE_V3);
    const config = path.join(repo, 'esign-drafts.config.json');
    fs.writeFileSync(config, JSON.stringify({ overrides: [{ files: [], rules: {} }] }));
    let run = lintJson(['a.ignisign.json'], repo);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /esign-drafts\.config\.json is not a valid config/);
    fs.rmSync(config);
    fs.symlinkSync('/dev/zero', config);
    run = lintJson(['a.ignisign.json'], repo);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /esign-drafts\.config\.json is a character device \(it links to \/dev\/zero\), not a regular file/);
    fs.rmSync(config);
    spawnSync('mkfifo', [config]);
    run = lintJson(['a.ignisign.json'], repo);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /esign-drafts\.config\.json is a FIFO \(named pipe\), not a regular file/);
  });

  it('print-config shows the config used, each rule\'s severity and where it came from, and the environments', () => {
    write('esign-drafts.config.json', JSON.stringify({ rules: { 'signer-ids-missing': 'error' }, overrides: [{ files: ['legacy/**'], rules: { 'ignisign/date-in-past': 'warning' } }], environments: [{ name: 'staging', provider: 'ignisign', baseUrl: 'https://staging.example', appId: 'a', appEnv: 'STAGING', variables: { who: 'x' } }] }));
    write('legacy/a.ignisign.json', '{ "$lint": { "ignisign/document-ids-missing": "off" } }\n');
    const result = spawnSync(process.execPath, [CLI, 'print-config', '--format', 'json', 'legacy/a.ignisign.json'], { cwd: repo, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { config: string; provider: string; rules: { ruleId: string; severity: string; source: string; as: string }[]; environments: { name: string; source: string; variables: string[] }[] };
    assert.equal(report.config, path.join(repo, 'esign-drafts.config.json'));
    assert.equal(report.provider, 'ignisign');
    const rule = (id: string) => report.rules.find((r) => r.ruleId === id);
    assert.deepEqual(rule('ignisign/signer-ids-missing'), { ruleId: 'ignisign/signer-ids-missing', severity: 'error', source: path.join(repo, 'esign-drafts.config.json'), as: 'signer-ids-missing' });
    assert.deepEqual(rule('ignisign/date-in-past'), { ruleId: 'ignisign/date-in-past', severity: 'warning', source: `${path.join(repo, 'esign-drafts.config.json')} overrides[0]`, as: 'ignisign/date-in-past' });
    assert.deepEqual(rule('ignisign/document-ids-missing'), { ruleId: 'ignisign/document-ids-missing', severity: 'off', source: '$lint in the file', as: 'ignisign/document-ids-missing' });
    assert.equal(rule('duplicate-key')?.source, 'default');
    assert.deepEqual(report.environments.map((e) => [e.name, e.source, e.variables]), [['local-sandbox', 'built in', []], ['staging', path.join(repo, 'esign-drafts.config.json'), ['who']]]);
    const text = spawnSync(process.execPath, [CLI, 'print-config', 'legacy/a.ignisign.json'], { cwd: path.join(repo, 'legacy'), encoding: 'utf8' });
    assert.equal(text.status, 2, 'a path relative to the working directory');
    const fromSub = spawnSync(process.execPath, [CLI, 'print-config', 'a.ignisign.json'], { cwd: path.join(repo, 'legacy'), encoding: 'utf8' });
    assert.equal(fromSub.status, 0, fromSub.stderr);
    assert.match(fromSub.stdout, /^a\.ignisign\.json \(Ignisign v3\)\nconfig: .*esign-drafts\.config\.json\n/);
    assert.match(fromSub.stdout, /\n {2}ignisign\/signer-ids-missing +error +.*esign-drafts\.config\.json \(as "signer-ids-missing"\)\n/);
    assert.match(fromSub.stdout, /\n {2}staging {2}https:\/\/staging\.example {2}\(.*esign-drafts\.config\.json\) {2}variables: who/);
  });

  it('print-config with an invalid config: exit 2 and what is wrong', () => {
    write('esign-drafts.config.json', '{ "rules": { "signer-ids-missing": "loud" } }');
    write('a.ignisign.json', BARE_V3);
    const result = spawnSync(process.execPath, [CLI, 'print-config', 'a.ignisign.json'], { cwd: repo, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /is not a valid config .*\n {2}line 1, column \d+: "loud" is not a valid value/);
  });

  it('a $request.environment no one defines is one finding on that value, and its {{variables}} are not each reported', () => {
    write('esign-drafts.config.json', JSON.stringify({ environments: [{ name: 'team', provider: 'zigned', variables: { key: 'k' } }] }));
    write('a.zigned.json', '{\n  "$request": { "environment": "staging" },\n  "lookup_key": "{{key}}"\n}\n');
    write('b.zigned.json', '{\n  "$request": { "environment": "team" },\n  "lookup_key": "{{key}}"\n}\n');
    const { results } = lintJson(['a.zigned.json', 'b.zigned.json'], repo);
    const finding = results[0].diagnostics.find((d) => d.ruleId === 'unknown-environment') as unknown as { message: string; path: string; severity: string };
    assert.equal(finding.severity, 'error');
    assert.equal(finding.path, '/$request/environment');
    assert.match(finding.message, /^Unknown environment "staging" for Zigned v3: the file cannot be sent there\. Known: local-sandbox, team\. Define it in "environments" of esign-drafts\.config\.json/);
    assert.ok(!results[0].diagnostics.some((d) => d.ruleId === 'unresolved-variable'));
    assert.deepEqual(results[1].diagnostics, [], 'a config environment is known, and its variables resolve');
  });
});
