import type { LifecycleAction } from '../providers/draftProfile';
import type { ProviderProfile } from '../providers/types';
import { PRODUCTION_CHOICES } from '../send/notifications';
import { lifecycleVerb } from './editorView';

/**
 * The questions asked before a call that changes something on the server (or any call to a
 * production environment). Pure, so that the words are unit-tested.
 *
 * A modal shows our buttons and one that closes it. VS Code focuses the first of our buttons
 * (Enter answers it, in the web workbench and on the desktop alike), so the safe answer always
 * comes first; the closing button is ours too ("Back"), because VS Code's own is labelled
 * "Cancel", which next to "Cancel Agreement" would mean two opposite things. No label of a
 * confirmation is a bare verb that could name both the action and backing out.
 */
export interface Confirmation {
  message: string;
  detail: string;
  /** The first button (Enter): nothing is done. */
  safe: string;
  /** The one button that goes ahead. */
  action: string;
}

/** The button that closes a confirmation (Escape answers it too): nothing is done. */
export const CLOSE_LABEL = 'Back';

interface Where {
  name: string;
  production?: boolean;
}

/** "Close Request", "Cancel Agreement", "Publish", …: what the action button says. */
function actionLabel(profile: ProviderProfile, action: LifecycleAction): { go: string; safe: string } {
  const what = profile.targetIdLabel.replace(/ id$/, '');
  const noun = what === 'signature request' ? 'Request' : capitalize(what);
  switch (action.name) {
    case 'close':
      return { go: `Close ${noun}`, safe: `Keep ${noun}` };
    case 'cancelled':
      return { go: `Cancel ${noun}`, safe: `Keep ${noun}` };
    default: {
      const verb = lifecycleVerb(action);
      return { go: verb, safe: `Don't ${verb}` };
    }
  }
}

/**
 * Publish / Finalise / Reopen / Cancel: asked in every environment, after any input (Zigned's
 * cancellation type and reason) so that the question shows what will be posted.
 */
export function lifecycleConfirmation(profile: ProviderProfile, action: LifecycleAction, environment: Where, targetId: string, input?: unknown): Confirmation {
  const what = profile.targetIdLabel.replace(/ id$/, '');
  const { go, safe } = actionLabel(profile, action);
  const verb = action.name === 'close' ? 'Close' : lifecycleVerb(action);
  const where = environment.production ? `the PRODUCTION environment "${environment.name}"` : `"${environment.name}"`;
  const final = action.name === 'close' || action.name === 'cancelled';
  const inputLine = describeInput(input);
  return {
    message: `${verb} ${what} ${targetId} on ${where}?`,
    detail: [
      `${profile.displayName}: ${action.description}`,
      ...(inputLine ? [inputLine] : []),
      final ? 'This cannot be undone.' : '',
      environment.production ? 'A call on the live account.' : '',
      `The state is pulled first; nothing is posted if a check fails.`,
    ].filter(Boolean).join('\n'),
    safe,
    action: environment.production ? `${go} in Production` : go,
  };
}

/** Send Update (and Replay) to a production environment. */
export function productionSendConfirmation(question: string, detail: string): Confirmation {
  return { message: question, detail, safe: PRODUCTION_CHOICES.dontSend, action: PRODUCTION_CHOICES.send };
}

/** Pull Draft State (and Preview Changes' pull) from a production environment: a read, asked all the same. */
export function productionPullConfirmation(profile: ProviderProfile, environment: Where, targetId: string): Confirmation {
  return {
    message: `Pull the current state of ${profile.targetIdLabel.replace(/ id$/, '')} ${targetId} from the PRODUCTION environment "${environment.name}"?`,
    detail: `${profile.displayName}, ${environment.name}: a call on the live account (a GET: nothing is changed).`,
    safe: "Don't Pull",
    action: 'Pull from Production',
  };
}

/** Zigned's cancel input, in words: `cancellation_type custom: "The buyer withdrew."`. */
function describeInput(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const { cancellation_type: type, reason } = input as { cancellation_type?: unknown; reason?: unknown };
  if (typeof type !== 'string') return undefined;
  return typeof reason === 'string' ? `Cancellation type: ${type}, reason: "${reason}"` : `Cancellation type: ${type}.`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
