/* eslint-disable @typescript-eslint/no-require-imports -- required on first use (see bundledSchema.ts) */
import { bundledSchema } from '../../lint/bundledSchema';

/** schemas/ignisign-v3-update-signature-request.schema.json, the update body's schema. */
export const updateSchema = bundledSchema(() => require('../../../../schemas/ignisign-v3-update-signature-request.schema.json'));

/** schemas/ignisign-v3-signature-request-context.schema.json, what the API answers. */
export const responseSchema = bundledSchema(() => require('../../../../schemas/ignisign-v3-signature-request-context.schema.json'));
