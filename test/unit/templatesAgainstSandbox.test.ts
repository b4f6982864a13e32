import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVIDERS } from '../../src/core/providers/registry';
import { prepareBody, requestMetadata } from '../../src/core/send/prepareBody';
import { sendUpdate } from '../../src/core/send/sendUpdate';
import { TokenCache } from '../../src/core/send/tokenCache';
import { expandSnippetDefaults, parseSnippetFile } from '../../src/core/snippets';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server';
import { REPO_ROOT } from './lintSupport';

/**
 * Every whole-payload template (what New Payload and an empty file offer), its placeholders
 * filled with their defaults, is accepted by the bundled sandbox: a new user's first send from a
 * template gets a 2xx, not a 400 about an id only the template knows.
 */
describe('templates against the local sandbox', () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  after(() => sandbox.close());

  for (const profile of PROVIDERS) {
    const snippets = parseSnippetFile(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'snippets', `${profile.id}.json`), 'utf8')));
    for (const snippet of snippets.filter((s) => expandSnippetDefaults(s.body).trimStart().startsWith('{'))) {
      it(`${snippet.prefix}: sent as filled in, the sandbox answers 2xx`, async () => {
        sandbox.reset();
        const value: unknown = JSON.parse(expandSnippetDefaults(snippet.body));
        const { environment, credentials } = profile.send.localSandbox(sandbox.port);
        const targetId = requestMetadata(value, {}).id ?? (profile.id === 'zigned' ? sandbox.description.zigned.draftIds[0] : sandbox.description.ignisign.draftIds[0]);
        assert.ok(targetId);
        const outcome = await sendUpdate({ profile, environment, credentials, targetId, body: prepareBody(value, environment.variables ?? {}), tokens: new TokenCache(), approvedOrigins: new Set(), timeoutMs: 5000 });
        assert.ok(outcome.ok, `${outcome.status}: ${outcome.exchange?.bodyText ?? outcome.error?.message}`);
      });
    }
  }
});
