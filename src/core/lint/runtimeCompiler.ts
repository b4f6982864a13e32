import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import editorKeywords from '../../../schemas/editor-keywords.json';

/**
 * Ajv's schema compiler, only for schemas without a build-time validator (the sandbox's own,
 * tests) and for running from unbuilt sources. schemaValidator.ts requires this module on first
 * need, so that linting with the precompiled validators never loads the compiler.
 */

/**
 * Keywords our schemas carry for VS Code's JSON language service (hover, completion, messages).
 * Ajv ignores them, but strict mode wants them declared. Shared with the build-time precompile.
 */
export const EDITOR_KEYWORDS: string[] = editorKeywords;

/** The options scripts/precompile-validators.mjs uses too: both must report the same errors. */
export function newAjv(): Ajv {
  // verbose: errors carry parentSchema and data, which the messages and suggestions need.
  const instance = new Ajv({ allErrors: true, strict: true, verbose: true, allowUnionTypes: true });
  addFormats(instance);
  instance.addVocabulary(EDITOR_KEYWORDS);
  return instance;
}
