import * as vscode from 'vscode';
import { PROVIDERS, providerById } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import { parseSnippetFile, type Snippet } from '../core/snippets';
import { dialogs } from './dialogs';

/**
 * The order New Payload offers the APIs in: Ignisign v4 first, since Ignisign archived v3 (see the
 * README's table); the others as registered.
 */
const OFFERED_FIRST = ['ignisign-v4'];
/** How many "draft-update-N" names are tried for a free one (counts, not time, bound the work). */
const MAX_PROPOSED_NAMES = 100;

/** Optional arguments, so that the command can be scripted (keybindings, tests) without prompts. */
export interface NewPayloadArgs {
  provider?: string;
  /** A snippet prefix from snippets/<provider>.json, e.g. "ignisign-minimal". */
  template?: string;
  /** Where to create the file; it must not exist yet. */
  uri?: vscode.Uri | string;
}

async function loadSnippets(extensionUri: vscode.Uri, provider: ProviderProfile): Promise<Snippet[]> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'snippets', `${provider.id}.json`));
  return parseSnippetFile(JSON.parse(new TextDecoder().decode(bytes)));
}

async function pickProvider(args: NewPayloadArgs): Promise<ProviderProfile | undefined> {
  if (args.provider) {
    const provider = providerById(args.provider);
    if (!provider) throw new Error(`Unknown provider "${args.provider}": expected one of ${PROVIDERS.map((p) => p.id).join(', ')}.`);
    return provider;
  }
  const ordered = [...PROVIDERS].sort((a, b) => offerRank(a) - offerRank(b));
  const picked = await dialogs.pick(
    ordered.map((p) => ({ label: p.displayName, description: p.callLabel, provider: p })),
    { title: 'New E-Sign Drafts payload', placeHolder: 'Which API is the update for?' },
  );
  return picked?.provider;
}

function offerRank(provider: ProviderProfile): number {
  const index = OFFERED_FIRST.indexOf(provider.id);
  return index === -1 ? OFFERED_FIRST.length + PROVIDERS.indexOf(provider) : index;
}

async function pickTemplate(args: NewPayloadArgs, provider: ProviderProfile, snippets: Snippet[]): Promise<Snippet | undefined> {
  if (args.template) {
    const snippet = snippets.find((s) => s.prefix === args.template);
    if (!snippet) throw new Error(`Unknown template "${args.template}" for ${provider.displayName}: expected one of ${snippets.map((s) => s.prefix).join(', ')}.`);
    return snippet;
  }
  // Whole-payload templates first (those the profile names), then the task snippets.
  const ordered = [...snippets].sort((a, b) => rank(provider, a) - rank(provider, b));
  const picked = await dialogs.pick(
    ordered.map((s) => ({ label: s.name, description: s.prefix, detail: s.description, snippet: s })),
    { title: `New ${provider.displayName} payload`, placeHolder: 'Start from which template?' },
  );
  return picked?.snippet;
}

function rank(provider: ProviderProfile, snippet: Snippet): number {
  const index = provider.templates.findIndex((t) => t.snippetPrefix === snippet.prefix);
  return index === -1 ? 100 : index;
}

async function pickTarget(args: NewPayloadArgs, provider: ProviderProfile): Promise<vscode.Uri | undefined> {
  if (args.uri) return typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && active.scheme === 'file' ? vscode.Uri.joinPath(active, '..') : undefined) ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const proposed = await freeName(folder, provider);
  const name = await dialogs.input({
    title: `New ${provider.displayName} payload`,
    prompt: folder ? `File name (in ${vscode.workspace.asRelativePath(folder)})` : 'File name',
    value: proposed,
    valueSelection: [0, proposed.length - provider.fileSuffix.length],
    ignoreFocusOut: true,
    // A name that exists is refused right in the box (Enter does nothing), so the choices made so far are kept.
    validateInput: async (value) => {
      if (!value.trim()) return 'Enter a file name.';
      if (/[\\/:*?"<>|]/.test(value)) return 'A file name cannot contain \\ / : * ? " < > |';
      if (!value.toLowerCase().endsWith(provider.fileSuffix)) return `End the name with "${provider.fileSuffix}" so that the file is recognised as a ${provider.displayName} payload.`;
      if (folder && (await exists(vscode.Uri.joinPath(folder, value.trim())))) return `${value.trim()} already exists: choose another name (New Payload never overwrites a file).`;
      return undefined;
    },
  });
  if (!name) return undefined;
  return folder ? vscode.Uri.joinPath(folder, name.trim()) : vscode.Uri.parse(`untitled:${name.trim()}`);
}

/** "draft-update<suffix>", or "draft-update-2<suffix>", …: the first that does not exist in the folder. */
async function freeName(folder: vscode.Uri | undefined, provider: ProviderProfile): Promise<string> {
  const nameOf = (n: number) => `draft-update${n === 1 ? '' : `-${n}`}${provider.fileSuffix}`;
  if (!folder) return nameOf(1);
  for (let n = 1; n <= MAX_PROPOSED_NAMES; n++) {
    if (!(await exists(vscode.Uri.joinPath(folder, nameOf(n))))) return nameOf(n);
  }
  return nameOf(MAX_PROPOSED_NAMES + 1);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  if (uri.scheme === 'untitled') return false;
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** "E-Sign Drafts: New Payload…": a file from a template, its placeholders ready to tab through. */
export async function newPayload(extensionUri: vscode.Uri, args: NewPayloadArgs = {}): Promise<vscode.Uri | undefined> {
  try {
    const provider = await pickProvider(args);
    if (!provider) return undefined;
    const template = await pickTemplate(args, provider, await loadSnippets(extensionUri, provider));
    if (!template) return undefined;
    let target = await pickTarget(args, provider);
    // Named by a script, or created since the name was checked: asked again (the API and template kept), never overwritten.
    while (target && (await exists(target))) {
      if (args.uri) {
        void dialogs.error(`E-Sign Drafts: ${vscode.workspace.asRelativePath(target)} already exists; choose another name (New Payload never overwrites a file).`);
        return undefined;
      }
      target = await pickTarget(args, provider);
    }
    if (!target) return undefined;
    if (target.scheme !== 'untitled') await vscode.workspace.fs.writeFile(target, new Uint8Array());
    const document = await vscode.workspace.openTextDocument(target);
    const editor = await vscode.window.showTextDocument(document);
    await editor.insertSnippet(new vscode.SnippetString(template.body), new vscode.Position(0, 0));
    if (target.scheme !== 'untitled') await document.save();
    return target;
  } catch (error) {
    void vscode.window.showErrorMessage(`E-Sign Drafts: could not create the payload: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
