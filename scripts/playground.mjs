// The playground `npm start` opens (scripts/start.mjs): a copy of samples/ in a folder git ignores.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The payload the playground opens on. */
export const FIRST_SAMPLE = 'employment-contract.ignisign-v4.json';

/**
 * The playground's workspace settings: no Get Started page of VS Code's own (ours opens instead),
 * and no git, which would offer to open the repository the playground sits in.
 */
export const PLAYGROUND_SETTINGS = { 'workbench.startupEditor': 'none', 'git.openRepositoryInParentFolders': 'never', 'git.enabled': false };

/** Set for the editor `npm start` opens: the extension then opens its walkthrough (src/extension.ts, PLAYGROUND_WALKTHROUGH_ENV). */
export const WALKTHROUGH_ENV = { ESIGN_DRAFTS_OPEN_WALKTHROUGH: '1' };

/**
 * Copies samples/ into `playground`, keeping what is there (a user's edits survive the next
 * `npm start`; samples added since are copied in), and adds the playground settings to its
 * `.vscode/settings.json` (a value the user set there is kept). Returns the file to open first.
 */
export function preparePlayground(samples, playground) {
  cpSync(samples, playground, { recursive: true, force: false });
  const settingsFile = join(playground, '.vscode', 'settings.json');
  mkdirSync(join(playground, '.vscode'), { recursive: true });
  const settings = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : {};
  writeFileSync(settingsFile, `${JSON.stringify({ ...PLAYGROUND_SETTINGS, ...settings }, null, 2)}\n`);
  return join(playground, FIRST_SAMPLE);
}
