import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLOSE_LABEL, lifecycleConfirmation, productionPullConfirmation, productionSendConfirmation } from '../../src/core/draft/confirmations';
import { lifecycleActionFor } from '../../src/core/draft/editorView';
import { profile } from './lintSupport';

const providers = (['ignisign', 'ignisign-v4', 'zigned'] as const).map((id) => profile(id));

describe('the confirmations before a call that changes the server', () => {
  it('every lifecycle action, in every environment: the safe answer first, one action, no label that could mean backing out and going ahead', () => {
    for (const provider of providers) {
      for (const action of provider.draft!.lifecycle) {
        for (const production of [false, true]) {
          const asked = lifecycleConfirmation(provider, action, { name: 'env-a', production }, 'target-1');
          const labels = [asked.safe, asked.action, CLOSE_LABEL];
          const what = `${provider.id} ${action.name} production=${production}: ${labels.join(' / ')}`;
          assert.equal(new Set(labels).size, 3, what);
          assert.ok(!labels.includes('Cancel'), `${what}: VS Code's "Cancel" is never one of the buttons`);
          assert.ok(!/^Don't Cancel$/.test(asked.safe), what);
          assert.ok(!asked.safe.startsWith(asked.action) && !asked.action.startsWith(asked.safe), what);
          assert.match(asked.message, /target-1/);
          assert.match(asked.message, production ? /PRODUCTION environment "env-a"/ : /"env-a"/);
          assert.equal(asked.action.endsWith(' in Production'), production, what);
        }
      }
    }
  });

  it('names what a cancel does and posts: Ignisign closes the request, Zigned cancels the agreement with the reason given', () => {
    const ignisign = profile('ignisign');
    const close = ignisign.draft!.lifecycle.find((a) => a.name === 'close')!;
    const asked = lifecycleConfirmation(ignisign, close, { name: 'staging', production: true }, 'abc');
    assert.deepEqual([asked.message, asked.safe, asked.action], ['Close signature request abc on the PRODUCTION environment "staging"?', 'Keep Request', 'Close Request in Production']);
    assert.match(asked.detail, /cannot be undone/);
    const zigned = profile('zigned');
    const cancel = zigned.draft!.lifecycle.find((a) => a.name === 'cancelled')!;
    const zignedAsked = lifecycleConfirmation(zigned, cancel, { name: 'local-sandbox' }, 'xyz', { cancellation_type: 'custom', reason: 'The buyer withdrew.' });
    assert.deepEqual([zignedAsked.message, zignedAsked.safe, zignedAsked.action], ['Cancel agreement xyz on "local-sandbox"?', 'Keep Agreement', 'Cancel Agreement']);
    assert.match(zignedAsked.detail, /Cancellation type: custom, reason: "The buyer withdrew\."/);
    const publish = zigned.draft!.lifecycle.find((a) => a.publishes)!;
    assert.doesNotMatch(lifecycleConfirmation(zigned, publish, { name: 'x' }, 'y').detail, /cannot be undone/, 'finalising can be reopened');
  });

  it('production send and pull: "Send to Production" / "Pull from Production", the safe answer first', () => {
    const send = productionSendConfirmation('Send?', 'detail');
    assert.deepEqual([send.safe, send.action], ["Don't Send", 'Send to Production']);
    const pull = productionPullConfirmation(profile('zigned'), { name: 'live', production: true }, 'a1');
    assert.deepEqual([pull.safe, pull.action], ["Don't Pull", 'Pull from Production']);
    assert.match(pull.message, /agreement a1 from the PRODUCTION environment "live"/);
  });
});

describe('commands that do not apply are not offered', () => {
  it('package.json shows "Reopen" only where the payload\'s API has a reopen call (esignDrafts.canReopen)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    const reopen = Object.values(manifest.contributes.menus).flat().filter((item) => item.command === 'esignDrafts.reopen');
    assert.ok(reopen.length >= 2, 'the palette and the editor menu');
    for (const item of reopen) assert.match(item.when ?? '', /\besignDrafts\.canReopen\b/);
    assert.equal(lifecycleActionFor(profile('ignisign'), 'reopen'), undefined);
    assert.equal(lifecycleActionFor(profile('ignisign-v4'), 'reopen'), undefined);
    assert.ok(lifecycleActionFor(profile('zigned'), 'reopen'));
    const convert = manifest.contributes.menus.commandPalette!.find((item) => item.command === 'esignDrafts.convertToIgnisignV4');
    assert.equal(convert?.when, 'esignDrafts.provider == ignisign', 'Convert to Ignisign v4 only on an Ignisign v3 file');
  });
});
