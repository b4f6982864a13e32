import { SANDBOX_IGNISIGN_CREDENTIALS, SANDBOX_IGNISIGN_IDS, SANDBOX_ZIGNED_IDS } from '../core/send/localSandbox';
import type { IgnisignDocument, IgnisignSignatureRequest, IgnisignSigner, IgnisignSignerProfile, IgnisignWorld, SignatureRequestStatus, UpdatableFields } from './ignisignModel';
import type { AgreementStatus, ZignedAgreement } from './zignedModel';

/**
 * The sandbox's starting data, rebuilt from scratch by reset(). Ids and timestamps are fixed so
 * that samples, docs and tests can name them (docs/sandbox.md lists them).
 */

const { appId, appEnv } = SANDBOX_IGNISIGN_CREDENTIALS;
const [IGNISIGN_DRAFT_1, IGNISIGN_DRAFT_2] = SANDBOX_IGNISIGN_IDS.draftIds;
const [IGNISIGN_IN_PROGRESS] = SANDBOX_IGNISIGN_IDS.nonDraftIds;
const SEEDED_AT = '2025-01-15T09:00:00.000Z';

/** The application's signers; any of them can be put on any request. */
export const IGNISIGN_SIGNER_IDS = ['65f1c2a9e4b0a1b2c3d4e601', '65f1c2a9e4b0a1b2c3d4e602', '65f1c2a9e4b0a1b2c3d4e603'] as const;

/** Each request's own documents (a document belongs to the request it was created in). */
export const IGNISIGN_DOCUMENT_IDS: Record<string, readonly string[]> = {
  [IGNISIGN_DRAFT_1]: ['65f1c2a9e4b0a1b2c3d4e600', '65f1c2a9e4b0a1b2c3d4e604'],
  [IGNISIGN_DRAFT_2]: ['65f1c2a9e4b0a1b2c3d4e610'],
  [IGNISIGN_IN_PROGRESS]: ['65f1c2a9e4b0a1b2c3d4e620'],
};

function signer(signerId: string, externalId: string, firstName: string, lastName: string, email: string): IgnisignSigner {
  return { signerId, externalId, firstName, lastName, email, status: 'ACTIVE', alreadyProvidedInputs: ['firstName', 'lastName', 'email'], isRecurrent: false };
}

/** A v4 signer profile (IgnisignSignerProfile, public-models fa00391). */
function signerProfile(_id: string, name: string, integrationMode: 'BY_SIDE' | 'EMBEDDED', signerIds: string[]): IgnisignSignerProfile {
  return {
    _id,
    appId,
    appEnv,
    name,
    status: 'ACTIVE',
    version: 1,
    isEmailProofSentByIgnisign: true,
    isRecurrent: false,
    integrationMode,
    signatureAuthMethodsConfiguration: { SIMPLE_STD: { idProofings: [], authMethods: ['SIMPLE'] } },
    signerIds,
  };
}

/** v4's signer profiles: Jane and John sign by side (Ignisign e-mails them), Alex in your app (embedded: publish hands back a token). */
export const IGNISIGN_SIGNER_PROFILE_IDS = { bySide: '65f1c2a9e4b0a1b2c3d4e5a1', embedded: '65f1c2a9e4b0a1b2c3d4e5a2' } as const;

function document(id: string, signatureRequestId: string, fileName: string, label: string): IgnisignDocument {
  return {
    _id: id,
    appId,
    appEnv,
    documentNature: 'PDF',
    fileName,
    fileSize: 48213,
    label,
    mimeType: 'application/pdf',
    // Any stable 64-hex string: the sandbox holds no file.
    documentHash: id.padEnd(64, '0'),
    status: 'PROVIDED',
    signatureRequestId,
    _createdAt: SEEDED_AT,
    signatureSummaries: [],
  };
}

function request(id: string, status: SignatureRequestStatus, fields: UpdatableFields): IgnisignSignatureRequest {
  return {
    _id: id,
    appId,
    appEnv,
    signatureProfileId: '65f1c2a9e4b0a1b2c3d4e5a0',
    status,
    _createdAt: SEEDED_AT,
    creatorId: '65f1c2a9e4b0a1b2c3d4e5c0',
    signedBy: [],
    fields,
  };
}

