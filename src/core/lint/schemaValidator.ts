import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

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

/** Ajv's compiler, loaded on first need only (see runtimeCompiler.ts). */
function newAjv(): Ajv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./runtimeCompiler') as typeof import('./runtimeCompiler')).newAjv();
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
