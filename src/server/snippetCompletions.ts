import fs = require('node:fs');
import path = require('node:path');
import { findNodeAtOffset, parseTree } from 'jsonc-parser';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseSnippetFile, type Snippet } from '../core/snippets';
import type { ProviderProfile } from '../core/providers/types';

/**
 * The provider's snippets (snippets/<provider>.json) as completions, only where they make valid
 * JSON: whole-payload templates in a payload document that is empty but for white space;
 * property snippets where a new property of the root object can start (not inside a key or a
 * value). Other JSON files never see them.
 */
export class SnippetCompletions {
  private readonly cache = new Map<string, Snippet[]>();

  constructor(private readonly snippetsDirectory: string | undefined) {}

  completionsAt(document: TextDocument, position: Position, provider: ProviderProfile): CompletionItem[] {
    const text = document.getText();
    if (text.trim() === '') {
      const whole = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
      return this.items(provider, (snippet) => isWholePayload(snippet), () => ({ range: whole, prefix: '', suffix: '' }));
    }
    const offset = document.offsetAt(position);
    // Only in the root object's own white space: not inside a key, a value or a nested object.
    const root = parseTree(text);
    if (!root || root.type !== 'object' || offset <= root.offset || offset >= root.offset + root.length) return [];
    if (findNodeAtOffset(root, offset) !== root) return [];
    // A prefix typed so far ("ignisign-sch") is replaced; commas make the inserted properties
    // sit between their neighbours as valid JSON.
    let wordStart = offset;
    while (wordStart > 0 && /[\w-]/.test(text[wordStart - 1])) wordStart--;
    const before = text.slice(0, wordStart).trimEnd();
    const after = text.slice(offset).trimStart();
    const prefix = before.endsWith('{') || before.endsWith(',') ? '' : ',';
    const suffix = after.startsWith('"') ? ',' : '';
    const here = { start: document.positionAt(wordStart), end: position };
    return this.items(provider, (snippet) => !isWholePayload(snippet), () => ({ range: here, prefix, suffix }));
  }

  private items(provider: ProviderProfile, wanted: (snippet: Snippet) => boolean, placement: () => { range: Range; prefix: string; suffix: string }): CompletionItem[] {
    const { range, prefix, suffix } = placement();
    return this.snippetsOf(provider)
      .filter(wanted)
      .map((snippet, index) => ({
        label: snippet.prefix,
        kind: CompletionItemKind.Snippet,
        detail: snippet.name,
        documentation: snippet.description,
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range, newText: prefix + snippet.body + suffix },
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

function isWholePayload(snippet: Snippet): boolean {
  return snippet.body.trimStart().startsWith('{');
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
