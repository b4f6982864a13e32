import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// Compiled to out/test/unit/, so the repository root is three levels up.
const SCHEMA_DIR = path.join(__dirname, '../../../schemas');
const CORPUS_DIR = path.join(__dirname, '../../../test/fixtures/schema-corpus');

/** Editor-only keywords the schemas use: Ajv must know them to compile in strict mode. */
const EDITOR_KEYWORDS = [
  'markdownDescription',
  'enumDescriptions',
  'defaultSnippets',
  'doNotSuggest',
  'errorMessage',
  'patternErrorMessage',
  'deprecationMessage',
  'markdownEnumDescriptions',
  'x-responseOnlyFields',
  'x-normalise',
];

interface Provider {
  name: string;
  updateSchema: string;
  responseSchema: string;
}

const PROVIDERS: Provider[] = [
  {
    name: 'ignisign',
    updateSchema: 'ignisign-v3-update-signature-request.schema.json',
    responseSchema: 'ignisign-v3-signature-request-context.schema.json',
  },
  {
    name: 'ignisign-v4',
    updateSchema: 'ignisign-v4-update-signature-request.schema.json',
    responseSchema: 'ignisign-v4-signature-request-context.schema.json',
  },
  {
    name: 'zigned',
    updateSchema: 'zigned-v3-update-agreement.schema.json',
    responseSchema: 'zigned-v3-agreement-response.schema.json',
  },
];

const MIN_INVALID_UPDATE_EXAMPLES = 12;

type SchemaNode = Record<string, unknown>;

interface Expectation {
  instancePath: string;
  keyword: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
}

function readSchema(file: string): SchemaNode {
  const schema = readJson(path.join(SCHEMA_DIR, file));
  assert.ok(isObject(schema), `${file} is not a JSON object`);
  return schema;
}

/** Example files of a corpus folder (not the .expect.json siblings), sorted; [] when the folder is missing. */
function examples(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

function readExpectation(example: string): Expectation {
  const file = example.replace(/\.json$/, '.expect.json');
  assert.ok(fs.existsSync(file), `${path.basename(example)} has no ${path.basename(file)}`);
  const expectation = readJson(file);
  assert.ok(
    isObject(expectation) && typeof expectation.instancePath === 'string' && typeof expectation.keyword === 'string',
    `${path.basename(file)} must be { "instancePath": string, "keyword": string }`,
  );
  return { instancePath: expectation.instancePath, keyword: expectation.keyword };
}

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addVocabulary(EDITOR_KEYWORDS);
  return ajv;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `  ${e.instancePath || '(root)'} ${e.keyword}: ${e.message ?? ''}`).join('\n');
}

/** A response-only property: `{ "not": {} }`, which nothing can match. */
function isResponseOnly(schema: unknown): boolean {
  return isObject(schema) && isObject(schema.not) && Object.keys(schema.not).length === 0;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Every property path the schema declares ("/a/b", array items as "*"), response-only ones left out. */
function declaredPaths(schema: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (!isObject(schema)) return out;
  if (isObject(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (isResponseOnly(sub)) continue;
      const p = `${prefix}/${escapePointer(name)}`;
      out.add(p);
      declaredPaths(sub, p, out);
    }
  }
  if (isObject(schema.items)) declaredPaths(schema.items, `${prefix}/*`, out);
  for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) for (const branch of branches) declaredPaths(branch, prefix, out);
  }
  return out;
}

/** Every property path present in a JSON value, array indices as "*". */
function presentPaths(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) presentPaths(item, `${prefix}/*`, out);
  } else if (isObject(value)) {
    for (const [name, sub] of Object.entries(value)) {
      const p = `${prefix}/${escapePointer(name)}`;
      out.add(p);
      presentPaths(sub, p, out);
    }
  }
  return out;
}

