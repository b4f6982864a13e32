import Module = require('node:module');

/**
 * Node's own on-disk compile cache for the command bundles, where Node has one.
 *
 * `module.enableCompileCache()` came in Node 22.1. It keeps V8's compiled code under Node's
 * default directory (NODE_COMPILE_CACHE, else `<tmpdir>/node-compile-cache`), checks each entry
 * against a hash of the source it was compiled from, and is turned off by
 * NODE_DISABLE_COMPILE_CACHE=1. On Node 20 there is no such function and nothing is cached.
 *
 * The CLI keeps no cache of its own: the one it had patched Node's private
 * `Module.prototype._compile` and ran data another local user could plant (round-three hardening).
 */
export function enableNodeCompileCache(): void {
  const enable = (Module as unknown as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (typeof enable !== 'function') return;
  try {
    enable();
  } catch {
    // Only a cache: a directory Node cannot use means compiling as usual.
  }
}
