import type { SendOutcome } from './types';

/** What "Replay" sends again: exactly the recorded request, not the file as it is now. */
export interface ReplayRequest {
  provider: string;
  environment: string;
  targetId: string;
  /** The body as it was sent (variables already substituted, `$` keys already removed). */
  body: string;
  /** The URL it went to then; the environment may point elsewhere now (a sandbox on another port). */
  recordedUrl: string;
  /** "Replay PUT to local-sandbox, signature request 65f1…" for menus and the output channel. */
  label: string;
}

export function replayRequestOf(outcome: Pick<SendOutcome, 'request'>): ReplayRequest | { problem: string } {
  const { provider, environment, targetId, body, method, url } = outcome.request;
  if (typeof body !== 'string' || !targetId || !environment || !provider) {
    return { problem: 'this history entry does not keep the request it sent (it predates replay), so it cannot be replayed; send the file instead.' };
  }
  return { provider, environment, targetId, body, recordedUrl: url, label: `Replay ${method} to ${environment}, id ${targetId}` };
}

/** A side of "Compare with…": the response body as stored (already masked), titled for the diff editor's tab. */
export function comparableBody(outcome: { exchange?: { bodyText: string }; error?: { message: string } }): string {
  const exchange = outcome.exchange;
  if (!exchange) return `(no answer: ${outcome.error?.message ?? 'nothing was received'})\n`;
  // From the text, not `body`: a stored outcome has been through JSON, and the text is what was masked.
  const text = exchange.bodyText ?? '';
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text.endsWith('\n') ? text : `${text}\n`;
  }
}