/** Paths of documented-looking properties that lack description or markdownDescription. */
function undocumentedProperties(schema: unknown, prefix = '', out: string[] = []): string[] {
  if (!isObject(schema)) return out;
  if (isObject(schema.properties)) {
    for (const [name, sub] of Object.entries(schema.properties)) {
      if (isResponseOnly(sub)) continue;
      if (prefix === '' && name.startsWith('$')) continue; // file metadata ($schema, $request)
      const p = `${prefix}/${escapePointer(name)}`;
      if (!isObject(sub) || typeof sub.description !== 'string' || typeof sub.markdownDescription !== 'string') out.push(p);
      undocumentedProperties(sub, p, out);
    }
  }
  if (isObject(schema.items)) undocumentedProperties(schema.items, `${prefix}/*`, out);
  for (const keyword of ['oneOf', 'anyOf', 'allOf']) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) for (const branch of branches) undocumentedProperties(branch, prefix, out);
  }
  return out;
}

/** String values that look like dates (YYYY-MM-DD…), with their paths. */
function dateStrings(value: unknown, prefix = '', out: Array<[string, string]> = []): Array<[string, string]> {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) out.push([prefix, value]);
  else if (Array.isArray(value)) value.forEach((item, i) => dateStrings(item, `${prefix}/${i}`, out));
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) dateStrings(v, `${prefix}/${escapePointer(k)}`, out);
  return out;
}

/** Schema paths (JSON pointers into the schema) where a keyword appears as a schema keyword. */
function pathsWithKeyword(schema: unknown, keyword: string, prefix = '', out: string[] = []): string[] {
  if (Array.isArray(schema)) {
    schema.forEach((item, i) => pathsWithKeyword(item, keyword, `${prefix}/${i}`, out));
  } else if (isObject(schema)) {
    for (const [name, sub] of Object.entries(schema)) {
      if (name === keyword) out.push(`${prefix}/${name}`);
      // Property names and snippet bodies are data, not schema keywords.
      if (name === 'defaultSnippets') continue;
      if (name === 'properties' && isObject(sub)) {
        for (const [prop, propSchema] of Object.entries(sub)) pathsWithKeyword(propSchema, keyword, `${prefix}/properties/${escapePointer(prop)}`, out);
        continue;
      }
      pathsWithKeyword(sub, keyword, `${prefix}/${escapePointer(name)}`, out);
    }
  }
  return out;
}

