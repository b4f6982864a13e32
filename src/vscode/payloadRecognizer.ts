import * as vscode from 'vscode';
import { detectProvider } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import { fileAssociations } from './configuration';

export const JSON_SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

/** Decides whether an open document is a payload file, and for which API. */
export class PayloadRecognizer {
  providerFor(document: vscode.TextDocument): ProviderProfile | undefined {
    if (document.languageId !== 'json' && document.languageId !== 'jsonc') return undefined;
    const associations = fileAssociations(document.uri);
    return detectProvider(
      document.fileName || document.uri.path,
      document.getText(),
      (pattern) => vscode.languages.match({ pattern }, document) > 0,
      associations,
    );
  }

  /**
   * Whether VS Code's JSON language service already validates this document against our
   * schema (through the contributed `jsonValidation`): then it reports syntax and schema
   * problems itself and we must not repeat them. A top-level `$schema` takes precedence
   * over the association there, so such files get our schema findings. The association's
   * file patterns are only applied to files on disk (an unsaved "untitled:" buffer is not
   * matched, as seen in VS Code 1.100).
   */
  isCoveredByJsonLanguageService(document: vscode.TextDocument, provider: ProviderProfile): boolean {
    if (document.uri.scheme !== 'file') return false;
    const name = document.uri.path.toLowerCase();
    return name.endsWith(provider.fileSuffix) && !/"\$schema"\s*:/.test(document.getText().slice(0, 4096));
  }
}
