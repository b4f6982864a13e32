import { getLanguageService, type ClientCapabilities, type LanguageService } from 'vscode-json-languageservice';
import type { CompletionList, DocumentSymbol, FoldingRange, Hover, Position, SelectionRange } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ProviderProfile } from '../core/providers/types';
import { itemLimitFor } from './itemLimits';

/** Told when a document's outline or folding ranges were cut at `limit` (itemLimits.ts). */
export type ItemLimitListener = (uri: string, what: 'outline' | 'folding ranges', limit: number) => void;

/**
 * Completion and hover from OUR update schemas (formatting: payloadFormat.ts) (and the outline, folding and
 * selection ranges VS Code's JSON support gave these files before they had a language of their own), through vscode-json-languageservice
 * (the library behind VS Code's JSON support): one service per provider, bound to that
 * provider's schema for every document it is asked about. It never validates: diagnostics are
 * the lint engine's alone.
 */
export class JsonFeatures {
  private readonly services = new Map<string, LanguageService>();

  constructor(
    private readonly clientCapabilities: ClientCapabilities,
    private readonly onLimitReached: ItemLimitListener = () => undefined,
  ) {}

  private serviceFor(provider: ProviderProfile): LanguageService {
    let service = this.services.get(provider.id);
    if (!service) {
      service = getLanguageService({ clientCapabilities: this.clientCapabilities });
      service.configure({
        validate: false,
        allowComments: false,
        schemas: [{ uri: `esign-drafts://schemas/${provider.schemaFile}`, fileMatch: ['*'], schema: provider.updateSchema }],
      });
      this.services.set(provider.id, service);
    }
    return service;
  }

  async complete(document: TextDocument, position: Position, provider: ProviderProfile): Promise<CompletionList | null> {
    const service = this.serviceFor(provider);
    return service.doComplete(document, position, service.parseJSONDocument(document));
  }

  async hover(document: TextDocument, position: Position, provider: ProviderProfile): Promise<Hover | null> {
    const service = this.serviceFor(provider);
    return service.doHover(document, position, service.parseJSONDocument(document));
  }

  /** The outline, folding and smart selection: what VS Code's JSON support gave these files before. */
  symbols(document: TextDocument, provider: ProviderProfile): DocumentSymbol[] {
    const service = this.serviceFor(provider);
    const limit = itemLimitFor(document.getText().length);
    return service.findDocumentSymbols2(document, service.parseJSONDocument(document), { resultLimit: limit, onResultLimitExceeded: (uri) => this.onLimitReached(uri, 'outline', limit) });
  }

  foldingRanges(document: TextDocument, provider: ProviderProfile): FoldingRange[] {
    const limit = itemLimitFor(document.getText().length);
    return this.serviceFor(provider).getFoldingRanges(document, { rangeLimit: limit, onRangeLimitExceeded: (uri) => this.onLimitReached(uri, 'folding ranges', limit) });
  }

  selectionRanges(document: TextDocument, positions: Position[], provider: ProviderProfile): SelectionRange[] {
    const service = this.serviceFor(provider);
    return service.getSelectionRanges(document, positions, service.parseJSONDocument(document));
  }
}
