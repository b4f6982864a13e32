/**
 * The CLI's code cache (src/cli/codeCache.ts): where it lives, how entries are keyed, and,
 * through dist/cli.js in child processes, that it is written once, reused, replaced when bad
 * or stale, and never changes a result or fails a command.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheEntryName, codeCacheDirectory, pruneStaleVersionDirectories, readBuildHashes, STALE_VERSION_DAYS, trustedDirectory } from '../../src/cli/codeCache';
import { REPO_ROOT } from './lintSupport';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SAMPLE = path.join(REPO_ROOT, 'samples', 'employment-contract.ignisign.json');
const TYPO = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'payloads', 'typo.zigned.json');

function lint(cacheSetting: string, file = SAMPLE) {
  const result = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', file], { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ESIGN_DRAFTS_CODE_CACHE: cacheSetting } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The entries of the one per-V8 directory under `root`, with their bytes. */
function entries(root: string): Map<string, Buffer> {
  const [versionDir] = fs.readdirSync(root);
  const dir = path.join(root, versionDir);
  return new Map(fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name))]));
}

describe('CLI code cache: where and how entries are named', () => {
  it('lives per user (XDG, macOS, Windows conventions) and per V8 version; ESIGN_DRAFTS_CODE_CACHE moves it or turns it off', () => {
    const v8 = `v8-${process.versions.v8}-${process.arch}`;
    assert.equal(codeCacheDirectory({ XDG_CACHE_HOME: '/x/cache' }, 'linux'), path.join('/x/cache', 'esign-drafts', 'code-cache', v8));
    assert.equal(codeCacheDirectory({}, 'linux'), path.join(os.homedir(), '.cache', 'esign-drafts', 'code-cache', v8));
    assert.equal(codeCacheDirectory({ HOME: '/home/u' }, 'linux'), path.join('/home/u', '.cache', 'esign-drafts', 'code-cache', v8));
    assert.equal(codeCacheDirectory({ HOME: '/Users/u' }, 'darwin'), path.join('/Users/u', 'Library', 'Caches', 'esign-drafts', 'code-cache', v8));
    assert.equal(codeCacheDirectory({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32'), path.join('C:\\Users\\a\\AppData\\Local', 'esign-drafts', 'code-cache', v8));
    assert.equal(codeCacheDirectory({}, 'win32'), undefined);
    assert.equal(codeCacheDirectory({ ESIGN_DRAFTS_CODE_CACHE: '/tmp/elsewhere' }, 'linux'), path.join('/tmp/elsewhere', v8));
    for (const off of ['off', 'OFF', '0', 'false', 'no']) assert.equal(codeCacheDirectory({ ESIGN_DRAFTS_CODE_CACHE: off }, 'linux'), undefined, off);
  });

  it('an entry is keyed by the bundle, its build hash, length and mtime: a rebuilt or edited bundle gets another entry', () => {
    const a = cacheEntryName('/d/cli-lint.js', '0123456789abcdef', 1000, 1_700_000_000_000.5);
    assert.match(a, /^cli-lint-0123456789abcdef-[0-9a-z]+-[0-9a-z]+\.bin$/);
    assert.equal(cacheEntryName('/other/cli-lint.js', '0123456789abcdef', 1000, 1_700_000_000_000.5), a);
    assert.notEqual(cacheEntryName('/d/cli-lint.js', 'fedcba9876543210', 1000, 1_700_000_000_000.5), a);
    assert.notEqual(cacheEntryName('/d/cli-lint.js', '0123456789abcdef', 1001, 1_700_000_000_000.5), a);
    assert.notEqual(cacheEntryName('/d/cli-lint.js', '0123456789abcdef', 1000, 1_700_000_000_001.5), a);
    assert.notEqual(cacheEntryName('/d/cli-send.js', '0123456789abcdef', 1000, 1_700_000_000_000.5), a);
  });

  it('the build lists every CLI bundle and validator with its content hash (dist/code-cache-keys.json)', () => {
    const dist = path.join(REPO_ROOT, 'dist');
    const hashes = readBuildHashes(dist);
    const lintBundle = path.join(dist, 'cli-lint.js');
    assert.equal(hashes.get(lintBundle), createHash('sha256').update(fs.readFileSync(lintBundle)).digest('hex').slice(0, 16));
    assert.ok(hashes.has(path.join(dist, 'validators', 'ignisign-v3-update-signature-request.js')));
    assert.ok(!hashes.has(path.join(dist, 'cli.js')) && !hashes.has(path.join(dist, 'extension.js')), 'the dispatcher and the extension are not cached');
    assert.equal(readBuildHashes(path.join(REPO_ROOT, 'out')).size, 0, 'no manifest, no cache');
  });
});

describe('CLI code cache: only a directory no one else can write to', () => {
  const posix = typeof process.getuid === 'function';
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-code-cache-trust-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('trusts a directory of its own, or one still to be created; not a group- or world-writable one, nor a file', function () {
    if (!posix) this.skip();
    fs.chmodSync(root, 0o700);
    assert.equal(trustedDirectory(root), true);
    assert.equal(trustedDirectory(path.join(root, 'not-yet')), true);
    fs.chmodSync(root, 0o770);
    assert.equal(trustedDirectory(root), false);
    fs.chmodSync(root, 0o707);
    assert.equal(trustedDirectory(root), false);
    fs.chmodSync(root, 0o700);
    fs.writeFileSync(path.join(root, 'file'), '');
    assert.equal(trustedDirectory(path.join(root, 'file')), false);
  });

  it('a world-writable cache directory is neither read nor written, and the result is the same', function () {
    if (!posix) this.skip();
    const expected = lint('off');
    const versionDir = path.join(root, `v8-${process.versions.v8}-${process.arch}`);
    fs.mkdirSync(versionDir);
    fs.chmodSync(versionDir, 0o777);
    assert.deepEqual(lint(root), expected);
    assert.deepEqual(fs.readdirSync(versionDir), []);
  });
});

describe('CLI code cache: through dist/cli.js', () => {
  let root: string;
  let expected: ReturnType<typeof lint>;
  before(() => {
    expected = lint('off');
    assert.equal(expected.code, 0, expected.stderr);
  });
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-code-cache-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the first run stores the bundles it compiled; later runs reuse them unchanged, with the same result', () => {
    assert.deepEqual(lint(root), expected);
    const first = entries(root);
    assert.deepEqual([...first.keys()].map((name) => name.replace(/-[0-9a-f]{16}-[0-9a-z]+-[0-9a-z]+\.bin$/, '')).sort(), ['cli-lint', 'ignisign-v3-update-signature-request']);
    assert.deepEqual(lint(root), expected);
    // Accepted by V8, so not written again.
    assert.deepEqual(entries(root), first);
  });

  it('a corrupt entry is not used: the run compiles as usual, gives the same result, and replaces it', () => {
    lint(root);
    const [versionDir] = fs.readdirSync(root);
    const lintEntry = [...entries(root).keys()].find((name) => name.startsWith('cli-lint-'))!;
    fs.writeFileSync(path.join(root, versionDir, lintEntry), Buffer.from('not V8 code cache data'));
    assert.deepEqual(lint(root), expected);
    assert.ok(entries(root).get(lintEntry)!.length > 1000, 'rewritten with real data');
  });

  it('an older build’s entry for the same bundle is removed when the new one is written; other bundles’ stay', () => {
    lint(root);
    const [versionDir] = fs.readdirSync(root);
    const stale = path.join(root, versionDir, 'cli-lint-0000000000000000-zz-zz.bin');
    const otherBundle = path.join(root, versionDir, 'cli-send-0000000000000000-zz-zz.bin');
    fs.writeFileSync(stale, 'old');
    fs.writeFileSync(otherBundle, 'old');
    const lintEntry = [...entries(root).keys()].find((name) => name.startsWith('cli-lint-') && !name.includes('-zz'))!;
    fs.rmSync(path.join(root, versionDir, lintEntry));
    assert.deepEqual(lint(root), expected);
    assert.equal(fs.existsSync(stale), false);
    assert.equal(fs.existsSync(otherBundle), true);
  });

  it('another V8 version’s directory is removed once no run has written to it for 30 days; a recent one, a link and other names stay', function () {
    const day = 86_400_000;
    const aged = (dir: string, days: number) => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'cli-lint-0000000000000000-zz-zz.bin'), 'old');
      const when = new Date(Date.now() - days * day);
      fs.utimesSync(dir, when, when);
      return dir;
    };
    const stale = aged(path.join(root, 'v8-10.2.154.26-node.26-x64'), STALE_VERSION_DAYS + 1);
    const recent = aged(path.join(root, 'v8-12.4.254.21-node.33-x64'), STALE_VERSION_DAYS - 1);
    const notOurs = aged(path.join(root, 'notes'), 400);
    const elsewhere = aged(fs.mkdtempSync(path.join(os.tmpdir(), 'esign-code-cache-target-')), 400);
    try {
      fs.symlinkSync(elsewhere, path.join(root, 'v8-9.0.0-link'));
      assert.deepEqual(lint(root), expected);
      assert.equal(fs.existsSync(stale), false, 'the stale version directory is removed when this version writes');
      assert.equal(fs.existsSync(recent), true);
      assert.equal(fs.existsSync(notOurs), true);
      assert.equal(fs.lstatSync(path.join(root, 'v8-9.0.0-link')).isSymbolicLink(), true, 'a link is left alone');
      assert.equal(fs.existsSync(path.join(elsewhere, 'cli-lint-0000000000000000-zz-zz.bin')), true, 'nothing is removed through a link');
      // Pruning alone, with the clock 30 days on: the recent one goes too, the current one stays.
      const current = path.join(root, fs.readdirSync(root).find((name) => name.startsWith('v8-') && name !== path.basename(recent) && name !== 'v8-9.0.0-link')!);
      pruneStaleVersionDirectories(current, Date.now() + STALE_VERSION_DAYS * day);
      assert.equal(fs.existsSync(recent), false);
      assert.equal(fs.existsSync(current), true);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('a cache that cannot be written (a file where the directory should be) changes nothing', () => {
    const blocked = path.join(root, 'blocked');
    fs.writeFileSync(blocked, '');
    assert.deepEqual(lint(blocked), expected);
    const withErrors = lint(blocked, TYPO);
    assert.equal(withErrors.code, 1);
    assert.deepEqual(withErrors, lint('off', TYPO));
  });
});
