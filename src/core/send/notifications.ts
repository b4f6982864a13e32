import type { SendOutcome } from './types';

/**
 * Wording for the one notification a failed send raises. A notification is a sentence, not a
 * report: no stack, no raw JSON, no multi-line text; the details stay in the response view
 * and the output channel.
 */

/** Long enough for a host name and an error code, short enough to read in a toast. */
export const NOTIFICATION_MAX_CHARS = 160;

export function failureNotification(outcome: Pick<SendOutcome, 'status' | 'request' | 'error'>, code?: string): string {
  const where = outcome.request.environment;
  if (outcome.status !== null && outcome.error?.kind !== 'auth') {
    // A code that is only the status again ("400 400") is not repeated.
    const named = code && code !== String(outcome.status) ? ` ${code}` : '';
    return clipSentence(`Send to ${where} failed: the API answered ${outcome.status}${named}. Details are in the response view.`);
  }
  const error = outcome.error;
  if (!error) return clipSentence(`Send to ${where} failed. Details are in the response view.`);
  if (error.kind === 'auth') {
    const answered = error.answer ? `the sign-in was refused (${error.answer})` : 'the sign-in failed';
    return clipSentence(`Send to ${where} failed: ${answered}. Check the credentials.`);
  }
  if (error.kind === 'cancelled') return clipSentence(`Send to ${where} was cancelled.`);
  return clipSentence(`Send to ${where} failed: ${firstSentence(error.message)}`);
}

/** The first sentence of a message, without JSON or stack lines. */
export function firstSentence(message: string): string {
  const line = message.split(/\r?\n/)[0]!.replace(/\s*[{[].*$/, '').trim();
  const match = /^.*?[.!?](?=\s|$)/.exec(line);
  const sentence = (match ? match[0] : line).trim();
  return sentence ? (/[.!?]$/.test(sentence) ? sentence : `${sentence}.`) : 'see the response view.';
}

function clipSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= NOTIFICATION_MAX_CHARS ? flat : `${flat.slice(0, NOTIFICATION_MAX_CHARS - 1).trimEnd()}…`;
}

/**
 * The production confirmation's buttons, safe one first: VS Code makes the first button the
 * default (Enter) and adds Cancel for Escape, so neither key sends.
 */
export const PRODUCTION_CHOICES = { dontSend: "Don't Send", send: 'Send to Production' } as const;
export const PRODUCTION_BUTTONS: readonly string[] = [PRODUCTION_CHOICES.dontSend, PRODUCTION_CHOICES.send];
