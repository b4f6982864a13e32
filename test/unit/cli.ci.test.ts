import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SAMPLES = path.join(REPO_ROOT, 'samples');
/** samples/needs-fixing.ignisign.json: 3 errors, 4 warnings, 1 info. */
const NEEDS_FIXING = fs.readFileSync(path.join(SAMPLES, 'needs-fixing.ignisign.json'), 'utf8');
const CLEAN_ZIGNED = fs.readFileSync(path.join(SAMPLES, 'rental-agreement.zigned.json'), 'utf8');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary folder with these files (name → content); removed after the test. */
function folder(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-ci-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('esign-drafts lint in CI (the built CLI, real files)', function () {
  this.timeout(30_000);
  const dirs: string[] = [];
  const temp = (files: Record<string, string | Buffer>) => {
    const dir = folder(files);
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  describe('--format github', () => {
    it('one workflow command per finding: ::error/::warning/::notice with file, 1-based line/col/endLine/endColumn and the rule id as title; exit codes as stylish', () => {
      const dir = temp({ 'needs-fixing.ignisign.json': NEEDS_FIXING, 'clean.zigned.json': CLEAN_ZIGNED });
      const { code, stdout } = run(['lint', '--format', 'github', 'needs-fixing.ignisign.json', 'clean.zigned.json'], dir);
      assert.equal(code, 1);
      const lines = stdout.trimEnd().split('\n');
      assert.equal(lines.length, 8, stdout);
      for (const line of lines) assert.match(line, /^::(error|warning|notice) file=needs-fixing\.ignisign\.json,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[\w/-]+::\S/);
      assert.deepEqual(
        lines.map((l) => l.split(' ')[0]).sort(),
        ['::error', '::error', '::error', '::notice', '::warning', '::warning', '::warning', '::warning'],
      );
      // "titel" is on the third line, two spaces in: 1-based line 3, columns 3 to 10 (the quoted key).
      assert.ok(lines.includes('::error file=needs-fixing.ignisign.json,line=3,col=3,endLine=3,endColumn=10,title=unknown-property::Unknown property "titel" in the update body: did you mean "title"?'), stdout);
      // A clean file prints nothing, and exit 0.
      const clean = run(['lint', '--format', 'github', 'clean.zigned.json'], dir);
      assert.deepEqual([clean.code, clean.stdout], [0, '']);
    });

    it('escapes as GitHub specifies: data %, CR, LF; properties also : and , (one command stays one line)', () => {
      // A key with %, CR, LF, ":" and "," (the message quotes it) in a file whose name has ":", "," and "%".
      const name = 'we:ird,na%me.zigned.json';
      const dir = temp({ [name]: '{ "trust_level": "QES", "a%b\\r\\nc:d,e": 1 }' });
      const { code, stdout } = run(['lint', '--format', 'github', name], dir);
      assert.equal(code, 1, stdout);
      const lines = stdout.trimEnd().split('\n');
      assert.equal(lines.length, 1, stdout);
      assert.equal(
        lines[0],
        '::error file=we%3Aird%2Cna%25me.zigned.json,line=1,col=25,endLine=1,endColumn=39,title=unknown-property::Unknown property "a%25b%0D%0Ac:d,e" in the update body. Expected one of: issuer, send_emails, trust_level, signing_order, theme, success_callback_url, default_locale, lookup_key, automatic_reminders, expires_at.',
      );
    });
  });

  describe('--format junit', () => {
    it('one testsuite per file, one testcase per finding (errors and warnings fail, infos pass), a clean file one passing testcase', () => {
      const dir = temp({ 'needs-fixing.ignisign.json': NEEDS_FIXING, 'clean.zigned.json': CLEAN_ZIGNED });
      const { code, stdout } = run(['lint', '--format', 'junit', 'needs-fixing.ignisign.json', 'clean.zigned.json'], dir);
      assert.equal(code, 1);
      assert.match(stdout, /^<\?xml version="1\.0" encoding="utf-8"\?>\n<testsuites name="esign-drafts" tests="9" failures="7" errors="0">\n/);
      const suites = [...stdout.matchAll(/<testsuite name="([^"]*)"[^>]* tests="(\d+)" failures="(\d+)"[^>]*>([\s\S]*?)<\/testsuite>/g)];
      assert.deepEqual(
        suites.map((s) => [s[1], s[2], s[3]]),
        [
          ['needs-fixing.ignisign.json', '8', '7'],
          ['clean.zigned.json', '1', '0'],
        ],
      );
      assert.equal((suites[0][4].match(/<testcase /g) ?? []).length, 8);
      assert.equal((suites[0][4].match(/<failure type="error"/g) ?? []).length, 3);
      assert.equal((suites[0][4].match(/<failure type="warning"/g) ?? []).length, 4);
      assert.match(suites[0][4], /<testcase classname="needs-fixing\.ignisign\.json" name="3:3 unknown-property" time="0"><failure type="error" message="Unknown property &quot;titel&quot; in the update body: did you mean &quot;title&quot;\?">/);
      assert.match(suites[1][4], /^\s*<testcase classname="clean\.zigned\.json" name="no problems" time="0"\/>\s*$/);
      assert.match(stdout, /<\/testsuites>\n?$/);
    });

    it('XML-escapes file names and messages: & < > " \' as entities, line breaks as references, characters XML cannot hold as \\u escapes', () => {
      const name = 'a&b<c>\'q".zigned.json';
      const dir = temp({ [name]: '{ "trust_level": "QES", "x&<>\\"\'\\r\\n\\u0001": 1 }' });
      const { code, stdout } = run(['lint', '--format', 'junit', name], dir);
      assert.equal(code, 1);
      assert.match(stdout, /<testsuite name="a&amp;b&lt;c&gt;&apos;q&quot;\.zigned\.json"/);
      assert.match(stdout, /message="Unknown property &quot;x&amp;&lt;&gt;&quot;&apos;&#13;&#10;\\u0001&quot; in the update body/);
      // No raw markup character or control character inside any attribute or text.
      // eslint-disable-next-line no-control-regex -- checking none is left
      assert.doesNotMatch(stdout, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      assert.doesNotMatch(stdout.replace(/<[^<>]*>/g, ''), /[<>]/);
    });
  });

  describe('-o, --output-file', () => {
    it('writes the chosen format to the file (creating its folder) and still prints stylish; exit code unchanged', () => {
      const dir = temp({ 'needs-fixing.ignisign.json': NEEDS_FIXING });
      const { code, stdout } = run(['lint', '--format', 'sarif', '-o', 'reports/lint.sarif', 'needs-fixing.ignisign.json'], dir);
      assert.equal(code, 1);
      assert.match(stdout, /^needs-fixing\.ignisign\.json$/m);
      assert.match(stdout, /✖ 8 problems \(3 errors, 4 warnings, 1 info\) in 1 file/);
      const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'lint.sarif'), 'utf8'));
      assert.equal(sarif.runs[0].results.length, 8);
      const junit = run(['lint', '--format', 'junit', '--output-file', 'junit.xml', 'needs-fixing.ignisign.json'], dir);
      assert.equal(junit.code, 1);
      assert.match(fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8'), /^<\?xml[\s\S]*<\/testsuites>\n$/);
      assert.doesNotMatch(junit.stdout, /<\?xml/);
    });

    it('a file it cannot write is exit 2 with a message', () => {
      const dir = temp({ 'needs-fixing.ignisign.json': NEEDS_FIXING, 'taken/file': '' });
      const { code, stderr } = run(['lint', '-o', 'taken/file/out.json', '--format', 'json', 'needs-fixing.ignisign.json'], dir);
      assert.equal(code, 2);
      assert.match(stderr, /Cannot write --output-file taken\/file\/out\.json/);
    });
  });

  describe('--max-warnings and --quiet', () => {
    it('--max-warnings <n>: exit 1 when there are more than n warnings, 0 at n; -1 is no limit; not a number is exit 2', () => {
      // Only warnings left: signerIds etc. turned into warnings by turning the errors off.
      const config = JSON.stringify({ rules: { 'unknown-property': 'off', schema: 'off', 'response-only-field': 'off' } });
      const dir = temp({ 'needs-fixing.ignisign.json': NEEDS_FIXING, 'esign-drafts.config.json': config });
      assert.equal(run(['lint', 'needs-fixing.ignisign.json'], dir).code, 0);
      const over = run(['lint', '--max-warnings', '3', 'needs-fixing.ignisign.json'], dir);
      assert.equal(over.code, 1);
      assert.match(over.stderr, /too many warnings: 4, --max-warnings allows 3/);
      assert.equal(run(['lint', '--max-warnings', '4', 'needs-fixing.ignisign.json'], dir).code, 0);
      assert.equal(run(['lint', '--max-warnings=-1', 'needs-fixing.ignisign.json'], dir).code, 0);
      assert.equal(run(['lint', '--max-warnings', '0', '--format', 'github', 'needs-fixing.ignisign.json'], dir).code, 1);
      for (const bad of ['x', '1.5', '-2', '']) {
        const { code, stderr } = run(['lint', `--max-warnings=${bad}`, 'needs-fixing.ignisign.json'], dir);
        assert.equal(code, 2, bad);
        assert.match(stderr, /--max-warnings takes a whole number/);
      }
    });

    it('--quiet: errors only, in every format; --max-warnings still counts the warnings it hides', () => {
      const dir = temp({ 'needs-fixing.ignisign.json': NEEDS_FIXING });
      const stylish = run(['lint', '--quiet', 'needs-fixing.ignisign.json'], dir);
      assert.equal(stylish.code, 1);
      assert.match(stylish.stdout, /✖ 3 problems \(3 errors, 0 warnings, 0 info\)/);
      assert.doesNotMatch(stylish.stdout, /^\s+\d+:\d+\s+(warning|info)/m);
      const json = JSON.parse(run(['lint', '-q', '--format', 'json', 'needs-fixing.ignisign.json'], dir).stdout);
      assert.deepEqual(json[0].diagnostics.map((d: { severity: string }) => d.severity), ['error', 'error', 'error']);
      assert.deepEqual(run(['lint', '--quiet', '--format', 'github', 'needs-fixing.ignisign.json'], dir).stdout.trimEnd().split('\n').map((l) => l.split(' ')[0]), ['::error', '::error', '::error']);
      const warningsOnly = temp({ 'w.ignisign.json': NEEDS_FIXING, 'esign-drafts.config.json': JSON.stringify({ rules: { 'unknown-property': 'off', schema: 'off', 'response-only-field': 'off' } }) });
      const quietOver = run(['lint', '--quiet', '--max-warnings', '0', 'w.ignisign.json'], warningsOnly);
      assert.equal(quietOver.code, 1);
      assert.match(quietOver.stdout, /1 file checked, no problems/);
    });
  });

  describe('--fix and --fix-dry-run', () => {
    // CRLF line ends, tab indentation and a BOM: all kept.
    const styled = '\ufeff' + NEEDS_FIXING.replace(/\n {2}/g, '\n\t').replace(/\n/g, '\r\n');

    it('--fix-dry-run --format json lists the edits of the preferred fixes and the findings left; the file is not touched', () => {
      const dir = temp({ 'a.ignisign.json': styled });
      const { code, stdout, stderr } = run(['lint', '--fix-dry-run', '--format', 'json', 'a.ignisign.json'], dir);
      assert.equal(fs.readFileSync(path.join(dir, 'a.ignisign.json'), 'utf8'), styled);
      assert.equal(code, 0, 'no error left once fixed');
      // The id in recipients is moved to signerIds (issue 16: the fix that resolves the most findings is preferred).
      assert.match(stderr, /would fix 6 problems in a\.ignisign\.json/);
      const [file] = JSON.parse(stdout);
      assert.deepEqual(
        file.fixes.map((f: { ruleId: string }) => f.ruleId),
        ['unknown-property', 'schema', 'response-only-field', 'ignisign/scheduled-without-diffusion-date', 'ignisign/expiration-date-missing', 'ignisign/recipient-not-email'],
      );
      const rename = file.fixes[0];
      assert.equal(rename.title, 'Rename "titel" to "title"');
      assert.deepEqual(rename.edits, [{ range: { start: { line: 2, character: 1 }, end: { line: 2, character: 8 } }, offset: styled.indexOf('"titel"'), length: 7, newText: '"title"' }]);
      assert.deepEqual(file.diagnostics.map((d: { ruleId: string }) => d.ruleId).sort(), ['ignisign/v3-archived']);
      // Without --fix*, no "fixes" key (the documented shape).
      assert.ok(!('fixes' in JSON.parse(run(['lint', '--format', 'json', 'a.ignisign.json'], dir).stdout)[0]));
    });

    it('--fix writes the fixed file in one rename (no temporary file left), keeping BOM, CRLF and tabs; exit code from what is left', () => {
      const dir = temp({ 'a.ignisign.json': styled });
      const before = fs.statSync(path.join(dir, 'a.ignisign.json')).ino;
      const { code, stdout, stderr } = run(['lint', '--fix', 'a.ignisign.json'], dir);
      assert.equal(code, 0, stdout);
      assert.match(stderr, /fixed 6 problems in a\.ignisign\.json/);
      const fixed = fs.readFileSync(path.join(dir, 'a.ignisign.json'), 'utf8');
      assert.ok(fixed.startsWith('\ufeff{\r\n'), JSON.stringify(fixed.slice(0, 10)));
      assert.doesNotMatch(fixed.replace(/\r\n/g, ''), /\n|\r/, 'every line ends in CRLF');
      assert.match(fixed, /\r\n\t"title": "A payload/);
      assert.match(fixed, /\r\n\t"language": "EN",\r\n/);
      assert.doesNotMatch(fixed, /"status"/);
      assert.match(fixed, /\r\n\t"diffusionDate": "/);
      assert.match(fixed, /\r\n\t"expirationDate": "/);
      assert.deepEqual(fs.readdirSync(dir), ['a.ignisign.json']);
      assert.notEqual(fs.statSync(path.join(dir, 'a.ignisign.json')).ino, before, 'replaced by a rename, not rewritten in place');
      // A second run has nothing left to fix and leaves the file alone.
      const again = run(['lint', '--fix', 'a.ignisign.json'], dir);
      assert.equal(again.code, 0);
      assert.equal(fs.readFileSync(path.join(dir, 'a.ignisign.json'), 'utf8'), fixed);
      assert.doesNotMatch(again.stderr, /fixed/);
    });

    it('--fix through a symbolic link replaces the file it points to; --fix with --fix-dry-run is exit 2', function () {
      if (process.platform === 'win32') this.skip();
      const dir = temp({ 'real/a.ignisign.json': NEEDS_FIXING });
      fs.symlinkSync(path.join(dir, 'real', 'a.ignisign.json'), path.join(dir, 'link.ignisign.json'));
      assert.equal(run(['lint', '--fix', 'link.ignisign.json'], dir).code, 0);
      assert.ok(fs.lstatSync(path.join(dir, 'link.ignisign.json')).isSymbolicLink());
      assert.match(fs.readFileSync(path.join(dir, 'real', 'a.ignisign.json'), 'utf8'), /"title"/);
      const both = run(['lint', '--fix', '--fix-dry-run', 'link.ignisign.json'], dir);
      assert.equal(both.code, 2);
      assert.match(both.stderr, /--fix and --fix-dry-run exclude each other/);
    });
  });

  describe('no file arguments, and globs that match nothing', () => {
    const payloads = {
      'a.ignisign.json': NEEDS_FIXING,
      'nested/b.zigned.json': CLEAN_ZIGNED,
      'legacy/old.json': NEEDS_FIXING,
      'ignored/c.zigned.json': '{ "trust_level": "bad" }',
      'node_modules/pkg/d.zigned.json': '{ "trust_level": "bad" }',
      'other.json': '{ "not": "a payload" }',
      'esign-drafts.config.json': JSON.stringify({ files: { 'legacy/**/*.json': 'ignisign' } }),
    };
    const linted = (stdout: string) => (JSON.parse(stdout) as { file: string }[]).map((f) => f.file).sort();

    it('in a git work tree: every payload file git does not ignore (default names and the config "files" globs)', function () {
      if (spawnSync('git', ['--version']).status !== 0) this.skip();
      const dir = temp({ ...payloads, '.gitignore': 'ignored/\n', 'untracked.ignisign-v4.json': '{}' });
      spawnSync('git', ['init', '-q'], { cwd: dir });
      spawnSync('git', ['add', 'a.ignisign.json', '.gitignore'], { cwd: dir });
      const { code, stdout, stderr } = run(['lint', '--format', 'json'], dir);
      assert.equal(code, 1, stderr);
      // Tracked and untracked files alike; not ignored/ (.gitignore) nor node_modules/.
      assert.deepEqual(linted(stdout), ['a.ignisign.json', 'legacy/old.json', 'nested/b.zigned.json', 'untracked.ignisign-v4.json']);
      // A tracked file deleted from the work tree is not an unreadable file.
      fs.rmSync(path.join(dir, 'a.ignisign.json'));
      const after = run(['lint', '--format', 'json'], dir);
      assert.equal(after.code, 1, after.stderr);
      assert.deepEqual(linted(after.stdout), ['legacy/old.json', 'nested/b.zigned.json', 'untracked.ignisign-v4.json']);
      // From a subfolder: the files under it.
      assert.deepEqual(linted(run(['lint', '--format', 'json'], path.join(dir, 'nested')).stdout), ['b.zigned.json']);
    });

    it('outside git: the folder walked, node_modules and dot folders left out', () => {
      const dir = temp({ ...payloads, '.hidden/e.zigned.json': '{ "trust_level": "bad" }' });
      const { code, stdout } = run(['lint', '--format', 'json'], dir);
      assert.equal(code, 1);
      assert.deepEqual(linted(stdout), ['a.ignisign.json', 'ignored/c.zigned.json', 'legacy/old.json', 'nested/b.zigned.json']);
    });

    it('no payload file at all: a warning and exit 0; --error-on-unmatched-pattern makes it exit 2', () => {
      const dir = temp({ 'other.json': '{}' });
      const none = run(['lint'], dir);
      assert.equal(none.code, 0, none.stderr);
      assert.match(none.stderr, /warning: no payload file under/);
      assert.match(none.stdout, /0 files checked, no problems/);
      assert.equal(run(['lint', '--error-on-unmatched-pattern'], dir).code, 2);
    });

    it('a glob that matches nothing is a warning (lint-staged passes such lists), the other files linted; --error-on-unmatched-pattern: exit 2', () => {
      const dir = temp({ 'a.ignisign.json': NEEDS_FIXING, 'b.zigned.json': CLEAN_ZIGNED });
      const mixed = run(['lint', '--format', 'json', 'nothing/**/*.zigned.json', 'b.zigned.json'], dir);
      assert.equal(mixed.code, 0, mixed.stderr);
      assert.match(mixed.stderr, /warning: no payload file matches nothing\/\*\*\/\*\.zigned\.json/);
      assert.deepEqual(linted(mixed.stdout), ['b.zigned.json']);
      const only = run(['lint', 'nothing/**/*.zigned.json'], dir);
      assert.equal(only.code, 0, only.stderr);
      const strict = run(['lint', '--error-on-unmatched-pattern', 'nothing/**/*.zigned.json', 'b.zigned.json'], dir);
      assert.equal(strict.code, 2);
      assert.match(strict.stderr, /No payload file matches nothing\/\*\*\/\*\.zigned\.json/);
      // A file named explicitly that is missing is still exit 2 (unreadable input), not a warning.
      assert.equal(run(['lint', 'missing.zigned.json'], dir).code, 2);
    });
  });

  describe('stylish output and the contributed $esign-drafts problem matcher', () => {
    const contributes = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).contributes;
    const [matcher] = contributes.problemMatchers as { name: string; owner: string; fileLocation: string[]; pattern: { regexp: string; loop?: boolean; [group: string]: unknown }[] }[];

    /** VS Code's multi-line matching: a line matching the first pattern names the file, each following line matching the looped second one is a problem. */
    function matched(output: string) {
      const [fileLine, problemLine] = matcher.pattern.map((p) => new RegExp(p.regexp));
      const problems: { file: string; line: number; column: number; severity: string; message: string; code: string }[] = [];
      let file: string | undefined;
      for (const line of output.split('\n')) {
        const problem = file !== undefined ? problemLine.exec(line) : null;
        if (problem) {
          problems.push({ file: file!, line: Number(problem[1]), column: Number(problem[2]), severity: problem[3], message: problem[4], code: problem[5] });
          continue;
        }
        file = fileLine.exec(line)?.[1];
      }
      return problems;
    }

    it('reads every finding of the stylish output: file, 1-based line and column, severity, message, rule id (a message with double spaces too)', () => {
      const dir = temp({ 'needs-fixing.ignisign.json': NEEDS_FIXING, 'sub/two  spaces.zigned.json': '{ "trust_level": "QES", "a  b": 1 }', 'clean.zigned.json': CLEAN_ZIGNED });
      const files = ['needs-fixing.ignisign.json', 'sub/two  spaces.zigned.json', 'clean.zigned.json'];
      const stylish = run(['lint', ...files], dir).stdout;
      const json = JSON.parse(run(['lint', '--format', 'json', ...files], dir).stdout) as { file: string; diagnostics: { ruleId: string; severity: string; message: string; range: { start: { line: number; character: number } } }[] }[];
      const expected = json.flatMap((f) => f.diagnostics.map((d) => ({ file: f.file, line: d.range.start.line + 1, column: d.range.start.character + 1, severity: d.severity, message: d.message, code: d.ruleId })));
      assert.equal(expected.length, 9);
      assert.deepEqual(matched(stylish), expected);
    });

    it('is contributed as $esign-drafts with a task type of the same name, files relative to the workspace folder or absolute', () => {
      assert.equal(matcher.name, 'esign-drafts');
      assert.deepEqual(matcher.fileLocation, ['autoDetect', '${workspaceFolder}']);
      // Not the language client's diagnostic collection ('esign-drafts'): VS Code keeps one set of
      // markers per owner, so sharing it, a task's findings would be dropped or wiped by the server's.
      assert.equal(matcher.owner, 'esign-drafts-cli');
      assert.doesNotMatch(fs.readFileSync(path.join(REPO_ROOT, 'src', 'vscode', 'languageClient.ts'), 'utf8'), /diagnosticCollectionName: 'esign-drafts-cli'/);
      const [task] = contributes.taskDefinitions as { type: string; properties: Record<string, unknown> }[];
      assert.equal(task.type, 'esign-drafts');
      assert.deepEqual(Object.keys(task.properties).sort(), ['args', 'files']);
    });
  });
});
