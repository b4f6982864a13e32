// Injected into the CommonJS bundles (scripts/build.mjs): ESM dependencies that call
// createRequire(import.meta.url) (fdir, under tinyglobby) get the bundle's URL, as Node gives them.
/* global __filename -- the bundles are CommonJS modules */
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;
