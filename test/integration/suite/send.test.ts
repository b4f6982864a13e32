import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAll, open, waitFor, workspaceUri, readHostLogs } from './helpers';

/** Answers for the dialogs "Send Update" would show a person (see SendPrompts). */
function answer(api: any, answers: Partial<{ lintGate: 'Show Problems' | 'Send Anyway' | undefined; production: boolean; approve: boolean; targetId: string | undefined }>) {
  const asked: string[] = [];
  api.sender.prompts = {
    lintGate: async (message: string) => (asked.push(`lint: ${message}`), answers.lintGate),
    confirmProduction: async (message: string) => (asked.push(`production: ${message}`), answers.production ?? false),
    approveOrigin: async (message: string) => (asked.push(`approve: ${message}`), answers.approve ?? false),
    targetId: async (options: vscode.InputBoxOptions) => {
      asked.push(`id: ${options.prompt}`);
      const id = answers.targetId;
      // The input box validates like the real one would.
      return id && !(await options.validateInput?.(id)) ? id : undefined;
    },
  };
  return asked;
}

async function send(uri: vscode.Uri, options: Record<string, unknown> = {}) {
  return vscode.commands.executeCommand<any>('esignDrafts.sendUpdate', uri, options);
}

describe('Send Update against the local sandbox', function () {
  let api: any;
  let sandbox: any;

  before(async () => {
    await open('payloads', 'clean.ignisign.json');
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor('activation', () => extension.isActive);
    api = extension.exports;
    const port = await vscode.commands.executeCommand<number>('esignDrafts.startSandbox');
    assert.ok(port && port > 0, 'Start Local Sandbox returns its port');
    sandbox = api.sandbox.instance;
    assert.equal(api.environments.localSandboxPort, port, 'the local-sandbox environments point at the in-process sandbox');
  });

  beforeEach(() => {
    sandbox.reset();
    answer(api, {});
  });

  afterEach(closeAll);

  after(async () => {
    await vscode.commands.executeCommand('esignDrafts.stopSandbox');
  });

  it('sends an Ignisign update: 200, the response view, and the file untouched', async () => {
    const uri = workspaceUri('payloads', 'clean.ignisign.json');
    const before = fs.readFileSync(uri.fsPath);
    const outcome = await send(uri);
    assert.equal(outcome?.status, 200, JSON.stringify(outcome?.error));
    assert.equal(outcome.ok, true);
    assert.deepEqual(fs.readFileSync(uri.fsPath), before, 'the payload file is byte-identical');
    const put = sandbox.requests.find((r: any) => r.method === 'PUT');
    assert.ok(put, 'the sandbox received the PUT');
    const sent = JSON.parse(put.body);
    assert.equal(sent.$request, undefined, '$ metadata keys are never sent');
    assert.equal(sent.title, 'Employment contract — Jane Doe');
    assert.equal(put.headers.authorization, 'Bearer ***', 'a bearer token was sent (masked in the log)');
    const html = await waitFor('the response view', () => api.panels.htmlOf(uri));
    assert.match(html, /id="status"[^>]*data-status="200"/);
    assert.match(html, /Employment contract — Jane Doe/);
  });

  it('sends a Zigned update with the OAuth token flow', async () => {
    const uri = workspaceUri('payloads', 'clean.zigned.json');
    const outcome = await send(uri);
    assert.equal(outcome?.status, 200, JSON.stringify(outcome?.error));
    assert.ok(sandbox.requests.some((r: any) => r.path === '/oauth/token' && r.method === 'POST'));
    const summary = api.panels.htmlOf(uri);
    assert.match(summary, /AES/);
    assert.match(summary, /Test mode/);
  });

  it('refuses to send with lint errors unless the user says "Send Anyway"', async () => {
    const uri = workspaceUri('payloads', 'send', 'lint-error.ignisign.json');
    let asked = answer(api, { lintGate: undefined });
    assert.equal(await send(uri), undefined);
    assert.equal(asked.length, 1);
    assert.match(asked[0], /lint error/);
    assert.equal(sandbox.requests.length, 0, 'nothing was sent');
    asked = answer(api, { lintGate: 'Send Anyway' });
    const outcome = await send(uri);
    assert.equal(outcome.status, 400, 'the sandbox refuses the invalid body');
    assert.match(api.panels.htmlOf(uri), /BODY_VALIDATION_FAILED/);
  });

  it('explains an unknown id (404) and a request that is no longer a draft', async () => {
    const unknown = await send(workspaceUri('payloads', 'send', 'unknown-id.ignisign.json'));
    assert.equal(unknown.status, 404);
    assert.match(api.panels.htmlOf(workspaceUri('payloads', 'send', 'unknown-id.ignisign.json')), /SIGNATURE_REQUEST_NOT_FOUND/);
    const published = await send(workspaceUri('payloads', 'send', 'published.ignisign.json'));
    assert.equal(published.status, 400);
    assert.match(api.panels.htmlOf(workspaceUri('payloads', 'send', 'published.ignisign.json')), /SIGNATURE_REQUEST_BAD_STATUS/);
  });

  it('renews an outdated token once and sends again', async () => {
    const uri = workspaceUri('payloads', 'clean.ignisign.json');
    assert.equal((await send(uri)).status, 200);
    sandbox.clearRequests();
    sandbox.expireTokens();
    const outcome = await send(uri);
    assert.equal(outcome.status, 200);
    assert.ok(outcome.notes.some((n: string) => /renewed/.test(n)), outcome.notes.join(' | '));
    const paths = sandbox.requests.map((r: any) => `${r.method} ${r.path}`);
    assert.deepEqual(paths, ['PUT /v3/signature-requests/65f1c2a9e4b0a1b2c3d4e5f6', 'POST /v3/auth/app-api', 'PUT /v3/signature-requests/65f1c2a9e4b0a1b2c3d4e5f6'], 'the refused PUT, one login, one PUT');
  });

  it('asks for the target id when the file has none, validates it and remembers it', async () => {
    const uri = workspaceUri('payloads', 'send', 'no-id.zigned.json');
    let asked = answer(api, { targetId: 'not-a-cuid' });
    assert.equal(await send(uri), undefined, 'an invalid id is refused by the input validation');
    assert.equal(sandbox.requests.length, 0);
    asked = answer(api, { targetId: 'clx0f3k2p0002abcd1234efgh' });
    const outcome = await send(uri);
    assert.equal(outcome.status, 200);
    assert.equal(asked.filter((a) => a.startsWith('id:')).length, 1);
    assert.ok(sandbox.requests.some((r: any) => r.path.endsWith('/agreements/clx0f3k2p0002abcd1234efgh')));
  });

  it('substitutes variables from the environment, and blocks the send while one is undefined', async () => {
    // A file naming its environment: lint checks {{orderKey}} against it, as `esign-drafts lint` does, and the gate blocks.
    const pinned = workspaceUri('payloads', 'send', 'variables-pinned.zigned.json');
    fs.writeFileSync(pinned.fsPath, '{\n  "$request": { "id": "clx0f3k2p0001abcd1234efgh", "environment": "local-sandbox" },\n  "trust_level": "SES",\n  "lookup_key": "{{orderKey}}"\n}\n');
    try {
      const asked = answer(api, { lintGate: undefined });
      assert.equal(await send(pinned), undefined, 'unresolved variable blocks');
      assert.match(asked[0], /lint error/);
    } finally {
      fs.rmSync(pinned.fsPath, { force: true });
    }
    // A file naming none: lint cannot know where it goes (nor can CI), so the send itself refuses, before anything is sent.
    const uri = workspaceUri('payloads', 'send', 'variables.zigned.json');
    const asked = answer(api, { lintGate: undefined });
    assert.equal(await send(uri), undefined, 'unresolved variable blocks');
    assert.deepEqual(asked.filter((a) => a.startsWith('lint:')), []);
    assert.ok(!sandbox.requests.some((r: any) => r.method === 'PUT'), 'nothing was sent');
    const config = vscode.workspace.getConfiguration('esignDrafts');
    await config.update('environments', [{ name: 'local-sandbox', provider: 'zigned', variables: { orderKey: 'order-42' } }], vscode.ConfigurationTarget.Workspace);
    try {
      const outcome = await send(uri);
      assert.equal(outcome?.status, 200, JSON.stringify(outcome?.error));
      const put = sandbox.requests.find((r: any) => r.method === 'PUT');
      assert.equal(JSON.parse(put.body).lookup_key, 'order-42');
      assert.match(fs.readFileSync(uri.fsPath, 'utf8'), /\{\{orderKey\}\}/, 'the file keeps its variable');
    } finally {
      await config.update('environments', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('never sends credentials to a base URL the user has not approved', async () => {
    const config = vscode.workspace.getConfiguration('esignDrafts');
    await config.update('environments', [{ name: 'foreign-staging', provider: 'ignisign', baseUrl: 'https://esign-staging.example.invalid', appId: 'appId_x', appEnv: 'STAGING' }], vscode.ConfigurationTarget.Workspace);
    try {
      await api.calls.resetApprovals();
      const uri = workspaceUri('payloads', 'send', 'foreign.ignisign.json');
      // Credentials exist for it, so the trust question is the only thing in the way.
      await api.calls.secrets.set(api.recognizer.providerFor(await vscode.workspace.openTextDocument(uri)), { name: 'foreign-staging', provider: 'ignisign', appId: 'appId_x', appEnv: 'STAGING' }, { secret: 'sk_staging_do_not_leak_1234' });
      let asked = answer(api, { approve: false });
      assert.equal(await send(uri), undefined);
      assert.ok(asked.some((a) => a.startsWith('approve: ') && a.includes('https://esign-staging.example.invalid')), asked.join(' | '));
      assert.equal(api.calls.approvedOrigins().size, 0, 'a refusal is not remembered');
      asked = answer(api, { approve: true });
      const outcome = await send(uri);
      assert.ok(api.calls.approvedOrigins().has('https://esign-staging.example.invalid'), 'the approval is remembered (user-level state)');
      assert.equal(outcome.ok, false);
      assert.equal(outcome.error.kind, 'network', 'the host does not exist: a network error, after approval');
      asked = answer(api, { approve: false });
      await send(uri);
      assert.equal(asked.filter((a) => a.startsWith('approve')).length, 0, 'not asked again');
    } finally {
      await api.calls.resetApprovals();
      await config.update('environments', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('never sends credentials over plain http to another machine, approved or not, and does not offer to approve it', async function () {
    // A real server on this machine's non-loopback address: it would accept anything it is sent.
    const address = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (!address) this.skip();
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      received.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"jwtToken":"t"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const host = `${address}:${(server.address() as AddressInfo).port}`;
    const config = vscode.workspace.getConfiguration('esignDrafts');
    const environment = { name: 'foreign-staging', provider: 'ignisign', baseUrl: `http://${host}`, appId: 'appId_x', appEnv: 'STAGING' };
    await config.update('environments', [environment], vscode.ConfigurationTarget.Workspace);
    try {
      const uri = workspaceUri('payloads', 'send', 'foreign.ignisign.json');
      const profile = api.recognizer.providerFor(await vscode.workspace.openTextDocument(uri));
      await api.calls.secrets.set(profile, environment, { secret: 'sk_staging_do_not_leak_1234' });
      // Approvals stored earlier, in every spelling: none makes plain http acceptable.
      await api.calls['userState'].update('esignDrafts.approvedOrigins', [`http://${host}`, host, `HTTPS://${host.toUpperCase()}/`]);
      assert.deepEqual([...api.calls.approvedOrigins()].sort(), [`http://${host}`, `https://${host}`], 'stored approvals are read as exact origins');
      const asked = answer(api, { approve: true });
      assert.equal(await send(uri), undefined, 'not sent');
      assert.deepEqual(asked.filter((a) => a.startsWith('approve')), [], 'no approval is offered for plain http');
      assert.deepEqual(received, [], 'not one request reached the server');
      const expected = `Not sent: http://${host} is not https: credentials never go unencrypted (http) to a host other than this machine, approved or not. Use https://${host} instead.`;
      await waitFor('the output channel says why', () => readHostLogs(api.logUri).includes(expected));
    } finally {
      server.close();
      await api.calls.resetApprovals();
      await config.update('environments', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('refuses at once a payload path that is a FIFO or a link to /dev/zero, without opening it', async () => {
    const dir = workspaceUri('payloads', 'send').fsPath;
    const fifo = path.join(dir, 'pipe.ignisign.json');
    const zero = path.join(dir, 'zero.ignisign.json');
    execFileSync('mkfifo', [fifo]);
    fs.symlinkSync('/dev/zero', zero);
    try {
      for (const [file, what] of [
        [fifo, 'is a FIFO (named pipe), not a regular file; payloads are read from regular files'],
        [zero, 'is a character device (it links to /dev/zero), not a regular file; payloads are read from regular files'],
      ] as const) {
        // Before the guard, VS Code was asked to open these: the FIFO waited for a writer forever, /dev/zero never ended.
        assert.equal(await send(vscode.Uri.file(file)), undefined);
        assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === file), 'the file was never opened');
        await waitFor(`the output channel says ${path.basename(file)} ${what}`, () => readHostLogs(api.logUri).includes(`${path.basename(file)} ${what}`));
      }
      assert.equal(sandbox.requests.length, 0, 'nothing was sent');
    } finally {
      fs.rmSync(fifo, { force: true });
      fs.rmSync(zero, { force: true });
    }
  });

  it('asks before sending to a production environment', async () => {
    const config = vscode.workspace.getConfiguration('esignDrafts');
    await config.update('environments', [{ name: 'prod-like', provider: 'ignisign', baseUrl: `http://127.0.0.1:${sandbox.port}`, appId: 'appId_sandbox', appEnv: 'DEVELOPMENT', production: true }], vscode.ConfigurationTarget.Workspace);
    try {
      const document = await vscode.workspace.openTextDocument(workspaceUri('payloads', 'clean.ignisign.json'));
      const profile = api.recognizer.providerFor(document);
      await api.environments.setActive(profile, 'prod-like');
      await api.calls.secrets.set(profile, { name: 'prod-like', provider: 'ignisign', appId: 'appId_sandbox', appEnv: 'DEVELOPMENT' }, { secret: sandbox.description.ignisign.secret });
      let asked = answer(api, { production: false });
      assert.equal(await send(document.uri), undefined);
      assert.match(asked.join(), /PRODUCTION environment "prod-like", signature request id 65f1c2a9e4b0a1b2c3d4e5f6/);
      assert.equal(sandbox.requests.length, 0);
      asked = answer(api, { production: true });
      assert.equal((await send(document.uri)).status, 200);
      await api.environments.setActive(profile, 'local-sandbox');
    } finally {
      await config.update('environments', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('retries once after a 429 with Retry-After, and reports it', async () => {
    sandbox.injectFault({ provider: 'ignisign', method: 'PUT', status: 429, retryAfter: '1' });
    const outcome = await send(workspaceUri('payloads', 'clean.ignisign.json'));
    assert.equal(outcome.status, 200);
    assert.ok(outcome.notes.some((n: string) => /Retry-After/.test(n)));
  });

  it('can be cancelled while the server is slow, and the next send works', async () => {
    sandbox.injectFault({ provider: 'ignisign', method: 'PUT', status: 200, delayMs: 10_000 });
    const uri = workspaceUri('payloads', 'clean.ignisign.json');
    const abort = new AbortController();
    const pending = send(uri, { signal: abort.signal });
    await waitFor('the PUT to reach the sandbox', () => sandbox.requests.some((r: any) => r.method === 'PUT'));
    abort.abort();
    const cancelled = await pending;
    assert.equal(cancelled.ok, false);
    assert.equal(cancelled.error.kind, 'cancelled');
    assert.match(api.panels.htmlOf(uri), /cancelled/i);
    assert.equal((await send(uri)).status, 200, 'the next send works');
  });

  it('offers a body over 5 MB as an editor document instead of rendering it', async () => {
    sandbox.injectFault({ provider: 'zigned', method: 'PUT', status: 200, body: { version: '1.0', note: 'x'.repeat(6 * 1024 * 1024) } });
    const uri = workspaceUri('payloads', 'clean.zigned.json');
    const outcome = await send(uri);
    assert.equal(outcome.status, 200);
    const html: string = api.panels.htmlOf(uri);
    assert.match(html, /data-action="openBody"/);
    assert.ok(html.length < 1024 * 1024, `the view stays small (${html.length} characters)`);
  });

  it('keeps a browsable history without secrets', async () => {
    await send(workspaceUri('payloads', 'clean.zigned.json'));
    const entries = api.history.all();
    assert.ok(entries.length >= 1);
    assert.equal(entries[0].entry.status, 200);
    assert.equal(entries[0].entry.provider, 'zigned');
  });

  it('Copy as cURL replaces the token with a placeholder', async () => {
    const uri = workspaceUri('payloads', 'clean.zigned.json');
    await send(uri);
    const curl = api.sender.curlFor(uri);
    assert.match(curl, /curl -X PUT 'http:\/\/127\.0\.0\.1:\d+\/rest\/v3\/agreements\/clx0f3k2p0000abcd1234efgh'/);
    assert.match(curl, /Authorization: Bearer \$\{ESIGN_DRAFTS_TOKEN\}/);
  });

  it('no secret or token appears in anything the extension wrote or showed', async () => {
    const secrets = [
      sandbox.description.ignisign.secret,
      sandbox.description.zigned.clientSecret,
      'sk_staging_do_not_leak_1234',
      ...api.tokens.values(),
    ];
    assert.ok(api.tokens.values().length > 0, 'tokens were issued during the suite');
    const places: Record<string, string> = {
      history: JSON.stringify(api.history.all()),
      curl: [workspaceUri('payloads', 'clean.ignisign.json'), workspaceUri('payloads', 'clean.zigned.json')].map((u) => api.sender.curlFor(u) ?? '').join('\n'),
      webviews: [workspaceUri('payloads', 'clean.ignisign.json'), workspaceUri('payloads', 'clean.zigned.json'), workspaceUri('payloads', 'send', 'lint-error.ignisign.json')].map((u) => api.panels.htmlOf(u) ?? '').join('\n'),
      settings: JSON.stringify(vscode.workspace.getConfiguration('esignDrafts')),
      outputChannel: readHostLogs(api.logUri),
    };
    assert.ok(places.outputChannel.length > 0, 'the output channel log was found and read');
    for (const [place, text] of Object.entries(places)) {
      for (const secret of secrets) assert.ok(!text.includes(secret), `${place} contains a secret or token (${secret.slice(0, 6)}…)`);
    }
  });
});

