/**
 * Ignisign updates with exactly `n` findings of one kind, for the scaling benchmark
 * (lint.bench.ts) and the scaling tests (test/unit/lintScale.test.ts). Everything else in them
 * is clean, so the findings are the only thing that grows.
 */

export type FindingKind = 'unknown-key' | 'misspelled-key' | 'duplicate-key' | 'enum' | 'approver-not-signer' | 'recipient-id' | 'statement-document-id';

export const FINDING_KINDS: readonly FindingKind[] = ['unknown-key', 'misspelled-key', 'duplicate-key', 'enum', 'approver-not-signer', 'recipient-id', 'statement-document-id'];

/** The rule that reports each kind. */
export const RULE_OF: Readonly<Record<FindingKind, string>> = {
  'unknown-key': 'unknown-property',
  'misspelled-key': 'unknown-property',
  'duplicate-key': 'duplicate-key',
  enum: 'schema',
  'approver-not-signer': 'ignisign/approver-not-signer',
  'recipient-id': 'ignisign/recipient-not-email',
  'statement-document-id': 'ignisign/statement-document-id-missing',
};

const REQUEST_ID = '65f1c2a9e4b0a1b2c3d4e5f6';

function statement(i: number): Record<string, unknown> {
  return { appId: 'appId_65f1c2a9e4b0a1b2c3d4e5aa', appEnv: 'DEVELOPMENT', signatureRequestId: REQUEST_ID, target: 'SIGNATURE_REQUEST', labelMd: `I accept clause ${i}.` };
}

function base(): Record<string, unknown> {
  return { $request: { id: REQUEST_ID }, title: 'Employment contract', language: 'EN', signerIds: ['signer-a'], documentIds: ['doc-1'] };
}

/** Pretty-printed like a hand-written file (2 spaces). */
export function payloadWithFindings(kind: FindingKind, n: number): string {
  const body = base();
  switch (kind) {
    case 'unknown-key':
      // Distinct keys near no known one: no suggestion, so every one is measured against the candidates.
      for (let i = 0; i < n; i++) body[`zq${i}w`] = i;
      return JSON.stringify(body, null, 2);
    case 'misspelled-key':
      // One typo per statement ("lableMd" for labelMd): a rename fix each.
      body.statements = Array.from({ length: n }, (_, i) => {
        const { labelMd, ...rest } = statement(i);
        return { ...rest, lableMd: labelMd };
      });
      return JSON.stringify(body, null, 2);
    case 'enum':
      body.statements = Array.from({ length: n }, (_, i) => ({ ...statement(i), appEnv: 'DEVELOPMNT' }));
      return JSON.stringify(body, null, 2);
    case 'approver-not-signer':
      // As many signers as approvers, none of them an approver: membership by scanning the
      // signers would cost n × n comparisons.
      body.signerIds = Array.from({ length: n }, (_, i) => `signer-${i}`);
      body.signersAsApprover = Array.from({ length: n }, (_, i) => `approver-${i}`);
      return JSON.stringify(body, null, 2);
    case 'recipient-id':
      // Signer ids written in recipients: each gets "Move to signerIds" (a removal and an addition).
      body.recipients = Array.from({ length: n }, (_, i) => `signer-${i}`);
      return JSON.stringify(body, null, 2);
    case 'statement-document-id':
      // DOCUMENT statements without documentId, two documents to choose from: each gets "Add
      // documentId" placed after target, with its <document id> placeholder marked.
      body.documentIds = ['doc-1', 'doc-2'];
      body.statements = Array.from({ length: n }, (_, i) => ({ ...statement(i), target: 'DOCUMENT' }));
      return JSON.stringify(body, null, 2);
    case 'duplicate-key': {
      // JSON.stringify cannot write a key twice: each statement gets its labelMd twice by hand.
      body.statements = Array.from({ length: n }, (_, i) => statement(i));
      return JSON.stringify(body, null, 2).replace(/("labelMd": "I accept clause \d+\.")/g, '"labelMd": "draft",\n      $1');
    }
  }
}

/** A file with findings of every kind, `perKind` each (the CLI process benchmark's "many findings"). */
export function payloadWithManyFindings(perKind: number, kinds: readonly FindingKind[] = ['unknown-key', 'misspelled-key', 'enum', 'approver-not-signer']): string {
  const body = base();
  const statements: Record<string, unknown>[] = [];
  for (let i = 0; i < perKind; i++) {
    if (kinds.includes('unknown-key')) body[`zq${i}w`] = i;
    if (kinds.includes('misspelled-key')) {
      const { labelMd, ...rest } = statement(i);
      statements.push({ ...rest, lableMd: labelMd });
    }
    if (kinds.includes('enum')) statements.push({ ...statement(i), appEnv: 'DEVELOPMNT' });
  }
  if (statements.length > 0) body.statements = statements;
  if (kinds.includes('approver-not-signer')) {
    body.signerIds = Array.from({ length: perKind }, (_, i) => `signer-${i}`);
    body.signersAsApprover = Array.from({ length: perKind }, (_, i) => `approver-${i}`);
  }
  return JSON.stringify(body, null, 2);
}
