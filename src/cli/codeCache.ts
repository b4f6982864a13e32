import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * A V8 code cache for the CLI's own bundles (dist/cli-*.js and dist/validators/*.js).
 *
 * Compiling them is most of what `esign-drafts lint` costs above Node's own start, and Node 20
 * caches nothing between runs (module.enableCompileCache is Node 22). So the first run of a
 * bundle stores V8's compiled code, taken at exit so that it holds the functions the run used;
 * later runs hand it back to V8. It is only a cache: any failure to read, write or use it means
 * compiling as usual, and V8 itself refuses data from another V8 version or other flags.
 *
 * Each entry is keyed by the bundle's name, the hash of its text the build recorded, its length
 * and mtime, so a rebuilt, upgraded or edited bundle never runs stale code (hashing the text at
 * each start would cost as much as a good part of what the cache saves); writing a new entry
 * removes the bundle's older ones, and the directories of other V8 versions no run has written to
 * for STALE_VERSION_DAYS (a Node upgrade leaves the old version's directory behind).
 * ESIGN_DRAFTS_CODE_CACHE names another directory, or turns the cache off ("off").
 */

/** The directory entries go to, or undefined when the cache is off. Per user and per V8 version. */
export function codeCacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  const chosen = env.ESIGN_DRAFTS_CODE_CACHE;
  if (chosen !== undefined && chosen !== '') return /^(off|0|false|no)$/i.test(chosen) ? undefined : path.resolve(chosen, versionDirectory());
  try {
    const base = platform === 'win32' ? env.LOCALAPPDATA : platform === 'darwin' ? path.join(homeDirectory(env), 'Library', 'Caches') : env.XDG_CACHE_HOME || path.join(homeDirectory(env), '.cache');
    return base ? path.join(base, 'esign-drafts', 'code-cache', versionDirectory()) : undefined;
  } catch {
    // No home directory: no cache.
    return undefined;
  }
}

/** $HOME, as os.homedir() reads it first; node:os only when it is unset (one module fewer at each start). */
function homeDirectory(env: NodeJS.ProcessEnv): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return env.HOME || (require('node:os') as typeof import('node:os')).homedir();
}

function versionDirectory(): string {
  return `v8-${process.versions.v8}-${process.arch}`;
}

const VERSION_DIRECTORY = /^v8-[0-9A-Za-z.-]+$/;

/**
 * How long another V8 version's directory is kept after its last write. Not at once: two Node
 * versions used in turns (nvm, a CI image and a laptop) would otherwise delete each other's
 * cache on every run. Entries are written on a miss only, so an unused version's directory stops
 * changing.
 */
export const STALE_VERSION_DAYS = 30;

/**
 * Removes the other V8 versions' directories beside `directory` (its parent's `v8-*` entries)
 * last written more than STALE_VERSION_DAYS ago. Only real directories: a link is left alone.
 */
export function pruneStaleVersionDirectories(directory: string, now = Date.now()): void {
  const parent = path.dirname(directory);
  const current = path.basename(directory);
  for (const name of fs.readdirSync(parent)) {
    if (name === current || !VERSION_DIRECTORY.test(name)) continue;
    const candidate = path.join(parent, name);
    try {
      const stat = fs.lstatSync(candidate);
      if (stat.isDirectory() && now - stat.mtimeMs > STALE_VERSION_DAYS * 86_400_000) fs.rmSync(candidate, { recursive: true, force: true });
    } catch {
      // Another run removed it first, or it cannot be removed: it is never read either way.
    }
  }
}

/**
 * The file an entry goes to: "<bundle>-<build hash>-<length>-<mtime>.bin". The build hash is the
 * bundle's content hash, written by the build (dist/code-cache-keys.json); length and mtime make
 * a bundle changed since (rebuilt in watch mode, edited) another entry too.
 */
export function cacheEntryName(bundleFile: string, buildHash: string, length: number, mtimeMs: number): string {
  return `${path.basename(bundleFile, '.js')}-${buildHash}-${length.toString(36)}-${Math.trunc(mtimeMs).toString(36)}.bin`;
}

