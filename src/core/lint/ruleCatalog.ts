import { PROVIDERS } from '../providers/registry';
import { ENGINE_RULES } from './engine';
import type { Severity } from './types';

export interface RuleEntry {
  id: string;
  defaultSeverity: Severity;
  description: string;
  /** "every provider", or the provider's display name. */
  appliesTo: string;
}

/**
 * Every rule id a setting may name: the engine's, then each provider's. The settings schema in
 * package.json and schemas/esign-drafts.config.schema.json are generated from it (scripts/rule-schemas.mjs).
 */
export function ruleCatalog(): RuleEntry[] {
  return [
    ...Object.entries(ENGINE_RULES).map(([id, rule]) => ({ id, defaultSeverity: rule.severity, description: rule.description, appliesTo: 'every provider' })),
    ...PROVIDERS.flatMap((provider) => provider.rules.map((rule) => ({ id: rule.id, defaultSeverity: rule.defaultSeverity, description: rule.description, appliesTo: provider.displayName }))),
  ];
}

export function providerIds(): string[] {
  return PROVIDERS.map((provider) => provider.id);
}

/**
 * Each provider's update schema file, and the display names of its rule family (itself and the
 * providers whose rule settings it shares): the generator lists their rules in the "$lint" property.
 */
export function providerSchemaFiles(): { schemaFile: string; family: string[] }[] {
  const familyOf = (p: (typeof PROVIDERS)[number]) => p.ruleFamily ?? p.id;
  return PROVIDERS.map((provider) => ({ schemaFile: provider.schemaFile, family: PROVIDERS.filter((p) => familyOf(p) === familyOf(provider)).map((p) => p.displayName) }));
}
