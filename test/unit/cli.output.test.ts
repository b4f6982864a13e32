/**
 * How the CLI writes and ends (src/cli/processOutput.ts, main.ts): lines written synchronously on
 * the descriptor, the stream taken over when the descriptor would block, a reader that has gone
 * ending the output quietly, and the process of a finished `lint` ending at once without losing
 * a byte of a large result.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { outputWriter } from '../../src/cli/processOutput';
import { payloadWithManyFindings } from '../../bench/findingPayloads';
import { REPO_ROOT } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/** A stream that keeps what it is given, in order. */
function keptStream() {
  const chunks: string[] = [];
  return { chunks, stream: { write: (chunk: string | Buffer) => chunks.push(chunk.toString()) } as unknown as NodeJS.WritableStream };
}

describe('CLI output (processOutput.ts)', () => {
  if (process.platform === 'win32') return;

  it('writes the whole text on the descriptor, looping over partial writes, without touching the stream', () => {
    const written: string[] = [];
    const { chunks, stream } = keptStream();
    // At most 3 bytes per call, as a pipe may take.
    const write = ((fd: number, bytes: Buffer, offset: number, length: number) => {
      const taken = Math.min(3, length);
      written.push(`${fd}:${bytes.subarray(offset, offset + taken).toString()}`);
      return taken;
    }) as unknown as typeof fs.writeSync;
    const out = outputWriter(1, () => stream, write);
    out('héllo\n');
    assert.equal(written.map((w) => w.slice(2)).join(''), 'héllo\n');
    assert.ok(written.every((w) => w.startsWith('1:')));
    assert.deepEqual(chunks, []);
    assert.equal(out.usedStream, false);
  });

  it('when the descriptor would block (EAGAIN) the rest and every later text go through the stream, in order', () => {
    const written: string[] = [];
    const { chunks, stream } = keptStream();
    let calls = 0;
    const write = ((_fd: number, bytes: Buffer, offset: number) => {
      if (++calls > 1) throw errno('EAGAIN');
      written.push(bytes.subarray(offset, offset + 4).toString());
      return 4;
    }) as unknown as typeof fs.writeSync;
    const out = outputWriter(2, () => stream, write);
    out('first line\n');
    out('second line\n');
    assert.equal(written.join('') + chunks.join(''), 'first line\nsecond line\n');
    assert.deepEqual(chunks, ['t line\n', 'second line\n']);
    assert.equal(out.usedStream, true, 'main.ts then lets Node end the process, after the stream has written');
  });

  it('a reader that has gone (EPIPE) ends the output quietly; any other error is thrown', () => {
    const { chunks, stream } = keptStream();
    let calls = 0;
    const gone = outputWriter(1, () => stream, (() => {
      calls++;
      throw errno('EPIPE');
    }) as unknown as typeof fs.writeSync);
    gone('a\n');
    gone('b\n');
    assert.equal(calls, 1, 'nothing more is tried once the reader has gone');
    assert.deepEqual(chunks, []);
    const broken = outputWriter(1, () => stream, (() => {
      throw errno('EIO');
    }) as unknown as typeof fs.writeSync);
    assert.throws(() => broken('a\n'), /EIO/);
  });

  describe('through dist/cli.js', () => {
    let dir = '';
    let many = '';
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-cli-output-'));
      many = path.join(dir, 'many.ignisign.json');
      fs.writeFileSync(many, payloadWithManyFindings(500));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('a large result through a pipe arrives whole before the process ends (lint ends with process.exit)', () => {
      const result = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', many], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      assert.equal(result.status, 1, result.stderr);
      // Far more than a pipe holds (64 KB): the reader drains it while the CLI writes.
      assert.ok(result.stdout.length > 256 * 1024, `${result.stdout.length} characters`);
      const [file] = JSON.parse(result.stdout) as { diagnostics: unknown[] }[];
      assert.ok(file.diagnostics.length >= 1500, `${file.diagnostics.length} findings`);
    });

    it('a reader that stops early (| head -c 100) leaves no error and the exit code of the findings', () => {
      const script = `"${process.execPath}" "${CLI}" lint --format json "${many}" 2>"${path.join(dir, 'stderr.txt')}" | head -c 100 >/dev/null; echo "exit \${PIPESTATUS[0]}"`;
      const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
      assert.equal(result.stdout.trim(), 'exit 1');
      assert.equal(fs.readFileSync(path.join(dir, 'stderr.txt'), 'utf8'), '');
    });
  });
});
