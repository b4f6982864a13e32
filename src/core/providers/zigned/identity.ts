import type { ProviderIdentity } from '../types';

/** How a Zigned v3 payload is recognised (detection.ts); the profile spreads it in. */
export const zignedIdentity: ProviderIdentity = {
  id: 'zigned',
  displayName: 'Zigned v3',
  fileSuffix: '.zigned.json',
  schemaFile: 'zigned-v3-update-agreement.schema.json',
};
