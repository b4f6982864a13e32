import * as fs from 'node:fs';
import * as path from 'node:path';
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseSnippetFile, type Snippet } from '../core/snippets';
import type { ProviderProfile } from '../core/providers/types';

/**
 * Whole-payload templates (snippets/<provider>.json) as completions. They are offered only where
 * a whole payload can go: a payload document that is empty but for white space. Inside a value,
 * or in any other JSON file, they would only produce invalid JSON.
 */
export class SnippetCompletions {
  private readonly cache = new Map<string, Snippet[]>();

  constructor(private readonly snippetsDirectory: string | undefined) {}

  completionsAt(document: TextDocument, provider: ProviderProfile): CompletionItem[] {
    if (document.getText().trim() !== '') return [];
    const whole = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
    return this.snippetsOf(provider)
      .filter((snippet) => snippet.body.trimStart().startsWith('{'))
      .map((snippet, index) => ({
        label: snippet.prefix,
        kind: CompletionItemKind.Snippet,
        detail: snippet.name,
        documentation: snippet.description,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: whole, newText: snippet.body },
        // The profile's templates first, in its order.
        sortText: String(rank(provider, snippet, index)).padStart(4, '0'),
        filterText: snippet.prefix,
      }));
  }

  private snippetsOf(provider: ProviderProfile): Snippet[] {
    let snippets = this.cache.get(provider.id);
    if (!snippets) {
      snippets = [];
      if (this.snippetsDirectory) {
        try {
          snippets = parseSnippetFile(JSON.parse(fs.readFileSync(path.join(this.snippetsDirectory, `${provider.id}.json`), 'utf8')));
        } catch {
          // A provider without a snippet file simply has no templates.
        }
      }
      this.cache.set(provider.id, snippets);
    }
    return snippets;
  }
}

function rank(provider: ProviderProfile, snippet: Snippet, index: number): number {
  const template = provider.templates.findIndex((t) => t.snippetPrefix === snippet.prefix);
  return template >= 0 ? template : provider.templates.length + index;
}

/**
 * The shipped snippets/ folder: beside the bundle's parent (dist/server.js → snippets/) or, for
 * the transpiled tests, a few levels up (out/src/server → out/snippets).
 */
export function findSnippetsDirectory(from: string): string | undefined {
  let directory = from;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(directory, 'snippets');
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) return candidate;
    directory = path.dirname(directory);
  }
  return undefined;
}
