import * as vscode from 'vscode';
import { HISTORY_BODY_SCHEME } from './contributionIds';
import { providerById } from '../core/providers/registry';
import { comparableBody, replayRequestOf } from '../core/send/replay';
import { dialogs } from './dialogs';
import type { HistoryStore, StoredSend } from './historyStore';
import type { SendController } from './sendController';

/** Scheme of the read-only documents "Compare with…" diffs: one stored response body each. */

type SendItem = vscode.QuickPickItem & { send: StoredSend };

function itemOf(s: StoredSend): SendItem {
  return {
    label: `${s.entry.ok ? '$(pass)' : '$(error)'} ${s.entry.status ?? s.entry.error ?? 'no answer'} · ${s.entry.file}`,
    description: `${s.entry.environment} · ${s.entry.targetId}`,
    detail: `${new Date(s.entry.at).toLocaleString()} · ${s.entry.method} ${s.entry.url} · ${s.entry.durationMs} ms`,
    send: s,
  };
}

/**
 * "Show Send History": the last 50 sends, newest first. A picked send can be reopened in the
 * response view, replayed exactly as it was sent, or compared with another send.
 */
export async function showHistory(history: HistoryStore, sender: SendController): Promise<void> {
  const sends = history.all();
  if (sends.length === 0) {
    void dialogs.info('E-Sign Drafts: nothing sent yet in this workspace.');
    return;
  }
  const picked = await dialogs.pick(sends.map(itemOf), { title: 'E-Sign Drafts: send history', placeHolder: 'Pick a send', matchOnDescription: true, matchOnDetail: true });
  if (!picked) return;
  const send = picked.send;
  const replay = replayRequestOf(send.outcome);
  const actions: (vscode.QuickPickItem & { action: 'open' | 'replay' | 'compare' })[] = [
    { label: '$(eye) Open Response', description: 'in the response view', action: 'open' },
    ...('problem' in replay ? [] : [{ label: `$(debug-restart) ${replay.label}`, description: 'the request exactly as recorded, not the file as it is now', action: 'replay' as const }]),
    ...(sends.length > 1 ? [{ label: '$(diff) Compare with…', description: 'another send\'s response body, side by side', action: 'compare' as const }] : []),
  ];
  const action = await dialogs.pick(actions, { title: `${send.entry.file} · ${send.entry.environment} · ${send.entry.targetId}`, placeHolder: 'What to do with this send' });
  if (action?.action === 'open') sender.reopen(vscode.Uri.parse(send.documentUri), providerById(send.entry.provider), send.outcome);
  if (action?.action === 'replay') await sender.replay(send);
  if (action?.action === 'compare') await compareWithAnother(history, send);
}

async function compareWithAnother(history: HistoryStore, left: StoredSend): Promise<void> {
  const others = history.all().filter((s) => s.entry.id !== left.entry.id);
  const right = await dialogs.pick(others.map(itemOf), { title: 'Compare with…', placeHolder: 'The send to compare the response body with' });
  if (right) await compareSends(left, right.send);
}

/** Opens VS Code's diff editor on two stored response bodies (masked as they were stored). */
export async function compareSends(left: StoredSend, right: StoredSend): Promise<void> {
  const title = `${describe(left)} ↔ ${describe(right)}`;
  await vscode.commands.executeCommand('vscode.diff', bodyUri(left), bodyUri(right), title);
}

function describe(s: StoredSend): string {
  return `${s.entry.status ?? 'no answer'} ${s.entry.environment} ${new Date(s.entry.at).toLocaleTimeString()}`;
}

function bodyUri(s: StoredSend): vscode.Uri {
  return vscode.Uri.from({ scheme: HISTORY_BODY_SCHEME, path: `/${encodeURIComponent(s.entry.id)}/response.json` });
}

/** Serves the stored response bodies to the diff editor, read-only. */
export class HistoryBodyProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly history: HistoryStore) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = decodeURIComponent(uri.path.split('/')[1] ?? '');
    const send = this.history.all().find((s) => s.entry.id === id);
    return send ? comparableBody(send.outcome) : '(this send is no longer in the history)\n';
  }
}

/** "Clear Send History": asks first, then says how many sends it removed. */
export async function clearHistory(history: HistoryStore): Promise<number> {
  const count = history.all().length;
  if (count === 0) {
    void dialogs.info('E-Sign Drafts: the send history is already empty.');
    return 0;
  }
  const cleared = await dialogs.confirm({ message: `Clear the send history of this workspace (${count} ${count === 1 ? 'send' : 'sends'})?`, detail: 'The responses kept with them are removed too. This cannot be undone.', safe: 'Keep History', action: 'Clear History' });
  if (!cleared) return 0;
  await history.clear();
  void dialogs.info(`E-Sign Drafts: cleared ${count} ${count === 1 ? 'send' : 'sends'} from the history.`);
  return count;
}
