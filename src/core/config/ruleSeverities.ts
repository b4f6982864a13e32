import type { SeveritySetting } from '../lint/types';
import { ENGINE_RULES } from '../lint/engine';
import type { ProviderProfile } from '../providers/types';

/** One source of rule severities, lowest precedence first when several are given. */
export interface SeverityLayer {
  /** Where these settings come from, for print-config and messages: a file path, "$lint", "esignDrafts.rules (user settings)". */
  readonly source: string;
  readonly rules: Readonly<Record<string, SeveritySetting>>;
}

export interface ResolvedSeverity {
  setting: SeveritySetting;
  /** The layer it came from, and the key it was written under there (the rule's id, its bare name, or the same rule of a sibling provider). */
  source: string;
  key: string;
}

/** `ignisign/signer-ids-missing` → `signer-ids-missing`; an engine rule's id is its own name. */
export function ruleName(ruleId: string): string {
  const slash = ruleId.lastIndexOf('/');
  return slash < 0 ? ruleId : ruleId.slice(slash + 1);
}

/**
 * The keys a setting may use for one rule of a provider, most specific first:
 *  1. the rule's own id (`ignisign-v4/signer-ids-missing`);
 *  2. its provider-free name (`signer-ids-missing`): the same rule in every provider that has it;
 *  3. the same rule under the other providers of its family (`ignisign/signer-ids-missing` for
 *     Ignisign v4, and back), so that a team's choice survives "Convert to Ignisign v4".
 */
export function settingKeysFor(ruleId: string, provider: Pick<ProviderProfile, 'id' | 'ruleFamily'>, family: readonly Pick<ProviderProfile, 'id' | 'ruleFamily'>[]): string[] {
  const name = ruleName(ruleId);
  if (name === ruleId) return [ruleId];
  const siblings = family.filter((p) => p.id !== provider.id && (p.ruleFamily ?? p.id) === (provider.ruleFamily ?? provider.id)).map((p) => `${p.id}/${name}`);
  return [ruleId, name, ...siblings];
}

/**
 * The effective severity setting of every rule a provider runs, from layers given lowest
 * precedence first. A higher layer wins whatever key it used; within one layer the most specific
 * key wins (see settingKeysFor). Rules no layer names are absent (the rule's default applies).
 */
export function resolveSeverities(
  provider: ProviderProfile,
  providers: readonly ProviderProfile[],
  layers: readonly SeverityLayer[],
): Map<string, ResolvedSeverity> {
  const out = new Map<string, ResolvedSeverity>();
  const ruleIds = [...Object.keys(ENGINE_RULES), ...provider.rules.map((rule) => rule.id)];
  for (const ruleId of ruleIds) {
    const keys = settingKeysFor(ruleId, provider, providers);
    resolve: for (let i = layers.length - 1; i >= 0; i--) {
      for (const key of keys) {
        const setting = Object.prototype.hasOwnProperty.call(layers[i].rules, key) ? layers[i].rules[key] : undefined;
        if (setting !== undefined) {
          out.set(ruleId, { setting, source: layers[i].source, key });
          break resolve;
        }
      }
    }
  }
  return out;
}

/** resolveSeverities as the engine takes it: rule id → setting. */
export function severitySettings(resolved: ReadonlyMap<string, ResolvedSeverity>): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  for (const [ruleId, { setting }] of resolved) out[ruleId] = setting;
  return out;
}
