import { findVariables } from './variables';

/** Names that look like they hold a secret: their value is never shown on hover (a screen may be shared). */
const SECRET_NAME = /secret|password|passwd|token|api[-_.]?key|private/i;

/** The `{{name}}` under an offset of a text, looked for on that offset's line only (hover is per position). */
export function variableAt(text: string, offset: number): { name: string; offset: number; length: number } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEndAt === -1 ? text.length : lineEndAt);
  if (!line.includes('{{')) return undefined;
  const use = findVariables(line).find((u) => lineStart + u.index <= offset && offset <= lineStart + u.index + u.length);
  return use ? { name: use.name, offset: lineStart + use.index, length: use.length } : undefined;
}

/**
 * What hovering a `{{name}}` says (Markdown): its value in the environment the file is sent to,
 * that it is missing there, or (for a name that looks like a secret) that its value is hidden.
 * `environment`: the file's `$request.environment`, when it names one.
 */
export function variableHoverText(name: string, variables: Readonly<Record<string, string>>, environment: string | undefined): string {
  const where = environment ? `environment \`${environment}\`` : 'the active environment for this file';
  if (!Object.prototype.hasOwnProperty.call(variables, name)) return `\`{{${name}}}\` is not defined in ${where}: sending is blocked until it is (\`esignDrafts.environments\` → \`variables\`).`;
  if (SECRET_NAME.test(name)) return `\`{{${name}}}\` is defined in ${where} (its value is not shown: the name looks like a secret).`;
  return `\`{{${name}}}\` = \`${JSON.stringify(variables[name])}\` in ${where}.`;
}
