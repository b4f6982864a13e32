/* eslint-disable @typescript-eslint/no-require-imports -- required on first use (see bundledSchema.ts) */
import { bundledSchema } from '../../lint/bundledSchema';

/** schemas/zigned-v3-update-agreement.schema.json, the update body's schema. */
export const updateSchema = bundledSchema(() => require('../../../../schemas/zigned-v3-update-agreement.schema.json'));

/** schemas/zigned-v3-agreement-response.schema.json, what the API answers. */
export const responseSchema = bundledSchema(() => require('../../../../schemas/zigned-v3-agreement-response.schema.json'));
