import path = require('node:path');
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();
/** Build-time validators already looked up, by schema $id (undefined: none for that schema). */
const precompiled = new Map<string, ValidateFunction | undefined>();

/** Only our own schemas have build-time validators; the $id names the file (scripts/precompile-validators.mjs). */
const OWN_SCHEMA_BASE = 'https://esign-drafts.dev/schemas/';
const OWN_SCHEMA_ID = /^https:\/\/esign-drafts\.dev\/schemas\/([a-z0-9][a-z0-9.-]*)\.schema\.json$/;

/**
 * The validator compiled at build time for this $id (scripts/precompile-validators.mjs): one
 * module per schema, beside the bundle in dist/validators/ (out/src/core/lint/validators/ for the
 * unit tests), required the first time that schema is validated so that linting one provider's
 * file loads only that provider's validator. Undefined when absent (running from sources that
 * were not built): the schema is then compiled on first use.
 */
function precompiledValidator(id: string): ValidateFunction | undefined {
  if (!precompiled.has(id)) {
    const name = OWN_SCHEMA_ID.exec(id)?.[1];
    let validate: ValidateFunction | undefined;
    if (name) {
      try {
        // A path, not a literal: bundlers leave it to Node, which finds the file beside the bundle.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const loaded: unknown = require(path.join(__dirname, 'validators', `${name}.js`));
        validate = typeof loaded === 'function' ? (loaded as ValidateFunction) : undefined;
      } catch {
        validate = undefined;
      }
    }
    precompiled.set(id, validate);
  }
  return precompiled.get(id);
}

/** Ajv's compiler, loaded on first need only (see runtimeCompiler.ts). */
function newAjv(): Ajv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./runtimeCompiler') as typeof import('./runtimeCompiler')).newAjv();
}

function sharedAjv(): Ajv {
  return (ajv ??= newAjv());
}

/** Whether the build generated a validator for this schema (tests check every provider's is there). */
export function hasPrecompiledValidator(schema: Record<string, unknown>): boolean {
  return typeof schema.$id === 'string' && precompiledValidator(schema.$id) !== undefined;
}

/** Compiles a schema once per process (or loads its build-time validator); later calls reuse the validator. */
export function validatorFor(schema: Record<string, unknown>, options: { precompiled?: boolean } = {}): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const id = typeof schema.$id === 'string' ? schema.$id : undefined;
    validate = (options.precompiled !== false && id ? precompiledValidator(id) : undefined) ?? sharedAjv().compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** A validator compiled now, bypassing the build-time ones (tests compare the two). */
export function compileAtRuntime(schema: Record<string, unknown>): ValidateFunction {
  return newAjv().compile(schema);
}

export function validateAgainst(schema: Record<string, unknown>, value: unknown): ErrorObject[] {
  return errorsOf(validatorFor(schema), value);
}

function errorsOf(validate: ValidateFunction, value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/**
 * The errors of `value` against one of our own schemas, named by its file under schemas/ (its
 * $id is the base URL plus that name, which the build checks). The build-time validator is found
 * by that name, so a valid value costs no parse of the schema itself: `schema` is called only
 * when there is no such validator (running from unbuilt sources). Callers that turn errors into
 * findings need the schema then, and only then.
 */
export function validateAgainstOwnSchema(schemaFile: string, schema: () => Record<string, unknown>, value: unknown): ErrorObject[] {
  return errorsOf(precompiledValidator(OWN_SCHEMA_BASE + schemaFile) ?? validatorFor(schema()), value);
}