describe('JSON schemas and their example corpus', () => {
  const ajv = newAjv();
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (file: string): ValidateFunction => {
    let validate = compiled.get(file);
    if (!validate) {
      validate = ajv.compile(readSchema(file));
      compiled.set(file, validate);
    }
    return validate;
  };

  function checkValid(schemaFile: string, example: string): void {
    const validate = validatorFor(schemaFile);
    const ok = validate(readJson(example));
    assert.ok(ok, `${path.basename(example)} should be valid against ${schemaFile}:\n${describeErrors(validate.errors)}`);
  }

  function checkInvalid(schemaFile: string, example: string): void {
    const expected = readExpectation(example);
    const validate = validatorFor(schemaFile);
    const ok = validate(readJson(example));
    assert.equal(ok, false, `${path.basename(example)} should be invalid against ${schemaFile}`);
    const match = (validate.errors ?? []).some((e) => e.instancePath === expected.instancePath && e.keyword === expected.keyword);
    assert.ok(
      match,
      `${path.basename(example)}: expected a "${expected.keyword}" error at "${expected.instancePath}", got:\n${describeErrors(validate.errors)}`,
    );
  }

  for (const provider of PROVIDERS) {
    describe(provider.name, () => {
      const dir = path.join(CORPUS_DIR, provider.name);
      const validUpdates = examples(path.join(dir, 'valid'));
      const invalidUpdates = examples(path.join(dir, 'invalid'));
      const validResponses = examples(path.join(dir, 'responses', 'valid'));
      const invalidResponses = examples(path.join(dir, 'responses', 'invalid'));

      it('compiles the update and response schemas with Ajv in strict mode', () => {
        validatorFor(provider.updateSchema);
        validatorFor(provider.responseSchema);
      });

      it('has a corpus of the expected size', () => {
        assert.ok(validUpdates.length > 0, `no valid update examples in ${dir}`);
        assert.ok(
          invalidUpdates.length >= MIN_INVALID_UPDATE_EXAMPLES,
          `${invalidUpdates.length} invalid update examples, at least ${MIN_INVALID_UPDATE_EXAMPLES} expected`,
        );
        assert.ok(validResponses.length >= 2, 'at least 2 valid response examples expected');
        assert.ok(invalidResponses.length >= 2, 'at least 2 invalid response examples expected');
      });

      for (const example of validUpdates) {
        it(`accepts valid/${path.basename(example)}`, () => checkValid(provider.updateSchema, example));
      }
      for (const example of invalidUpdates) {
        it(`rejects invalid/${path.basename(example)}`, () => checkInvalid(provider.updateSchema, example));
      }
      for (const example of validResponses) {
        it(`accepts responses/valid/${path.basename(example)}`, () => checkValid(provider.responseSchema, example));
      }
      for (const example of invalidResponses) {
        it(`rejects responses/invalid/${path.basename(example)}`, () => checkInvalid(provider.responseSchema, example));
      }

      it('valid update examples together touch every declared property', () => {
        const declared = declaredPaths(readSchema(provider.updateSchema));
        const present = new Set<string>();
        for (const example of validUpdates) presentPaths(readJson(example), '', present);
        // "$lint" lists every rule id (generated from the rule registry): one example uses it, no example needs every rule.
        const missing = [...declared].filter((p) => !present.has(p) && !p.startsWith('/$lint/')).sort();
        assert.deepEqual(missing, [], `properties no valid example uses: ${missing.join(', ')}`);
      });

      it('valid update examples use only future dates', () => {
        const now = Date.now();
        for (const example of validUpdates) {
          for (const [at, value] of dateStrings(readJson(example))) {
            const time = Date.parse(value);
            assert.ok(!Number.isNaN(time) && time > now, `${path.basename(example)}${at}: ${value} is not a future date`);
          }
        }
      });

      it('states no JSON-schema default on the update body (creation defaults are not PUT defaults)', () => {
        // A PUT that leaves a field out is not known to reset it, so a `default` would mislead editors.
        const withDefault = pathsWithKeyword(readSchema(provider.updateSchema), 'default');
        assert.deepEqual(withDefault, [], `\`default\` found at: ${withDefault.join(', ')}`);
      });

      it('documents every property with description and markdownDescription', () => {
        const missing = undocumentedProperties(readSchema(provider.updateSchema));
        assert.deepEqual(missing, [], `properties without description or markdownDescription: ${missing.join(', ')}`);
      });

      it('lists exactly its response-only properties in x-responseOnlyFields, each refused with a message', () => {
        const schema = readSchema(provider.updateSchema);
        const properties = schema.properties;
        assert.ok(isObject(properties));
        const responseOnly = Object.entries(properties).filter(([, sub]) => isResponseOnly(sub));
        const listed = schema['x-responseOnlyFields'];
        assert.ok(Array.isArray(listed), 'x-responseOnlyFields must be an array');
        assert.deepEqual([...listed].sort(), responseOnly.map(([name]) => name).sort());
        const validate = validatorFor(provider.updateSchema);
        for (const [name, sub] of responseOnly) {
          assert.ok(isObject(sub));
          assert.equal(sub.doNotSuggest, true, `${name}: doNotSuggest`);
          assert.ok(typeof sub.errorMessage === 'string' && sub.errorMessage.includes(`\`${name}\``), `${name}: errorMessage must name the field`);
          assert.equal(validate({ [name]: 'x' }), false, `${name} must be refused`);
          assert.ok(
            (validate.errors ?? []).some((e) => e.keyword === 'not' && e.instancePath === `/${escapePointer(name)}`),
            `${name}: expected a "not" error`,
          );
        }
      });
    });
  }
});
