import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import configSchema from '../../schemas/esign-drafts.config.schema.json';
import { compileAtRuntime, hasPrecompiledValidator, validateAgainst, validatorFor } from '../../src/core/lint/schemaValidator';
import { PROVIDERS } from '../../src/core/providers/registry';
import { REPO_ROOT } from './lintSupport';

function corpusFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? corpusFiles(path.join(dir, e.name)) : e.name.endsWith('.json') && !e.name.endsWith('.expect.json') ? [path.join(dir, e.name)] : []));
}

function errorsOf(validate: ReturnType<typeof compileAtRuntime>, value: unknown) {
  validate(value);
  return (validate.errors ?? []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword, params: e.params, message: e.message, schemaPath: e.schemaPath }));
}

describe('validators precompiled at build time', () => {
  for (const profile of PROVIDERS) {
    for (const schema of [profile.updateSchema, profile.responseSchema]) {
      it(`${schema.$id as string} is precompiled and reports exactly what a runtime compile reports`, () => {
        assert.ok(hasPrecompiledValidator(schema), 'the build generated it (scripts/precompile-validators.mjs)');
        const runtime = compileAtRuntime(schema);
        const built = validatorFor(schema);
        const samples = corpusFiles(path.join(REPO_ROOT, 'test', 'fixtures', 'schema-corpus', profile.id)).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
        samples.push({}, [], 'text', null, { title: 42, language: 'xx', theme: { id: 1, disconnect: true }, status: 'DRAFT', $request: { id: 3 } });
        for (const sample of samples) assert.deepEqual(errorsOf(built, sample), errorsOf(runtime, sample));
      });
    }
  }

  it('the config schema is precompiled too and reports what a runtime compile reports', () => {
    const schema = configSchema as Record<string, unknown>;
    assert.ok(hasPrecompiledValidator(schema));
    const samples = [{}, { rules: { 'duplicate-key': 'loud' } }, { environments: [{ name: 'x' }], files: { '*.json': 'docusign' } }, { rulez: {} }, []];
    for (const sample of samples) assert.deepEqual(errorsOf(validatorFor(schema), sample), errorsOf(compileAtRuntime(schema), sample));
  });

  it('a schema without a build-time validator file is compiled at runtime', () => {
    // Our $id form, but no such file under validators/: looked up, absent, compiled.
    const missing = { $id: 'https://esign-drafts.dev/schemas/not-built.schema.json', type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    assert.equal(hasPrecompiledValidator(missing), false);
    assert.deepEqual(validateAgainst(missing, {}).map((e) => e.keyword), ['required']);
    // An $id that is not one of ours, or that would name a path outside validators/, is never looked up.
    for (const $id of ['https://example.com/schemas/ignisign-v3-update-signature-request.schema.json', 'https://esign-drafts.dev/schemas/../../cli.schema.json']) {
      assert.equal(hasPrecompiledValidator({ $id, type: 'string' }), false, $id);
      assert.deepEqual(validateAgainst({ $id, type: 'string' }, 3).map((e) => e.keyword), ['type']);
    }
  });
});