/** The manifest the build writes beside the bundles: bundle path (relative, "/"-separated) → content hash. */
export const BUILD_HASHES_FILE = 'code-cache-keys.json';

/** The bundles under `bundleDir` the build hashed, by absolute path; empty when the manifest is absent or unreadable. */
export function readBuildHashes(bundleDir: string): Map<string, string> {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(bundleDir, BUILD_HASHES_FILE), 'utf8')) as Record<string, unknown>;
    return new Map(Object.entries(manifest).filter((e): e is [string, string] => typeof e[1] === 'string' && /^[0-9a-f]{16}$/.test(e[1])).map(([file, hash]) => [path.join(bundleDir, ...file.split('/')), hash]));
  } catch {
    return new Map();
  }
}

const ENTRY = /^(.+)-[0-9a-f]{16}-[0-9a-z]+-[0-9a-z]+\.bin$/;

interface LoaderModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

/**
 * Compiles the bundles the build hashed (`buildHashes`, by absolute path) through the cache from
 * now on (Node's loader still resolves, caches and wraps them as usual); everything else
 * compiles as before.
 */
export function installCodeCache(directory: string, buildHashes: ReadonlyMap<string, string>): void {
  if (buildHashes.size === 0 || !trustedDirectory(directory)) return;
  const loader = (Module as unknown as { prototype: LoaderModule; wrap(source: string): string }).prototype;
  const wrap = (Module as unknown as { wrap(source: string): string }).wrap;
  const original = loader._compile;
  const toWrite: { file: string; script: vm.Script }[] = [];
  loader._compile = function (this: LoaderModule & Module, content: string, filename: string): unknown {
    const buildHash = buildHashes.get(filename);
    if (buildHash === undefined) return original.call(this, content, filename);
    let file: string;
    let cachedData: Buffer | undefined;
    try {
      file = path.join(directory, cacheEntryName(filename, buildHash, content.length, fs.statSync(filename).mtimeMs));
    } catch {
      return original.call(this, content, filename);
    }
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push({ file, script });
    const run = script.runInThisContext({ displayErrors: true }) as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => unknown;
    return run.call(this.exports, this.exports, Module.createRequire(filename), this, filename, path.dirname(filename));
  };
  // At exit, so that the data holds the functions this run compiled lazily (the next run needs the same).
  process.once('exit', () => {
    for (const { file, script } of toWrite) writeEntry(directory, file, script);
  });
}

/**
 * V8 runs cached code as it finds it, so entries are only read from a directory that no one but
 * this user can write to: one that does not exist yet (it is created so), or one this user owns
 * that is not group- or world-writable. Otherwise (say, a run as root with another user's HOME)
 * the cache is off. Windows has no such modes: there the per-user LOCALAPPDATA is the guard.
 */
export function trustedDirectory(directory: string): boolean {
  if (typeof process.getuid !== 'function') return true;
  try {
    const stat = fs.statSync(directory);
    return stat.isDirectory() && stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

function writeEntry(directory: string, file: string, script: vm.Script): void {
  const partial = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    // Before serialising (which costs): a read-only cache would otherwise cost it at every run.
    fs.accessSync(directory, fs.constants.W_OK);
    // Written aside then renamed: a concurrent run reads the old entry or the new one, never half of one.
    fs.writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(partial, file);
    const bundle = ENTRY.exec(path.basename(file))?.[1];
    for (const entry of fs.readdirSync(directory)) {
      if (entry !== path.basename(file) && ENTRY.exec(entry)?.[1] === bundle) fs.rmSync(path.join(directory, entry), { force: true });
    }
    pruneStaleVersionDirectories(directory);
  } catch {
    // A cache: failing to keep it is never a reason to fail the command.
    try {
      fs.rmSync(partial, { force: true });
    } catch {
      // Nothing more to do: a stray .tmp file is never read.
    }
  }
}
