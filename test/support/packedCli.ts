import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** npm without its network chatter (audit, fund, update check). */
export const QUIET_NPM_ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

let packed: { dir: string; tarball: string; files: string[] } | undefined;

/**
 * `npm pack ./packages/cli` (its prepack builds the CLI) into a temporary folder, once per test
 * run: the tarball the package tests install. Removed when the process exits.
 */
export function packedCli(): { tarball: string; files: string[] } {
  if (packed) return packed;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esign-drafts-pack-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const result = spawnSync(NPM, ['pack', './packages/cli', '--pack-destination', dir, '--json'], { cwd: REPO_ROOT, encoding: 'utf8', env: QUIET_NPM_ENV });
  assert.equal(result.status, 0, result.stderr);
  const [info] = JSON.parse(result.stdout.slice(result.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  packed = { dir, tarball: path.join(dir, info.filename), files: info.files.map((f) => f.path).sort() };
  return packed;
}

/** Installs the packed CLI into a new global prefix under `dir` (offline: it has no dependencies); returns the `esign-drafts` it links. */
export function installPackedCli(dir: string): string {
  const prefix = path.join(dir, 'prefix');
  const installed = spawnSync(NPM, ['install', '-g', '--prefix', prefix, '--offline', packedCli().tarball], { cwd: dir, encoding: 'utf8', env: QUIET_NPM_ENV });
  assert.equal(installed.status, 0, installed.stdout + installed.stderr);
  return path.join(prefix, 'bin', 'esign-drafts');
}
