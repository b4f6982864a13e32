import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Keywords our schemas carry for VS Code's JSON language service (hover, completion, messages).
 * Ajv ignores them, but strict mode wants them declared.
 */
export const EDITOR_KEYWORDS = [
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'defaultSnippets',
  'doNotSuggest',
  'errorMessage',
  'patternErrorMessage',
  'deprecationMessage',
  'x-responseOnlyFields',
];

let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

function sharedAjv(): Ajv {
  if (!ajv) {
    // verbose: errors carry parentSchema and data, which the messages and suggestions need.
    ajv = new Ajv({ allErrors: true, strict: true, verbose: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addVocabulary(EDITOR_KEYWORDS);
  }
  return ajv;
}

/** Compiles a schema once per process; later calls reuse the validator. */
export function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = sharedAjv().compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

export function validateAgainst(schema: Record<string, unknown>, value: unknown): ErrorObject[] {
  const validate = validatorFor(schema);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
