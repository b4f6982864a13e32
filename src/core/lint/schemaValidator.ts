import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import editorKeywords from '../../../schemas/editor-keywords.json';

/**
 * Keywords our schemas carry for VS Code's JSON language service (hover, completion, messages).
 * Ajv ignores them, but strict mode wants them declared. Shared with the build-time precompile.
 */
export const EDITOR_KEYWORDS: string[] = editorKeywords;

let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();
let precompiled: Record<string, ValidateFunction> | undefined;

/**
 * Validators compiled at build time (scripts/precompile-validators.mjs), by schema $id. Absent
 * when running from sources that were not built; then schemas are compiled on first use.
 */
function precompiledValidators(): Record<string, ValidateFunction> {
  if (!precompiled) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      precompiled = require('./generated/validators.js') as Record<string, ValidateFunction>;
    } catch {
      precompiled = {};
    }
  }
  return precompiled;
}

/** The options scripts/precompile-validators.mjs uses too: both must report the same errors. */
function newAjv(): Ajv {
  // verbose: errors carry parentSchema and data, which the messages and suggestions need.
  const instance = new Ajv({ allErrors: true, strict: true, verbose: true, allowUnionTypes: true });
  addFormats(instance);
  instance.addVocabulary(EDITOR_KEYWORDS);
  return instance;
}

function sharedAjv(): Ajv {
  return (ajv ??= newAjv());
}

/** Compiles a schema once per process; later calls reuse the validator. */
export function hasPrecompiledValidator(schema: Record<string, unknown>): boolean {
  return typeof schema.$id === 'string' && typeof precompiledValidators()[schema.$id] === 'function';
}

export function validatorFor(schema: Record<string, unknown>, options: { precompiled?: boolean } = {}): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const id = typeof schema.$id === 'string' ? schema.$id : undefined;
    validate = (options.precompiled !== false && id ? precompiledValidators()[id] : undefined) ?? sharedAjv().compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** A validator compiled now, bypassing the build-time ones (tests compare the two). */
export function compileAtRuntime(schema: Record<string, unknown>): ValidateFunction {
  return newAjv().compile(schema);
}

export function validateAgainst(schema: Record<string, unknown>, value: unknown): ErrorObject[] {
  const validate = validatorFor(schema);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