export function seedIgnisign(): IgnisignWorld {
  const signers = [
    signer(IGNISIGN_SIGNER_IDS[0], 'sandbox-signer-jane', 'Jane', 'Doe', 'jane.doe@example.com'),
    signer(IGNISIGN_SIGNER_IDS[1], 'sandbox-signer-john', 'John', 'Smith', 'john.smith@example.com'),
    signer(IGNISIGN_SIGNER_IDS[2], 'sandbox-signer-alex', 'Alex', 'Martin', 'alex.martin@example.com'),
  ];
  const documents = [
    document(IGNISIGN_DOCUMENT_IDS[IGNISIGN_DRAFT_1][0], IGNISIGN_DRAFT_1, 'employment-contract.pdf', 'Employment contract'),
    document(IGNISIGN_DOCUMENT_IDS[IGNISIGN_DRAFT_1][1], IGNISIGN_DRAFT_1, 'annex-benefits.pdf', 'Annex: benefits'),
    document(IGNISIGN_DOCUMENT_IDS[IGNISIGN_DRAFT_2][0], IGNISIGN_DRAFT_2, 'lease-agreement.pdf', 'Lease agreement'),
    document(IGNISIGN_DOCUMENT_IDS[IGNISIGN_IN_PROGRESS][0], IGNISIGN_IN_PROGRESS, 'nda.pdf', 'Non-disclosure agreement'),
  ];
  const requests = [
    // Publish-ready as it stands: a title, its main document, a signer and (for v4) a default
    // signature method attached. The v3 context does not show defaultSignatureMethod.
    request(IGNISIGN_DRAFT_1, 'DRAFT', {
      title: 'Employment contract',
      documentIds: [IGNISIGN_DOCUMENT_IDS[IGNISIGN_DRAFT_1][0]],
      signerIds: [IGNISIGN_SIGNER_IDS[0]],
      language: 'EN',
      diffusionMode: 'WHEN_READY',
      expirationDateIsActivated: false,
      defaultSignatureMethod: 'SIMPLE_STD',
    }),
    // Not publish-ready: its document is attached, but no signers (nor a title) yet.
    request(IGNISIGN_DRAFT_2, 'DRAFT', { documentIds: [IGNISIGN_DOCUMENT_IDS[IGNISIGN_DRAFT_2][0]], language: 'FR', diffusionMode: 'WHEN_READY', expirationDateIsActivated: false }),
    // Already published: updates answer SIGNATURE_REQUEST_BAD_STATUS.
    request(IGNISIGN_IN_PROGRESS, 'IN_PROGRESS', {
      title: 'Non-disclosure agreement',
      documentIds: [IGNISIGN_DOCUMENT_IDS[IGNISIGN_IN_PROGRESS][0]],
      signerIds: [IGNISIGN_SIGNER_IDS[0]],
      language: 'EN',
      diffusionMode: 'WHEN_READY',
      expirationDateIsActivated: false,
    }),
  ];
  return {
    requests: new Map(requests.map((r) => [r._id, r])),
    documents: new Map(documents.map((d) => [d._id, d])),
    signers: new Map(signers.map((s) => [s.signerId, s])),
    signatureProfile: {
      _id: '65f1c2a9e4b0a1b2c3d4e5a0',
      appId,
      appEnv,
      orgId: '65f1c2a9e4b0a1b2c3d4e5b0',
      name: 'Sandbox signature profile',
      status: 'PUBLISHED',
      integrationMode: 'BY_SIDE',
      signatureMethodRef: 'SIMPLE_STD',
      signatureRequestType: 'STANDARD',
      idProofings: [],
      authMethods: ['SIMPLE'],
      documentTypes: ['PDF', 'FILE'],
      documentRequestActivated: false,
      defaultLanguage: 'EN',
      languageCanBeChanged: true,
      statementsEnabled: true,
      createdByDefault: true,
      extendedAuthSessionEnabled: false,
      approverEnabled: true,
      recipientEnabled: true,
      individualizeRequests: false,
      sharingRestricted: false,
    },
    signerProfiles: [
      signerProfile(IGNISIGN_SIGNER_PROFILE_IDS.bySide, 'Sandbox signers (by side)', 'BY_SIDE', [IGNISIGN_SIGNER_IDS[0], IGNISIGN_SIGNER_IDS[1]]),
      signerProfile(IGNISIGN_SIGNER_PROFILE_IDS.embedded, 'Sandbox signers (embedded)', 'EMBEDDED', [IGNISIGN_SIGNER_IDS[2]]),
    ],
  };
}

const [ZIGNED_DRAFT_1, ZIGNED_DRAFT_2, ZIGNED_OPEN] = SANDBOX_ZIGNED_IDS.draftIds;
const [ZIGNED_PENDING, ZIGNED_FULFILLED] = SANDBOX_ZIGNED_IDS.nonDraftIds;

/** A theme that exists in the sandbox account, for `{ "theme": { "id": … } }`. */
export const ZIGNED_THEME_ID = 'clx0f3k2p00t0abcd1234efgh';

/** Ids of an agreement's seeded relations: "clx0f3k2p00" + d(ocument) / p(articipant) / s(igned document) + the agreement's last digit. */
function relatedId(kind: 'd' | 'p' | 's', agreementId: string): string {
  return `clx0f3k2p00${kind}${agreementId.charAt(12)}abcd1234efgh`;
}

function agreement(id: string, status: AgreementStatus, withDocument: boolean, extra: Partial<ZignedAgreement> = {}): ZignedAgreement {
  return {
    id,
    status,
    trust_level: 'SES',
    cancellation_reason: null,
    theme: null,
    issuer: { name: 'Sandbox Client AB', email: 'api-client@sandbox.example', role: 'observer', signing_room_url: null, locale: null },
    participants: withDocument ? [relatedId('p', id)] : [],
    observers: [],
    signing_groups: [],
    documents: { original_documents: { main: withDocument ? relatedId('d', id) : null, attachments: [] }, signed_document: status === 'fulfilled' ? relatedId('s', id) : null },
    signing_order: { enabled: false, grouped: false },
    communication: { send_emails: true, default_locale: 'sv-SE', automatic_reminders: { enabled: false, intensity: null }, recipient_messages: null },
    metadata: { lookup_key: null, success_callback_url: null },
    expires_at: null,
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
    ...extra,
  };
}

export function seedZigned(): Map<string, ZignedAgreement> {
  const agreements = [
    // The newcomer's draft: a document and a signer are there, ready for pending after an update.
    agreement(ZIGNED_DRAFT_1, 'draft', true),
    // A bare draft, as just created: finalising it fails until it has a document and participants.
    agreement(ZIGNED_DRAFT_2, 'draft', false),
    // Reopened for editing: accepts updates like a draft.
    agreement(ZIGNED_OPEN, 'open', true, { trust_level: 'AES', communication: { send_emails: true, default_locale: 'en-US', automatic_reminders: { enabled: true, intensity: 'normal' }, recipient_messages: null } }),
    // Out for signing: updates are refused until it is reopened ("open").
    agreement(ZIGNED_PENDING, 'pending', true),
    // Signed by everyone: final.
    agreement(ZIGNED_FULFILLED, 'fulfilled', true),
  ];
  return new Map(agreements.map((a) => [a.id, a]));
}
