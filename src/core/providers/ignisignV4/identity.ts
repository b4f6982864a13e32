import type { ProviderIdentity } from '../types';

/** How an Ignisign v4 payload is recognised (detection.ts); the profile spreads it in. */
export const ignisignV4Identity: ProviderIdentity = {
  id: 'ignisign-v4',
  displayName: 'Ignisign v4',
  fileSuffix: '.ignisign-v4.json',
  schemaFile: 'ignisign-v4-update-signature-request.schema.json',
};
