import path = require('node:path');
import { matchesGlob } from '../glob/globMatcher';
import type { SeveritySetting } from '../lint/types';
import type { ProviderProfile } from '../providers/types';
import type { ProjectConfig } from './projectConfig';
import { resolveSeverities, severitySettings, type ResolvedSeverity, type SeverityLayer } from './ruleSeverities';

const SEVERITIES = new Set<string>(['off', 'info', 'warning', 'error']);

export interface LintConfigInputs {
  provider: ProviderProfile;
  providers: readonly ProviderProfile[];
  /** Absolute path of the payload file (undefined for an untitled buffer: no overrides apply). */
  file?: string;
  /** The project config that governs the file, when there is one (and it is valid). */
  config?: ProjectConfig;
  /** The editor's `esignDrafts.rules`: personal choices, used for payloads no project config governs. */
  settings?: Readonly<Record<string, SeveritySetting>>;
  /** The payload's parsed value: its `$lint` key is the file's own choice. */
  value?: unknown;
}

export interface EffectiveLintConfig {
  /** Rule id → setting, as the engine takes them. */
  severities: Record<string, SeveritySetting>;
  /** Where each setting came from (print-config, Show Effective Configuration). */
  resolved: Map<string, ResolvedSeverity>;
}

/**
 * The severities a payload is linted with, the same in the editor, the language server and the
 * CLI. Lowest precedence first:
 *  1. the rules' defaults;
 *  2. where a project config governs the payload: its `rules`, then each of its `overrides` whose
 *     `files` match the payload, in order; where none does: the editor's `esignDrafts.rules`
 *     settings (personal choices; the CLI has none);
 *  3. the payload's own `$lint`.
 * Under a project config the editor ignores personal rule settings, so that Problems, the send gate
 * and `esign-drafts lint` in CI always give one verdict for the same file.
 */
export function effectiveLintConfig(inputs: LintConfigInputs): EffectiveLintConfig {
  const layers = severityLayers(inputs);
  // Most files of a run share their layers (the same config, the same overrides, no $lint):
  // resolved once per provider and set of layers, not once per file (2 000 files in CI).
  const key = layers.some((layer) => layer.source === OWN_LAYER) ? undefined : `${inputs.provider.id}|${layers.map((layer) => identityOf(layer.rules)).join(',')}`;
  const cached = key === undefined ? undefined : resolvedCache.get(key);
  if (cached) return cached;
  const resolved = resolveSeverities(inputs.provider, inputs.providers, layers);
  const result = { severities: severitySettings(resolved), resolved };
  if (key !== undefined) {
    if (resolvedCache.size >= MAX_CACHED) resolvedCache.clear();
    resolvedCache.set(key, result);
  }
  return result;
}

const OWN_LAYER = '$lint in the file';
const MAX_CACHED = 256;
/** Effective configs by provider and the identities of their layers' rule objects (a config read again is a new object). */
const resolvedCache = new Map<string, EffectiveLintConfig>();
const identities = new WeakMap<object, number>();
let lastIdentity = 0;

function identityOf(rules: object): number {
  let id = identities.get(rules);
  if (id === undefined) identities.set(rules, (id = ++lastIdentity));
  return id;
}

export function severityLayers(inputs: Omit<LintConfigInputs, 'provider' | 'providers'>): SeverityLayer[] {
  const layers: SeverityLayer[] = [];
  const config = inputs.config;
  if (!config && inputs.settings && Object.keys(inputs.settings).length > 0) layers.push({ source: 'esignDrafts.rules (settings)', rules: inputs.settings });
  if (config) {
    layers.push({ source: config.file, rules: config.rules });
    const relative = inputs.file ? path.relative(config.directory, inputs.file).split(path.sep).join('/') : undefined;
    if (relative !== undefined && !relative.startsWith('../')) {
      config.overrides.forEach((override, index) => {
        if (override.files.some((pattern) => matchesGlob(pattern, relative))) layers.push({ source: `${config.file} overrides[${index}]`, rules: override.rules });
      });
    }
  }
  const own = lintMetadata(inputs.value);
  if (own) layers.push({ source: OWN_LAYER, rules: own });
  return layers;
}

/** The payload's `"$lint": { rule: severity }`; entries that are not severities are left to the schema finding. */
export function lintMetadata(value: unknown): Record<string, SeveritySetting> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const raw = (value as Record<string, unknown>)['$lint'];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const out: Record<string, SeveritySetting> = {};
  for (const [rule, setting] of Object.entries(raw)) if (typeof setting === 'string' && SEVERITIES.has(setting)) out[rule] = setting as SeveritySetting;
  return out;
}
