import type { ProviderProfile } from '../types';
import { responseSchema, updateSchema } from './schemas';
import { ignisignV4Identity } from './identity';
import { ignisignProfile } from '../ignisign/profile';
import { ignisignV4Draft } from '../ignisign/draft';
import { ignisignV4Rules } from './rules';
import { ignisignV4Send } from './send';

/** Ignisign v4, the current API: `PUT /v4/signature-requests/:signatureRequestId`. */
export const ignisignV4Profile: ProviderProfile = {
  ...ignisignV4Identity,
  ruleFamily: 'ignisign',
  callLabel: 'PUT /v4/signature-requests/:signatureRequestId',
  get updateSchema() {
    return updateSchema();
  },
  responseSchemaFile: 'ignisign-v4-signature-request-context.schema.json',
  get responseSchema() {
    return responseSchema();
  },
  targetIdLabel: 'signature request id',
  // Same ids as v3.
  validateTargetId: (id) => ignisignProfile.validateTargetId(id),
  targetIdFormat: ignisignProfile.targetIdFormat,
  rules: ignisignV4Rules,
  send: ignisignV4Send,
  draft: ignisignV4Draft,
  templates: [
    { label: 'Minimal update', snippetPrefix: 'ignisign-v4-minimal', description: 'Title, signers, documents and signature method' },
    { label: 'Full update', snippetPrefix: 'ignisign-v4-full', description: 'Every field the v4 update takes' },
  ],
};
