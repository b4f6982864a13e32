/** Files opened or globbed by mistake: binary, not UTF-8, too large, nested too deep. */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ENGINE_RULES, FILE_RULE, fileProblemResult } from '../../src/core/lint/engine';
import { formatSize, inspectPayloadBytes, inspectPayloadText, MAX_NESTING_DEPTH, MAX_PAYLOAD_BYTES } from '../../src/core/payload/fileGuard';
import { checkPayloadFile, readPayloadFileSync } from '../../src/core/payload/readPayloadFile';
import { lint, REPO_ROOT, single } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const MB = 1024 * 1024;
/** The start of a PNG: what a mis-named image looks like. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const TOO_LARGE = /^This file is [\d.]+ MB; payloads are small JSON files \(the limit is 10 MB\), so it is not linted\. Is it the right file\?$/;

function failed(result: ReturnType<typeof inspectPayloadText>) {
  assert.equal(result.ok, false, 'the guard refuses the file');
  return result as Extract<typeof result, { ok: false }>;
}

describe('file guard', () => {
  describe('inspectPayloadText (as the editor holds the file)', () => {
    it('accepts payloads, however odd their JSON', () => {
      for (const text of ['', '{}', '{ "title": "Avtal 😀 \u202e" }', '\ufeff{}', '{"a": "\\u0000"}', '[[[[', 'x'.repeat(MB)]) {
        assert.deepEqual(inspectPayloadText(text), { ok: true });
      }
    });

    it('refuses a binary file: a NUL character in the first 8 KB', () => {
      const result = failed(inspectPayloadText(PNG.toString('latin1')));
      assert.equal(result.reason, 'binary');
      assert.equal(result.message, 'This file looks binary (it contains NUL bytes); payloads are JSON text, so it is not linted. Is it the right file?');
      // Further in, a NUL is the lint's business (a syntax error), not a sign of a binary file.
      assert.deepEqual(inspectPayloadText('{"a": "' + 'x'.repeat(9000) + '\u0000"}'), { ok: true });
    });

    it('refuses text that was not UTF-8 (decoded with U+FFFD replacement characters), saying where', () => {
      const latin1 = Buffer.from('{\n  "title": "Caf\xe9"\n}', 'latin1');
      const result = failed(inspectPayloadText(latin1.toString('utf8')));
      assert.equal(result.reason, 'not-utf8');
      assert.match(result.message, /^This file is not UTF-8: it holds bytes that are not valid UTF-8 \(shown as \ufffd, first at line 2, column 16\)\. Payloads are UTF-8 JSON text/);
      assert.match(result.message, /Save with Encoding/);
    });

    it('refuses a file over 10 MB, by its byte length or by the text', () => {
      const bySize = failed(inspectPayloadText('{}', 12.3 * MB));
      assert.equal(bySize.reason, 'too-large');
      assert.equal(bySize.message, 'This file is 12.3 MB; payloads are small JSON files (the limit is 10 MB), so it is not linted. Is it the right file?');
      assert.match(failed(inspectPayloadText(' '.repeat(MAX_PAYLOAD_BYTES + 1))).message, TOO_LARGE);
      // 4 M characters of 3 bytes each: 12 MB of UTF-8, although the string is 4 M long.
      const euros = failed(inspectPayloadText('€'.repeat(4 * MB)));
      assert.equal(euros.message, 'This file is 12 MB; payloads are small JSON files (the limit is 10 MB), so it is not linted. Is it the right file?');
      assert.deepEqual(inspectPayloadText('{}', MAX_PAYLOAD_BYTES), { ok: true }, 'the limit itself is allowed');
    });

    it('formats sizes for people', () => {
      assert.equal(formatSize(12.34 * MB), '12.3 MB');
      assert.equal(formatSize(10 * MB), '10 MB');
      assert.equal(formatSize(812 * 1024), '812 KB');
      assert.equal(formatSize(95), '95 bytes');
    });
  });

  describe('inspectPayloadBytes (strict, as the command line reads files)', () => {
    it('decodes UTF-8, keeping a byte-order mark so that offsets stay those of the file', () => {
      const result = inspectPayloadBytes(Buffer.from('\ufeff{"title": "Avtal 😀"}', 'utf8'));
      assert.deepEqual(result, { ok: true, text: '\ufeff{"title": "Avtal 😀"}' });
    });

    it('refuses invalid UTF-8 strictly (TextDecoder fatal), UTF-16, binary and oversized files', () => {
      const invalid = inspectPayloadBytes(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
      assert.equal(invalid.ok, false);
      assert.equal(!invalid.ok && invalid.reason, 'not-utf8');
      assert.match(!invalid.ok ? invalid.message : '', /not valid UTF-8 \(first at line 1, column 7\)/);

      const utf16 = inspectPayloadBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')]));
      assert.equal(!utf16.ok && utf16.reason, 'not-utf8');
      assert.match(!utf16.ok ? utf16.message : '', /UTF-16/);

      const binary = inspectPayloadBytes(PNG);
      assert.equal(!binary.ok && binary.reason, 'binary');

      const large = inspectPayloadBytes(Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x20));
      assert.equal(!large.ok && large.reason, 'too-large');
      assert.match(!large.ok ? large.message : '', TOO_LARGE);
    });
  });

  describe('the `file` finding (engine)', () => {
    it('is an engine rule with a reference page', () => {
      assert.equal(ENGINE_RULES[FILE_RULE].severity, 'error');
      assert.ok(fs.existsSync(path.join(REPO_ROOT, 'docs/rules/file.md')));
    });

    it('fileProblemResult gives one error at 0:0–0:0 with the guard message, and honours severities', () => {
      const guard = failed(inspectPayloadText('x', 11 * MB));
      const { findings, parsed } = fileProblemResult('x', guard.message);
      assert.equal(findings.length, 1);
      assert.deepEqual(
        { ...findings[0] },
        { ruleId: 'file', severity: 'error', message: guard.message, path: '', offset: 0, length: 0, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, docs: 'docs/rules/file.md', fixes: [] },
      );
      assert.equal(parsed.value, undefined, 'nothing was parsed');
      assert.equal(fileProblemResult('x', guard.message, { file: 'warning' }).findings[0].severity, 'warning');
      assert.deepEqual(fileProblemResult('x', guard.message, { file: 'off' }).findings, []);
    });

    it(`reports nesting deeper than ${MAX_NESTING_DEPTH} levels as one finding instead of overflowing the stack`, () => {
      for (const text of [`{"title": ${'['.repeat(5000)}${']'.repeat(5000)}}`, `{"title": ${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, `{"title": ${'['.repeat(5000)}`, '['.repeat(50_000)]) {
        for (const provider of ['ignisign', 'zigned'] as const) {
          const findings = lint(text, provider);
          assert.equal(findings.length, 1, `${text.slice(0, 20)}…: ${findings.map((f) => f.message).join(' | ')}`);
          const finding = single(findings, 'file');
          assert.match(finding.message, /nested \d+ levels deep here: the APIs take flat objects \(a few levels at most\), so a file nested deeper than 100 levels is not checked further/);
          assert.equal(finding.severity, 'error');
          // It points at the bracket that goes one level too deep.
          assert.match(text.charAt(finding.offset), /[[{]/);
        }
      }
      const fine = `{"title": ${'['.repeat(99)}${']'.repeat(99)}}`;
      assert.ok(!lint(fine, 'ignisign').some((f) => f.ruleId === 'file'), '100 levels are allowed');
    });

    it('finds the nesting in the text, not in the value: a repeated key whose ignored first value nests too deep', () => {
      // JSON.parse keeps the last "title" (flat), but the syntax tree (and every walk of it) has the first.
      const text = `{"title": ${'['.repeat(5000)}${']'.repeat(5000)}, "title": "Contract"}`;
      const finding = single(lint(text, 'ignisign'), 'file');
      assert.equal(text.charAt(finding.offset), '[');
      assert.equal(finding.offset, '{"title": '.length + 99, 'the bracket that goes one level too deep (the root brace is level 1)');
    });
  });

  describe('esign-drafts lint on such files (the built CLI)', () => {
    let dir: string;
    before(() => {
      assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-guard-'));
      fs.writeFileSync(path.join(dir, 'image.ignisign.json'), Buffer.concat([PNG, Buffer.alloc(64, 0)]));
      fs.writeFileSync(path.join(dir, 'latin1.zigned.json'), Buffer.from('{\n  "lookup_key": "caf\xe9"\n}\n', 'latin1'));
      fs.writeFileSync(path.join(dir, 'huge.zigned.json'), Buffer.alloc(Math.round(10.5 * MB), 0x20));
      fs.writeFileSync(path.join(dir, 'clean.zigned.json'), '{ "lookup_key": "ok" }\n');
      fs.mkdirSync(path.join(dir, 'folder.ignisign.json'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    function run(args: string[]) {
      const result = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    }

    it('reports each as a `file` error (exit 1) with the message, and still lints the other files', () => {
      const { code, stdout, stderr } = run(['lint', '--format', 'json', 'image.ignisign.json', 'latin1.zigned.json', 'huge.zigned.json', 'clean.zigned.json']);
      assert.equal(code, 1, stderr);
      const results = JSON.parse(stdout) as { file: string; diagnostics: { ruleId: string; severity: string; message: string; path: string; range: unknown }[] }[];
      const byFile = new Map(results.map((r) => [r.file, r.diagnostics]));
      const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      for (const [file, message] of [
        ['image.ignisign.json', /^This file looks binary \(it contains NUL bytes\)/],
        ['latin1.zigned.json', /^This file is not UTF-8: it holds bytes that are not valid UTF-8 \(first at line 2, column 21\)/],
        ['huge.zigned.json', /^This file is 10\.5 MB; payloads are small JSON files \(the limit is 10 MB\), so it is not linted\. Is it the right file\?$/],
      ] as const) {
        const diagnostics = byFile.get(file);
        assert.ok(diagnostics, `${file} is in the output`);
        assert.equal(diagnostics.length, 1, `${file}: ${JSON.stringify(diagnostics)}`);
        assert.deepEqual({ ...diagnostics[0], message: '' }, { ruleId: 'file', severity: 'error', message: '', path: '', range: zero });
        assert.match(diagnostics[0].message, message);
      }
      assert.deepEqual(byFile.get('clean.zigned.json'), []);
    });

    it('prints it in stylish output at 1:1 with the rule id', () => {
      const { code, stdout } = run(['lint', 'image.ignisign.json']);
      assert.equal(code, 1);
      assert.match(stdout, /^ {2}1:1 {2}error {2}This file looks binary .*Is it the right file\? {2}file$/m);
    });

    it('finds mis-named files through globs too, and exits 2 only for what cannot be read', () => {
      const glob = run(['lint', '--format', 'json', '*.zigned.json']);
      assert.equal(glob.code, 1);
      assert.deepEqual(
        JSON.parse(glob.stdout).map((r: { file: string; diagnostics: { ruleId: string }[] }) => [r.file, r.diagnostics.map((d) => d.ruleId)]),
        [
          ['clean.zigned.json', []],
          ['huge.zigned.json', ['file']],
          ['latin1.zigned.json', ['file']],
        ],
      );
      const unreadable = run(['lint', 'folder.ignisign.json']);
      assert.equal(unreadable.code, 2);
      assert.match(unreadable.stderr, /^esign-drafts: folder\.ignisign\.json is a directory, not a regular file; payloads are read from regular files, so it is not read\.$/m);
    });
  });

  describe('files that are not regular files (FIFOs, devices, links to them)', () => {
    let dir: string;
    before(() => {
      assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-special-'));
      spawnSync('mkfifo', [path.join(dir, 'pipe.zigned.json')]);
      assert.ok(fs.statSync(path.join(dir, 'pipe.zigned.json')).isFIFO(), 'mkfifo made a FIFO');
      fs.symlinkSync('/dev/zero', path.join(dir, 'zero.zigned.json'));
      fs.symlinkSync('/dev/zero', path.join(dir, 'zero.json'));
      fs.writeFileSync(path.join(dir, 'clean.zigned.json'), '{ "lookup_key": "ok" }\n');
      fs.symlinkSync(path.join(dir, 'clean.zigned.json'), path.join(dir, 'linked.zigned.json'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Async with a kill switch: a regression here reads forever, and must fail the test rather than hang the run. */
    function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; killed: boolean }> {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let killed = false;
        const kill = () => {
          killed = true;
          child.kill('SIGKILL');
        };
        child.stdout.on('data', (d: Buffer) => (stdout += d));
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        // Bounded by outcome, not time: a CLI that is still running after a generous wait is stuck.
        const stuck = setTimeout(kill, 15_000);
        child.on('close', (code) => {
          clearTimeout(stuck);
          resolve({ code, stdout, stderr, killed });
        });
      });
    }

    it('refuses them without reading: checkPayloadFile and readPayloadFileSync say what the file is', () => {
      const pipe = readPayloadFileSync(path.join(dir, 'pipe.zigned.json'), 'pipe.zigned.json');
      assert.deepEqual(pipe, { ok: false, problem: 'not-regular', message: 'pipe.zigned.json is a FIFO (named pipe), not a regular file; payloads are read from regular files, so it is not read.' });
      const zero = checkPayloadFile(path.join(dir, 'zero.zigned.json'), 'zero.zigned.json');
      assert.deepEqual(zero, { ok: false, problem: 'not-regular', message: 'zero.zigned.json is a character device (it links to /dev/zero), not a regular file; payloads are read from regular files, so it is not read.' });
      assert.equal(!checkPayloadFile(dir).ok && (checkPayloadFile(dir) as { problem: string }).problem, 'not-regular');
      const linked = readPayloadFileSync(path.join(dir, 'linked.zigned.json'));
      assert.ok(linked.ok, 'a link to a regular file is read');
      assert.equal(linked.ok && linked.bytes.toString('utf8'), '{ "lookup_key": "ok" }\n');
    });

    it('reads at most the limit plus one byte, whatever stat says (a /proc file says 0 bytes; a growing file is cut)', () => {
      // /proc/self/maps is a regular file whose stat size is 0 although it holds kilobytes.
      assert.equal(fs.statSync('/proc/self/maps').size, 0);
      const cut = readPayloadFileSync('/proc/self/maps', 'maps', 100);
      assert.equal(cut.ok, false);
      assert.equal(!cut.ok && cut.problem, 'too-large');
      assert.equal(!cut.ok && cut.message, 'This file is over 100 bytes (it grew while it was read); payloads are small JSON files (the limit is 100 bytes), so it is not linted. Is it the right file?');
      assert.equal(!cut.ok && cut.head?.length, 100, 'the head kept is bounded by the limit');
      const whole = readPayloadFileSync('/proc/self/maps', 'maps', MAX_PAYLOAD_BYTES);
      assert.ok(whole.ok && whole.bytes.length > 100, 'under the limit, the whole content is read although stat said 0');
    });

    it('esign-drafts lint "*.json" reports the FIFO-like files, lints the others, and exits 2 (unreadable input)', async () => {
      const { code, stdout, stderr, killed } = await run(['lint', '--format', 'json', '*.json', 'pipe.zigned.json']);
      assert.equal(killed, false, 'the CLI finished on its own');
      assert.equal(code, 2, stderr);
      const results = JSON.parse(stdout) as { file: string; diagnostics: { ruleId: string; message: string }[] }[];
      assert.deepEqual(
        results.map((r) => [r.file, r.diagnostics.map((d) => `${d.ruleId}: ${d.message}`)]),
        [
          ['clean.zigned.json', []],
          ['linked.zigned.json', []],
          ['zero.zigned.json', ['file: zero.zigned.json is a character device (it links to /dev/zero), not a regular file; payloads are read from regular files, so it is not read.']],
          ['pipe.zigned.json', ['file: pipe.zigned.json is a FIFO (named pipe), not a regular file; payloads are read from regular files, so it is not read.']],
        ],
      );
      // zero.json is not named like a payload: skipped, and said.
      assert.match(stderr, /^esign-drafts: zero\.json is a character device \(it links to \/dev\/zero\), not a regular file/m);
    });

    it('esign-drafts lint of regular payloads alone still exits 0', async () => {
      const { code } = await run(['lint', 'clean.zigned.json', 'linked.zigned.json']);
      assert.equal(code, 0);
    });

    for (const file of ['pipe.zigned.json', 'zero.zigned.json']) {
      it(`esign-drafts send ${file} refuses at once with exit 2`, async () => {
        const { code, stderr, killed } = await run(['send', file, '--env', 'local-sandbox']);
        assert.equal(killed, false, 'the CLI finished on its own');
        assert.equal(code, 2);
        assert.match(stderr, new RegExp(`^esign-drafts: ${file.replace(/\./g, '\\.')} is a (FIFO \\(named pipe\\)|character device \\(it links to /dev/zero\\)), not a regular file; payloads are read from regular files`, 'm'));
      });
    }
  });
});
