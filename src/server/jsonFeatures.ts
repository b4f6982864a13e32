import { getLanguageService, type ClientCapabilities, type LanguageService } from 'vscode-json-languageservice';
import type { CompletionList, DocumentSymbol, FoldingRange, FormattingOptions, Hover, Position, Range, SelectionRange, TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ProviderProfile } from '../core/providers/types';

/**
 * The most outline symbols and folding ranges given for one document: VS Code's JSON support
 * stops at the same number (`json.maxItemsComputed`). A generated 10 MB payload has some 200 000
 * symbols: sent whole (54 MB of JSON on every change), decoding them blocked VS Code's extension
 * host for two seconds.
 */
export const MAX_ITEMS_COMPUTED = 5000;

/** Told when a document's outline or folding ranges were cut at MAX_ITEMS_COMPUTED. */
export type ItemLimitListener = (uri: string, what: 'outline' | 'folding ranges') => void;

/**
 * Completion, hover and formatting from OUR update schemas (and the outline, folding and
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

  format(document: TextDocument, range: Range | undefined, options: FormattingOptions, provider: ProviderProfile): TextEdit[] {
    return this.serviceFor(provider).format(document, range, options);
  }

  /** The outline, folding and smart selection: what VS Code's JSON support gave these files before. */
  symbols(document: TextDocument, provider: ProviderProfile): DocumentSymbol[] {
    const service = this.serviceFor(provider);
    return service.findDocumentSymbols2(document, service.parseJSONDocument(document), { resultLimit: MAX_ITEMS_COMPUTED, onResultLimitExceeded: (uri) => this.onLimitReached(uri, 'outline') });
  }

  foldingRanges(document: TextDocument, provider: ProviderProfile): FoldingRange[] {
    return this.serviceFor(provider).getFoldingRanges(document, { rangeLimit: MAX_ITEMS_COMPUTED, onRangeLimitExceeded: (uri) => this.onLimitReached(uri, 'folding ranges') });
  }

  selectionRanges(document: TextDocument, positions: Position[], provider: ProviderProfile): SelectionRange[] {
    const service = this.serviceFor(provider);
    return service.getSelectionRanges(document, positions, service.parseJSONDocument(document));
  }
}
