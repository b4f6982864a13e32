/**
 * The glob machinery lint needs only for glob patterns and config "files" globs: tinyglobby,
 * fdir and picomatch, about 40 KB. In dist/ it is a bundle of its own (dist/cli-glob.js,
 * scripts/build.mjs), required on first need, so that `esign-drafts lint file.json` without such
 * globs does not compile it.
 */
export { globSync, isDynamicPattern } from 'tinyglobby';
export { globMatches } from './globMatches';
