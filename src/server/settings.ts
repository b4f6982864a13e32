import type { SeveritySetting } from '../core/lint/types';
import type { FileAssociation } from '../core/providers/registry';

/** The `esignDrafts` settings the server uses, pulled per document with workspace/configuration. */
export interface ServerSettings {
  rules: Record<string, SeveritySetting>;
  files: FileAssociation[];
  /** Milliseconds to wait after the last change before linting again. */
  lintDelayMs: number;
  /** `esignDrafts.format.enable`: false leaves formatting to another formatter (Prettier, VS Code's own). */
  formatEnabled: boolean;
}

export const DEFAULT_LINT_DELAY_MS = 250;

const SEVERITY_SETTINGS = new Set(['off', 'info', 'warning', 'error']);

/**
 * Reads the `esignDrafts` section as a client returned it. Anything malformed is ignored rather
 * than trusted: a client may send null (no such section) or values of any type.
 */
export function readSettings(section: unknown): ServerSettings {
  const object = isObject(section) ? section : {};
  const rules: Record<string, SeveritySetting> = {};
  if (isObject(object.rules)) {
    for (const [ruleId, setting] of Object.entries(object.rules)) {
      if (typeof setting === 'string' && SEVERITY_SETTINGS.has(setting)) rules[ruleId] = setting as SeveritySetting;
    }
  }
  const files = isObject(object.files)
    ? Object.entries(object.files)
        .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
        .map(([pattern, provider]) => ({ pattern, provider }))
    : [];
  // VS Code returns dotted keys nested ("lint": { "delay": … }); other clients may send either shape.
  const lint = isObject(object.lint) ? object.lint : {};
  const rawDelay = lint.delay ?? object['lint.delay'];
  const lintDelayMs = typeof rawDelay === 'number' && Number.isFinite(rawDelay) ? Math.max(0, Math.min(rawDelay, 5000)) : DEFAULT_LINT_DELAY_MS;
  const format = isObject(object.format) ? object.format : {};
  const formatEnabled = (format.enable ?? object['format.enable']) !== false;
  return { rules, files, lintDelayMs, formatEnabled };
}

/**
 * VS Code's `json.format` section as a client returned it: `keepLines` keeps the line breaks of
 * the text when formatting (VS Code's own JSON formatter reads the same setting). Anything but
 * `true` is false, VS Code's default.
 */
export function readKeepLines(section: unknown): boolean {
  return isObject(section) && section.keepLines === true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
