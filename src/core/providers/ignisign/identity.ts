import type { ProviderIdentity } from '../types';

/** How an Ignisign v3 payload is recognised (detection.ts); the profile spreads it in. */
export const ignisignIdentity: ProviderIdentity = {
  id: 'ignisign',
  displayName: 'Ignisign v3',
  fileSuffix: '.ignisign.json',
  schemaFile: 'ignisign-v3-update-signature-request.schema.json',
};
