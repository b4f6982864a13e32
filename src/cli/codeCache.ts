import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
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
 * Each entry is keyed by the bundle's name, length and a hash of its text, so a rebuilt or
 * upgraded bundle never runs stale code; writing a new entry removes the bundle's older ones.
 * ESIGN_DRAFTS_CODE_CACHE names another directory, or turns the cache off ("off").
 */

/** The directory entries go to, or undefined when the cache is off. Per user and per V8 version. */
export function codeCacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  const chosen = env.ESIGN_DRAFTS_CODE_CACHE;
  if (chosen !== undefined && chosen !== '') return /^(off|0|false|no)$/i.test(chosen) ? undefined : path.resolve(chosen, versionDirectory());
  try {
    const base = platform === 'win32' ? env.LOCALAPPDATA : platform === 'darwin' ? path.join(os.homedir(), 'Library', 'Caches') : env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    return base ? path.join(base, 'esign-drafts', 'code-cache', versionDirectory()) : undefined;
  } catch {
    // No home directory: no cache.
    return undefined;
  }
}

function versionDirectory(): string {
  return `v8-${process.versions.v8}-${process.arch}`;
}

/** FNV-1a over the UTF-16 code units: cheap next to compiling, and enough to tell two builds apart. */
export function textHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The file an entry goes to: "<bundle>-<length>-<hash>.bin". */
export function cacheEntryName(bundleFile: string, source: string): string {
  return `${path.basename(bundleFile, '.js')}-${source.length.toString(36)}-${textHash(source)}.bin`;
}

const ENTRY = /^(.+)-[0-9a-z]+-[0-9a-f]{8}\.bin$/;

interface LoaderModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

/**
 * Compiles the bundles that `isBundle` accepts through the cache from now on (Node's loader
 * still resolves, caches and wraps them as usual); everything else compiles as before.
 */
export function installCodeCache(directory: string, isBundle: (filename: string) => boolean): void {
  const loader = (Module as unknown as { prototype: LoaderModule; wrap(source: string): string }).prototype;
  const wrap = (Module as unknown as { wrap(source: string): string }).wrap;
  const original = loader._compile;
  const toWrite: { file: string; script: vm.Script }[] = [];
  loader._compile = function (this: LoaderModule & Module, content: string, filename: string): unknown {
    if (!isBundle(filename)) return original.call(this, content, filename);
    const file = path.join(directory, cacheEntryName(filename, content));
    let cachedData: Buffer | undefined;
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

function writeEntry(directory: string, file: string, script: vm.Script): void {
  try {
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    // Written aside then renamed: a concurrent run reads the old entry or the new one, never half of one.
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(partial, file);
    const bundle = ENTRY.exec(path.basename(file))?.[1];
    for (const entry of fs.readdirSync(directory)) {
      if (entry !== path.basename(file) && ENTRY.exec(entry)?.[1] === bundle) fs.rmSync(path.join(directory, entry), { force: true });
    }
  } catch {
    // A cache: failing to keep it is never a reason to fail the command.
  }
}
