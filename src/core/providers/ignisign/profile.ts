import type { ProviderProfile } from '../types';
import { responseSchema, updateSchema } from './schemas';
import { ignisignIdentity } from './identity';
import { ignisignRules } from './rules';
import { ignisignSend } from './send';
import { ignisignDraft } from './draft';

/** Ignisign v3: `PUT /v3/signature-requests/:signatureRequestId`. */
export const ignisignProfile: ProviderProfile = {
  ...ignisignIdentity,
  ruleFamily: 'ignisign',
  callLabel: 'PUT /v3/signature-requests/:signatureRequestId',
  get updateSchema() {
    return updateSchema();
  },
  responseSchemaFile: 'ignisign-v3-signature-request-context.schema.json',
  get responseSchema() {
    return responseSchema();
  },
  targetIdLabel: 'signature request id',
  validateTargetId(id) {
    // Ignisign ids are opaque strings (MongoDB-style ObjectIds in practice); they go into the URL path.
    if (!/^[A-Za-z0-9_-]{6,64}$/.test(id)) {
      return `"${id}" does not look like an Ignisign signature request id: expected 6–64 letters, digits, "-" or "_" (e.g. 65f1c2a9e4b0a1b2c3d4e5f6).`;
    }
    return undefined;
  },
  targetIdFormat: {
    // Not documented (the v3 page says only "string"); observed: ids in Ignisign webhook payloads
    // are 24-hex MongoDB ObjectIds (sources in docs/rules/request-id-format.md). Hence a warning.
    pattern: /^[0-9a-fA-F]{24}$/,
    description: 'a 24-character hexadecimal id (a MongoDB ObjectId)',
    example: '672d206d10e44e00125eac63',
    documented: false,
  },
  rules: ignisignRules,
  send: ignisignSend,
  draft: ignisignDraft,
  templates: [
    { label: 'Minimal update', snippetPrefix: 'ignisign-minimal', description: 'Title, signers and documents' },
    { label: 'Full update', snippetPrefix: 'ignisign-full', description: 'Every field the update takes' },
  ],
};
