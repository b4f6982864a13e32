import * as vscode from 'vscode';
import { providerById } from '../core/providers/registry';
import type { HistoryStore } from './historyStore';
import type { SendController } from './sendController';

/** "Show Send History": the last 50 sends, newest first; picking one reopens it in the response view. */
export async function showHistory(history: HistoryStore, sender: SendController): Promise<void> {
  const sends = history.all();
  if (sends.length === 0) {
    void vscode.window.showInformationMessage('E-Sign Drafts: nothing sent yet in this workspace.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    sends.map((s) => ({
      label: `${s.entry.ok ? '$(pass)' : '$(error)'} ${s.entry.status ?? s.entry.error ?? 'no answer'} · ${s.entry.file}`,
      description: `${s.entry.environment} · ${s.entry.targetId}`,
      detail: `${new Date(s.entry.at).toLocaleString()} · ${s.entry.method} ${s.entry.url} · ${s.entry.durationMs} ms`,
      send: s,
    })),
    { title: 'E-Sign Drafts: send history', placeHolder: 'Reopen a response', matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) return;
  sender.reopen(vscode.Uri.parse(picked.send.documentUri), providerById(picked.send.entry.provider), picked.send.outcome);
}
