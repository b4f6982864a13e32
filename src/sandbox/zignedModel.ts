import { createHash } from 'node:crypto';
import { endOfUtcDay, parseIsoDate } from '../core/text/dates';
import type { ValidationProblem } from './errors';
import { cloneJson, isPlainObject } from './http';

/** The emulated Zigned account: agreements, stored in the shape the API answers with. */

export type AgreementStatus = 'draft' | 'open' | 'pending' | 'fulfilled' | 'cancelled' | 'generating' | 'failed_to_generate' | 'expired';
type Locale = 'sv-SE' | 'en-US';

export interface ZignedAgreement {
  id: string;
  status: AgreementStatus;
  trust_level: 'SES' | 'AES' | 'QES';
  cancellation_reason: string | null;
  theme: string | null;
  issuer: {
    name: string | null;
    email: string | null;
    role: 'observer' | 'signer' | 'approver';
    participant_id?: string;
    signing_room_url: string | null;
    locale: Locale | null;
  };
  participants: string[];
  observers: string[];
  signing_groups: string[];
  documents: { original_documents: { main: string | null; attachments: string[] }; signed_document: string | null };
  signing_order: { enabled: boolean; grouped: boolean };
  communication: {
    send_emails: boolean;
    default_locale: Locale | null;
    automatic_reminders: { enabled: boolean; intensity: 'normal' | 'intense' | null };
    recipient_messages: null;
  };
  metadata: { lookup_key: string | null; success_callback_url: string | null };
  expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Statuses in which PUT /agreements/:id is accepted (seed page: "must be in draft or open status"). */
export const UPDATABLE_STATUSES: readonly AgreementStatus[] = ['draft', 'open'];

/** The 200 body: the v3 envelope around the agreement (validates against the response schema). */
export function toEnvelope(agreement: ZignedAgreement): Record<string, unknown> {
  return {
    version: '1.0',
    result_type: 'single',
    resource_type: 'agreement',
    // Agreements made with a development API client, as every sandbox one is, come back with test_mode true.
    data: { ...cloneJson(agreement), resource_type: 'agreement', test_mode: true },
  };
}

/** The issuer's participant id when it signs or approves: stable per agreement, cuid-shaped. */
function issuerParticipantId(agreementId: string): string {
  return 'c' + createHash('sha256').update(`${agreementId}/issuer`).digest('hex').slice(0, 24);
}

/**
 * Maps the update fields onto the stored agreement, as the response reports them: absent fields
 * stay, `{ "remove": true }` / `{ "disconnect": true }` clear, nested issuer fields merge.
 */
export function applyUpdate(agreement: ZignedAgreement, body: Record<string, unknown>, now: Date): void {
  if (isPlainObject(body.issuer)) {
    const issuer = body.issuer;
    if (typeof issuer.name === 'string') agreement.issuer.name = issuer.name;
    if (typeof issuer.email === 'string') agreement.issuer.email = issuer.email;
    if (typeof issuer.locale === 'string') agreement.issuer.locale = issuer.locale as Locale;
    if (typeof issuer.role === 'string') setIssuerRole(agreement, issuer.role as ZignedAgreement['issuer']['role']);
  }
  if (typeof body.send_emails === 'boolean') agreement.communication.send_emails = body.send_emails;
  if (typeof body.trust_level === 'string') agreement.trust_level = body.trust_level as ZignedAgreement['trust_level'];
  if (typeof body.signing_order === 'boolean') agreement.signing_order = { enabled: body.signing_order, grouped: false };
  if (isPlainObject(body.theme)) agreement.theme = body.theme.disconnect === true ? null : String(body.theme.id);
  if ('success_callback_url' in body) agreement.metadata.success_callback_url = typeof body.success_callback_url === 'string' ? body.success_callback_url : null;
  if (typeof body.default_locale === 'string') agreement.communication.default_locale = body.default_locale as Locale;
  if ('lookup_key' in body) agreement.metadata.lookup_key = typeof body.lookup_key === 'string' ? body.lookup_key : null;
  if (typeof body.automatic_reminders === 'string') {
    agreement.communication.automatic_reminders = { enabled: true, intensity: body.automatic_reminders as 'normal' | 'intense' };
  }
  if (typeof body.expires_at === 'string') {
    const expiry = parseIsoDate(body.expires_at);
    // Only the UTC day counts: the agreement expires at its last millisecond.
    if (expiry) agreement.expires_at = endOfUtcDay(expiry).toISOString();
  }
  touch(agreement, now);
}

function setIssuerRole(agreement: ZignedAgreement, role: ZignedAgreement['issuer']['role']): void {
  agreement.issuer.role = role;
  const participantId = issuerParticipantId(agreement.id);
  if (role === 'observer') {
    delete agreement.issuer.participant_id;
    agreement.participants = agreement.participants.filter((id) => id !== participantId);
  } else {
    // A signing or approving issuer is a participant too.
    agreement.issuer.participant_id = participantId;
    if (!agreement.participants.includes(participantId)) agreement.participants.push(participantId);
  }
}

export function touch(agreement: ZignedAgreement, now: Date): void {
  // Strictly increasing, so that two quick updates are still told apart.
  const previous = Date.parse(agreement.updated_at);
  agreement.updated_at = new Date(Math.max(now.getTime(), Number.isNaN(previous) ? 0 : previous + 1)).toISOString();
}

/** What `pending` ("validates everything") checks before the agreement goes out for signing. */
export function findFinalizeProblems(agreement: ZignedAgreement, now: Date): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!agreement.documents.original_documents.main) problems.push({ path: '/documents/original_documents/main', message: 'the agreement has no main document to sign' });
  if (agreement.participants.length === 0) problems.push({ path: '/participants', message: 'the agreement has no participants' });
  if (agreement.communication.send_emails && !agreement.issuer.email) {
    problems.push({ path: '/issuer/email', message: 'the issuer needs an email while send_emails is true' });
  }
  if (agreement.expires_at && Date.parse(agreement.expires_at) < now.getTime()) problems.push({ path: '/expires_at', message: 'the expiry date is in the past' });
  return problems;
}
