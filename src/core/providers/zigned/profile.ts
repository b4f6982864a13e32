import type { ProviderProfile } from '../types';
import { responseSchema, updateSchema } from './schemas';
import { zignedIdentity } from './identity';
import { zignedRules } from './rules';
import { zignedSend } from './send';
import { zignedDraft } from './draft';

/** Zigned v3: `PUT /agreements/:agreement_id` under https://api.zigned.se/rest/v3. */
export const zignedProfile: ProviderProfile = {
  ...zignedIdentity,
  callLabel: 'PUT /agreements/:agreement_id',
  get updateSchema() {
    return updateSchema();
  },
  responseSchemaFile: 'zigned-v3-agreement-response.schema.json',
  get responseSchema() {
    return responseSchema();
  },
  targetIdLabel: 'agreement id',
  validateTargetId(id) {
    // Zigned ids are cuids: a "c" followed by lower-case letters and digits (25 characters for cuid v1).
    if (!/^c[a-z0-9]{20,32}$/.test(id)) {
      return `"${id}" is not a Zigned agreement id: expected a cuid, a "c" followed by 20–32 lower-case letters and digits (e.g. clx0f3k2p0000abcd1234efgh).`;
    }
    return undefined;
  },
  targetIdFormat: {
    // The API reference types agreement_id as "cuid" (https://docs.zigned.se/agreements/put-agreements-agreement-id).
    pattern: /^c[a-z0-9]{20,32}$/,
    description: 'a cuid: a lower-case "c" followed by 20 to 32 lower-case letters and digits',
    example: 'clx0f3k2p0000abcd1234efgh',
    documented: true,
  },
  rules: zignedRules,
  send: zignedSend,
  draft: zignedDraft,
  templates: [
    { label: 'Minimal update', snippetPrefix: 'zigned-minimal', description: 'Trust level and locale' },
    { label: 'Full update', snippetPrefix: 'zigned-full', description: 'Every field the update takes' },
  ],
};
