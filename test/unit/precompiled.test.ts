import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileAtRuntime, hasPrecompiledValidator, validatorFor } from '../../src/core/lint/schemaValidator';
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
});
