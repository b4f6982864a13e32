import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RunningSandbox } from '../../../src/sandbox/server';
import { scriptDialogs } from './dialogScript';
import { apiWithSandbox, codeOf, open, ours, waitFor, workspaceUri, WorkspaceRestore } from './helpers';
import { IGNISIGN_NOT_DRAFT, IGNISIGN_NO_SIGNERS, IGNISIGN_READY, SIGNER, ZIGNED_DRAFT, runCommand } from './seeded';

const run = runCommand;

describe("The draft's life from the editor, against the local sandbox", function () {
  this.timeout(120_000);
  let api: any;
  let sandbox: RunningSandbox;
  const workspace = new WorkspaceRestore();
  const scratch = workspace.scratch;
  const posts = () => sandbox.requests.filter((r: any) => r.method === 'POST' && !/token|login|auth/.test(r.path));
  const gets = () => sandbox.requests.filter((r: any) => r.method === 'GET');

  function writePayload(name: string, value: unknown): vscode.Uri {
    const uri = workspaceUri('payloads', 'send', name);
    fs.mkdirSync(workspaceUri('payloads', 'send').fsPath, { recursive: true });
    fs.writeFileSync(uri.fsPath, `${JSON.stringify(value, null, 2)}\n`);
    scratch.push(uri.fsPath);
    return uri;
  }

  /** Our diagnostics that rely on a pulled state, once the server has published them. */
  const stateAware = (uri: vscode.Uri) => ours(uri).filter((d) => /relies on the state pulled at/.test(d.message));

  before(async () => {
    ({ api, sandbox } = await apiWithSandbox());
    workspace.remember();
  });

  beforeEach(async () => {
    sandbox.reset();
    api.tokens.clear();
    api.sender.prompts = { ...api.windowPrompts, targetId: async () => undefined, lintGate: async () => undefined, approveOrigin: async () => false };
    scriptDialogs(api);
    await vscode.commands.executeCommand('esignDrafts.forgetPulledStates');
  });

  afterEach(() => workspace.restore(api));

  after(async () => {
    await vscode.commands.executeCommand('esignDrafts.forgetPulledStates');
    await vscode.commands.executeCommand('esignDrafts.stopSandbox');
  });

  it('Pull Draft State: GETs the state, shows it with a summary, keeps it per environment + target, and the code lens offers a refresh', async () => {
    const uri = workspaceUri('payloads', 'clean.ignisign.json');
    await open('payloads', 'clean.ignisign.json');
    const lensTitles = async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).map((l) => l.command?.title ?? '');
    assert.ok((await lensTitles()).includes('$(cloud-download) Pull Draft State'), (await lensTitles()).join(' | '));
    const pulled = await run('pullState', uri);
    assert.equal(pulled?.state.status, 'DRAFT');
    assert.equal(pulled.environment, 'local-sandbox');
    assert.ok(gets().some((r: any) => r.path.endsWith(`/signature-requests/${IGNISIGN_READY}/context`)), 'the context was pulled');
    assert.equal(posts().length + sandbox.requests.filter((r: any) => r.method === 'PUT').length, 0, 'nothing but the GET (and sign-in)');
    assert.deepEqual(api.pulledStates.get('ignisign', 'local-sandbox', IGNISIGN_READY), pulled);
    assert.equal(api.pulledStates.get('ignisign', 'another-environment', IGNISIGN_READY), undefined, 'kept per environment');
    const html = await waitFor('the response view', () => api.panels.htmlOf(uri));
    assert.match(html, /pulled from local-sandbox: DRAFT/);
    assert.match(html, /Ready to publish/);
    const refresh = await waitFor('the refresh lens', async () => (await lensTitles()).find((t) => /^State pulled \d\d:\d\d from local-sandbox ↻$/.test(t)));
    assert.ok(refresh);
    const again = await run('pullState', uri);
    assert.ok(again.pulledAt >= pulled.pulledAt, 'run again: a newer pull');
    assert.equal(gets().filter((r: any) => r.path.endsWith('/context')).length, 2);
  });

  it('never pulls silently from production: asks first, and "Don\'t Pull" (the default) sends nothing', async () => {
    const production = { name: 'prod-like', provider: 'ignisign', baseUrl: `http://127.0.0.1:${sandbox.port}`, appId: 'appId_sandbox', appEnv: 'DEVELOPMENT', production: true };
    await vscode.workspace.getConfiguration('esignDrafts').update('environments', [production], vscode.ConfigurationTarget.Workspace);
    const uri = writePayload('prod.ignisign.json', { $request: { id: IGNISIGN_READY, environment: 'prod-like' }, title: 'Employment contract' });
    const profile = api.recognizer.providerFor(await vscode.workspace.openTextDocument(uri));
    await api.calls.secrets.set(profile, production, { secret: sandbox.description.ignisign.secret });
    try {
      let shown = scriptDialogs(api, { modal: (_m, items) => items[0] });
      assert.equal(await run('pullState', uri), undefined);
      const modal = shown.find((s) => s.kind === 'modal')!;
      assert.match(modal.message, /PRODUCTION environment "prod-like"/);
      assert.deepEqual(modal.items, ["Don't Pull", 'Pull from Production'], 'the safe answer first (Enter)');
      shown = scriptDialogs(api, { modal: (_m, items) => items[0] });
      const published = await run('publish', uri);
      assert.equal(published.refused, 'cancelled');
      assert.deepEqual(shown.find((s) => s.kind === 'modal')!.items, ["Don't Publish", 'Publish in Production']);
      assert.equal(sandbox.requests.length, 0, 'nothing reached the server');
      scriptDialogs(api, { modal: (_m, items) => items[1] });
      assert.equal((await run('pullState', uri))?.state.status, 'DRAFT', 'pulled once confirmed');
    } finally {
      await api.calls.secrets.clear(profile, production);
    }
  });

  it('state-aware lint: findings that rely on the pulled state appear after a pull, go away after a refresh that changes it, and after the state is cleared', async () => {
    const uri = writePayload('lease.ignisign.json', { $request: { id: IGNISIGN_NO_SIGNERS }, title: 'Lease agreement' });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitFor('the first diagnostics', () => api.languageClient.findings(vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())));
    assert.equal(stateAware(uri).length, 0, 'no state: the conservative rules');
    await run('pullState', uri);
    const found = await waitFor('state-aware findings', () => stateAware(uri).length > 0 && stateAware(uri));
    assert.ok(found.some((d) => codeOf(d) === 'ignisign/publish-readiness' && /from local-sandbox/.test(d.message)), found.map((d) => d.message).join('\n'));
    // Another file sends the signers; the refresh pulls the changed state.
    const signers = writePayload('lease-signers.ignisign.json', { $request: { id: IGNISIGN_NO_SIGNERS }, signerIds: [SIGNER] });
    assert.equal((await vscode.commands.executeCommand<any>('esignDrafts.sendUpdate', signers, { sendAnyway: true }))?.status, 200);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await run('pullState', uri);
    await waitFor('the readiness finding gone after the refresh', () => !ours(uri).some((d) => codeOf(d) === 'ignisign/publish-readiness'));

    const notDraft = writePayload('nda.ignisign.json', { $request: { id: IGNISIGN_NOT_DRAFT }, title: 'Non-disclosure agreement' });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(notDraft));
    await run('pullState', notDraft);
    const error = await waitFor('not-a-draft', () => ours(notDraft).find((d) => codeOf(d) === 'ignisign/not-a-draft'));
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === notDraft.toString())!;
    assert.ok(await api.sender.lintErrorCount(document) > 0, 'the send gate sees it');
    await vscode.commands.executeCommand('esignDrafts.forgetPulledStates');
    await waitFor('not-a-draft gone once the state is cleared', () => !ours(notDraft).some((d) => codeOf(d) === 'ignisign/not-a-draft'));
  });

  it('Preview Changes: pulls first when no state is known, then the diff editor shows the state as pulled and after the update', async () => {
    const uri = workspaceUri('payloads', 'clean.ignisign.json');
    await open('payloads', 'clean.ignisign.json');
    const preview = await run('previewChanges', uri);
    assert.ok(gets().some((r: any) => r.path.endsWith('/context')), 'pulled first');
    assert.ok(preview.changes.some((c: any) => c.path === '/title' && c.after === 'Employment contract — Jane Doe'), JSON.stringify(preview.changes));
    assert.match(preview.title, /as pulled \d\d:\d\d from local-sandbox ↔ after the update \(unconfirmed: /);
    const tab = await waitFor('the diff editor', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff));
    const input = tab.input as vscode.TabInputTextDiff;
    assert.equal(input.original.scheme, 'esign-drafts-state');
    // A state is no payload: the language server leaves both sides alone.
    for (const side of [input.original, input.modified]) {
      assert.equal(await api.languageClient.findings(await vscode.workspace.openTextDocument(side)), undefined, `${side.path} is not linted as a payload`);
      assert.deepEqual(ours(side), []);
    }
    assert.equal(tab.label, preview.title);
    const left = JSON.parse((await vscode.workspace.openTextDocument(input.original)).getText());
    const right = JSON.parse((await vscode.workspace.openTextDocument(input.modified)).getText());
    assert.equal(left.title, 'Employment contract');
    assert.equal(right.title, 'Employment contract — Jane Doe');
    sandbox.clearRequests();
    await run('previewChanges', uri);
    assert.equal(gets().length, 0, 'a known state is not pulled again');
  });

  it('a target picked for one send never changes what the file shows: only the target the file names counts (issue 16)', async () => {
    // No $request.id: the send asks for the target (picked here), and the file names none afterwards.
    const picked = writePayload('picked.zigned.json', { $request: { environment: 'local-sandbox' }, trust_level: 'SES' });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(picked));
    api.sender.prompts = { ...api.sender.prompts, targetId: async () => ZIGNED_DRAFT };
    const sent = await vscode.commands.executeCommand<any>('esignDrafts.sendUpdate', picked);
    assert.equal(sent?.status, 200, JSON.stringify(sent?.error));
    // That agreement is later cancelled from another file: a state saying so is known for it.
    await api.pulledStates.set('zigned', ZIGNED_DRAFT, { state: { id: ZIGNED_DRAFT, status: 'cancelled', participants: [] }, environment: 'local-sandbox', pulledAt: new Date().toISOString() });
    const other = writePayload('names-it.zigned.json', { $request: { id: ZIGNED_DRAFT, environment: 'local-sandbox' }, trust_level: 'SES' });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other));
    // The file that names the agreement judges against that state, and says which pull it relies on...
    const named = await waitFor('the state-aware finding on the file that names the target', () => stateAware(other).length > 0 && stateAware(other));
    assert.match(named[0].message, new RegExp(`relies on the state pulled at .* from local-sandbox for agreement id ${ZIGNED_DRAFT}\\)`));
    // ...the file that only was sent there once does not.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(picked));
    const findings = await api.findingsFor(await vscode.workspace.openTextDocument(picked));
    assert.ok(findings, 'linted');
    assert.deepEqual(stateAware(picked), []);
    assert.equal(await api.sender.lintErrorCount(await vscode.workspace.openTextDocument(picked)), 0, 'and its send gate has nothing to block on');
  });

  it('a send makes the state pulled before it stale: Preview Changes then compares against the server as it is now (issue 16)', async () => {
    const uri = writePayload('stale.zigned.json', { $request: { id: ZIGNED_DRAFT, environment: 'local-sandbox' }, trust_level: 'QES' });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.ok(await run('pullState', uri), 'pulled');
    assert.ok(api.pulledStates.get('zigned', 'local-sandbox', ZIGNED_DRAFT));
    const sent = await vscode.commands.executeCommand<any>('esignDrafts.sendUpdate', uri);
    assert.equal(sent?.status, 200, JSON.stringify(sent?.error));
    await waitFor('the stale state forgotten', () => api.pulledStates.get('zigned', 'local-sandbox', ZIGNED_DRAFT) === undefined);
    // Back to SES in the file: the server has QES now, so the preview shows QES → SES.
    fs.writeFileSync(uri.fsPath, `${JSON.stringify({ $request: { id: ZIGNED_DRAFT, environment: 'local-sandbox' }, trust_level: 'SES' }, null, 2)}\n`);
    await waitFor('the file as changed', async () => (await vscode.workspace.openTextDocument(uri)).getText().includes('"SES"'));
    sandbox.clearRequests();
    const preview = await run('previewChanges', uri);
    assert.ok(gets().some((r: any) => r.path.endsWith(`/agreements/${ZIGNED_DRAFT}`)), 'pulled again first');
    assert.ok(preview.changes.some((c: any) => c.path === '/trust_level' && c.before === 'QES' && c.after === 'SES'), JSON.stringify(preview.changes));
  });

  it('Publish refuses unsent changes (nothing posted), then "Send and Publish" sends, pulls again, publishes and shows the refreshed state', async () => {
    const uri = workspaceUri('payloads', 'clean.ignisign.json');
    let shown = scriptDialogs(api);
    const refused = await run('publish', uri, { confirm: true });
    assert.equal(refused.refused, 'unsent-changes');
    const warning = shown.find((s) => s.kind === 'warn')!;
    assert.match(warning.message, /holds \d+ change\(s\) the server does not have yet \(.*\/title.*\): nothing was published/);
    assert.deepEqual(warning.items, ['Send and Publish', 'Preview Changes']);
    assert.equal(posts().length, 0);
    assert.equal(sandbox.requests.filter((r: any) => r.method === 'PUT').length, 0);

    shown = scriptDialogs(api, { notification: (_m, items) => (items.includes('Send and Publish') ? 'Send and Publish' : undefined) });
    const result = await run('publish', uri, { confirm: true });
    assert.equal(result.outcome?.status, 200, JSON.stringify(result));
    assert.ok(sandbox.requests.some((r: any) => r.method === 'PUT'), 'sent first');
    assert.ok(posts().some((r: any) => r.path.endsWith(`/signature-requests/${IGNISIGN_READY}/publish`)));
    assert.notEqual(result.pulled?.state.status, 'DRAFT', 'the refreshed state');
    const html = api.panels.htmlOf(uri);
    assert.match(html, /Published: the signature request/);
    assert.match(html, /Status now/);
  });

  it('"Send and Publish" refuses (update-not-applied, nothing posted) when the server answers 200 to the update but does not apply it', async () => {
    const uri = writePayload('ignored.ignisign.json', { $request: { id: IGNISIGN_READY }, title: 'Employment contract — never stored' });
    await open('payloads', 'send', 'ignored.ignisign.json');
    // Answered instead of the API: 200, and the state stays as it was.
    sandbox.injectFault({ provider: 'ignisign', method: 'PUT', status: 200, body: { _id: IGNISIGN_READY, status: 'DRAFT', title: 'Employment contract' } });
    const shown = scriptDialogs(api, { notification: (_m, items) => (items.includes('Send and Publish') ? 'Send and Publish' : undefined) });
    // Confirmed up front (publishing asks first in every environment): the refusal under test comes after.
    const result = await run('publish', uri, { confirm: true });
    assert.equal(result.refused, 'update-not-applied', JSON.stringify(result));
    assert.deepEqual(result.changes.map((c: any) => c.path), ['/title']);
    assert.equal(sandbox.requests.filter((r: any) => r.method === 'PUT').length, 1, 'sent once');
    assert.equal(posts().filter((r: any) => r.path.endsWith('/publish')).length, 0, 'nothing was published');
    assert.match(shown.find((s) => s.kind === 'error')!.message, /answered 200 to the update, but the signature request context pulled again does not hold 1 change\(s\) of .*ignored\.ignisign\.json \(\/title\): the update did not land, so nothing was published/);
  });

  it('Publish refuses a draft that is not ready, and a target that is not a draft, listing why (nothing posted)', async () => {
    const bare = writePayload('bare.ignisign.json', { $request: { id: IGNISIGN_NO_SIGNERS } });
    let shown = scriptDialogs(api);
    const notReady = await run('publish', bare, { confirm: true });
    assert.equal(notReady.refused, 'not-ready');
    assert.ok(notReady.blocking.some((f: any) => f.ruleId === 'ignisign/publish-readiness'));
    assert.match(shown.find((s) => s.kind === 'error')!.message, /not ready to publish; nothing was posted: .*ignisign\/publish-readiness/);
    const nonDraft = writePayload('published.ignisign.json', { $request: { id: IGNISIGN_NOT_DRAFT } });
    shown = scriptDialogs(api);
    const notDraft = await run('publish', nonDraft, { confirm: true });
    assert.equal(notDraft.refused, 'not-ready');
    assert.match(shown.find((s) => s.kind === 'error')!.message, /ignisign\/not-a-draft/);
    assert.equal(posts().length, 0);
    const reopen = await run('reopen', nonDraft);
    assert.equal(reopen.refused, 'not-supported', 'Ignisign has no reopen');
  });

  it('Ignisign v4: the same commands pull the v4 context and publish on /v4, with the sandbox API key (no login); a draft with no signers is refused', async () => {
    const ready = writePayload('ready.ignisign-v4.json', { $request: { id: IGNISIGN_READY } });
    const pulled = await run('pullState', ready);
    assert.equal(pulled?.state.status, 'DRAFT');
    assert.ok(gets().some((r: any) => r.path === `/v4/signature-requests/${IGNISIGN_READY}/context`), 'the v4 context');
    assert.ok(!sandbox.requests.some((r: any) => /auth/.test(r.path)), 'the skv2_ key needs no login');
    const bare = writePayload('bare.ignisign-v4.json', { $request: { id: IGNISIGN_NO_SIGNERS } });
    const notReady = await run('publish', bare, { confirm: true });
    assert.equal(notReady.refused, 'not-ready');
    assert.ok(notReady.blocking.some((f: any) => f.ruleId === 'ignisign-v4/publish-readiness'));
    assert.equal(posts().length, 0);
    const published = await run('publish', ready, { confirm: true });
    assert.equal(published.outcome?.status, 200, JSON.stringify(published));
    assert.ok(posts().some((r: any) => r.path === `/v4/signature-requests/${IGNISIGN_READY}/publish`));
  });

  it('Zigned: Finalise (send first), Reopen, then Cancel asking the documented type and a custom reason of 10–255 characters', async () => {
    const uri = workspaceUri('payloads', 'clean.zigned.json');
    scriptDialogs(api, { notification: (_m, items) => items.find((i) => i === 'Send and Finalise') });
    const finalised = await run('publish', uri, { confirm: true });
    assert.equal(finalised.outcome?.status, 200, JSON.stringify(finalised));
    assert.equal(finalised.pulled.state.status, 'pending');
    assert.match(JSON.parse(posts().at(-1)!.body).lifecycle_state.status, /^pending$/);

    const reopened = await run('reopen', uri, { confirm: true });
    assert.equal(reopened.outcome?.status, 200, JSON.stringify(reopened));
    assert.equal(reopened.pulled.state.status, 'open');
    assert.match(api.panels.htmlOf(uri), /Reopened: the agreement/);

    sandbox.clearRequests();
    let shown = scriptDialogs(api, { pick: (items) => items.find((i: any) => i.label === 'custom'), input: () => 'too short' });
    const tooShort = await run('cancel', uri);
    assert.equal(tooShort.refused, 'cancelled', 'a 9-character reason is not accepted');
    assert.deepEqual(shown.find((s) => s.kind === 'pick')!.items, ['invalid_document', 'invalid_participant', 'invalid_email', 'custom']);
    assert.equal(sandbox.requests.length, 0);
    shown = scriptDialogs(api, { pick: (items) => items.find((i: any) => i.label === 'custom'), input: () => 'The buyer withdrew the offer.', modal: (_m, items) => items[1] });
    const cancelled = await run('cancel', uri);
    assert.equal(cancelled.outcome?.status, 200, JSON.stringify(cancelled));
    assert.deepEqual(shown.filter((s) => ['pick', 'input', 'modal'].includes(s.kind)).map((s) => s.kind), ['pick', 'input', 'modal'], 'confirmed after the reason');
    assert.match(shown.find((s) => s.kind === 'modal')!.detail!, /reason: "The buyer withdrew the offer\."/);
    assert.deepEqual(JSON.parse(posts().at(-1)!.body).lifecycle_state, { status: 'cancelled', input: { cancellation_type: 'custom', reason: 'The buyer withdrew the offer.' } });
    assert.equal(cancelled.pulled.state.status, 'cancelled');
    assert.equal(ZIGNED_DRAFT, cancelled.outcome.request.targetId);
  });
});
