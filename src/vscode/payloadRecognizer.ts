import type * as vscode from 'vscode';
import { providerById } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import { payloadProviderId } from './payloadDetection';

export { PAYLOAD_LANGUAGE, PAYLOAD_SELECTOR } from './payloadDetection';

/** Decides whether an open document is a payload file, and for which API. */
export class PayloadRecognizer {
  providerFor(document: vscode.TextDocument): ProviderProfile | undefined {
    const id = payloadProviderId(document);
    return id === undefined ? undefined : providerById(id);
  }
}
