import { ENGINE_RULES } from '../lint/engine';
import type { ProviderProfile } from '../providers/types';
import { baseUrlOf } from '../send/environments';
import type { EnvironmentConfig } from '../send/types';
import type { ResolvedSeverity } from './ruleSeverities';

/** What a payload is checked and sent with, and where each part came from (print-config, Show Effective Configuration). */
export interface EffectiveConfigReport {
  file: string;
  provider: string;
  /** The esign-drafts.config.json found for the file; null: none (defaults, and in the editor personal settings). */
  config: string | null;
  rules: { ruleId: string; severity: string; source: string; as: string }[];
  environments: { name: string; provider: string; baseUrl: string; production: boolean; source: string; variables: string[] }[];
}

export function effectiveConfigReport(
  file: string,
  profile: ProviderProfile,
  configFile: string | undefined,
  resolved: ReadonlyMap<string, ResolvedSeverity>,
  environments: readonly EnvironmentConfig[],
): EffectiveConfigReport {
  const all = [...Object.entries(ENGINE_RULES).map(([id, rule]) => ({ id, defaultSeverity: rule.severity })), ...profile.rules.map((rule) => ({ id: rule.id, defaultSeverity: rule.defaultSeverity }))];
  const rules = all.map(({ id, defaultSeverity }) => {
    const set = resolved.get(id);
    return set ? { ruleId: id, severity: set.setting, source: set.source, as: set.key } : { ruleId: id, severity: defaultSeverity, source: 'default', as: id };
  });
  const sourceOf = (e: EnvironmentConfig) => (e.origin === 'builtin' ? 'built in' : e.origin === 'config' ? (configFile ?? 'config') : `${e.origin} settings`);
  return {
    file,
    provider: profile.id,
    config: configFile ?? null,
    rules,
    environments: environments.map((e) => ({ name: e.name, provider: e.provider, baseUrl: baseUrlOf(profile, e), production: e.production === true, source: sourceOf(e), variables: Object.keys(e.variables ?? {}) })),
  };
}

/** The report as text: one line per rule and environment, aligned. */
export function formatEffectiveConfig(report: EffectiveConfigReport, displayName: string): string {
  const width = Math.max(...report.rules.map((r) => r.ruleId.length));
  return [
    `${report.file} (${displayName})`,
    `config: ${report.config ?? "none found (from the file's folder up to the repository root)"}`,
    '',
    'rules:',
    ...report.rules.map((r) => `  ${r.ruleId.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.source === 'default' ? 'default' : `${r.source}${r.as !== r.ruleId ? ` (as "${r.as}")` : ''}`}`),
    '',
    'environments:',
    ...report.environments.map((e) => `  ${e.name}  ${e.baseUrl}${e.production ? '  production' : ''}  (${e.source})${e.variables.length > 0 ? `  variables: ${e.variables.join(', ')}` : ''}`),
  ].join('\n');
}
