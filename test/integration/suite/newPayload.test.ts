import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { scriptDialogs } from './dialogScript';
import { activatedApi, closeAll, waitFor, workspaceUri } from './helpers';

describe('New Payload: Ignisign v4 first, a free name proposed, a clash asked again', function () {
  this.timeout(60_000);
  let api: any;
  const scratch: string[] = [];

  before(async () => {
    api = await activatedApi();
  });

  afterEach(async () => {
    Object.assign(api.dialogs, api.windowDialogs);
    await closeAll();
    for (const file of scratch.splice(0)) fs.rmSync(file, { force: true });
  });

  it('offers Ignisign v4 first, proposes a name that does not exist, refuses an existing one in the box, and creates the file from the template', async () => {
    await closeAll();
    const taken = workspaceUri('draft-update.ignisign-v4.json');
    fs.writeFileSync(taken.fsPath, '{}\n');
    scratch.push(taken.fsPath, workspaceUri('draft-update-2.ignisign-v4.json').fsPath);
    let proposed: string | undefined;
    let clash: unknown;
    const shown = scriptDialogs(api, {
      pick: (items) => items[0],
      input: (options) => {
        proposed = options.value;
        clash = options.validateInput?.('draft-update.ignisign-v4.json');
        return options.value;
      },
    });
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('esignDrafts.newPayload');
    const picks = shown.filter((s) => s.kind === 'pick');
    assert.equal(picks[0]!.items[0], 'Ignisign v4', `offered first: ${picks[0]!.items.join(', ')}`);
    assert.equal(proposed, 'draft-update-2.ignisign-v4.json', 'a name that does not exist yet');
    assert.match(String(await clash), /^draft-update\.ignisign-v4\.json already exists: choose another name/);
    assert.equal(created?.path.split('/').pop(), 'draft-update-2.ignisign-v4.json');
    assert.equal(fs.readFileSync(taken.fsPath, 'utf8'), '{}\n', 'the existing file is untouched');
    const text = await waitFor('the template in the new file', () => {
      const content = fs.readFileSync(created!.fsPath, 'utf8');
      return content.includes('"$request"') && content;
    });
    assert.match(text, /"defaultSignatureMethod"/);
  });
});
