import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';

/**
 * Inside the extension host (called by hostProbe.ts): the longest the host's event loop is blocked
 * by a whole "Send Update" (download, parse, summary, history, the response view's HTML handed to
 * the webview) for each answer the bench's peer serves (bench/responseBodies.ts). The peer runs
 * in the bench process, outside the host, so serving costs the host nothing.
 */
export interface ResponseBlockFigures {
  /** Body name → worst event-loop delay (ms) over the sends of that body. */
  worstBlockMs: Record<string, number>;
  /** Body name → HTML characters of the response view after the send. */
  htmlChars: Record<string, number>;
}

const SENDS_PER_BODY = Number(process.env.ESIGN_BENCH_SENDS_PER_BODY ?? 3);

export async function measureResponseBlocks(peerOrigin: string, bodyNames: string[], payloadFile: string): Promise<ResponseBlockFigures> {
  const api = vscode.extensions.getExtension('esign-drafts.esign-drafts')?.exports;
  if (!api) throw new Error('the extension is not active');
  const payload = vscode.Uri.file(payloadFile);
  const document = await vscode.workspace.openTextDocument(payload);
  await vscode.window.showTextDocument(document);
  const profile = api.recognizer.providerFor(document);
  const environment = { name: 'bench-peer', provider: 'ignisign', baseUrl: peerOrigin, appId: 'appId_bench', appEnv: 'DEVELOPMENT' };
  await vscode.workspace.getConfiguration('esignDrafts').update('environments', [environment], vscode.ConfigurationTarget.Workspace);
  await api.calls.secrets.set(profile, environment, { secret: 'sk_development_bench_secret' });
  await api.environments.setActive(profile, 'bench-peer');
  api.sender.prompts = { lintGate: async () => undefined, confirmProduction: async () => false, approveOrigin: async () => false, targetId: async () => undefined };

  const figures: ResponseBlockFigures = { worstBlockMs: {}, htmlChars: {} };
  // A first send warms the connection, the token and the view.
  await send(peerOrigin, bodyNames[0], payload);
  for (const name of bodyNames) {
    let worst = 0;
    for (let i = 0; i < SENDS_PER_BODY; i++) {
      const histogram = monitorEventLoopDelay({ resolution: 5 });
      histogram.enable();
      const outcome = await send(peerOrigin, name, payload);
      // Let the loop turn once more, so that a block at the very end is sampled too.
      await new Promise((resolve) => setTimeout(resolve, 20));
      histogram.disable();
      if (outcome?.status !== 200) throw new Error(`the send of "${name}" answered ${outcome?.status}: ${JSON.stringify(outcome?.error)}`);
      worst = Math.max(worst, histogram.max / 1e6);
    }
    figures.worstBlockMs[name] = worst;
    figures.htmlChars[name] = api.panels.htmlOf(payload)?.length ?? 0;
  }
  return figures;
}

async function send(peerOrigin: string, bodyName: string, payload: vscode.Uri): Promise<any> {
  const selected = await fetch(`${peerOrigin}/bench/select?body=${encodeURIComponent(bodyName)}`);
  if (!selected.ok) throw new Error(`the bench peer does not know the body "${bodyName}"`);
  return vscode.commands.executeCommand('esignDrafts.sendUpdate', payload);
}
