/**
 * A ~9.5 MB Ignisign update for the host-lag benchmark (hostProbe.ts): a long generated
 * signature request (thousands of documents, signers and statements) just under the 10 MB file
 * guard, with a realistic sprinkling of findings: one statement in 100 with a misspelled key
 * (`lableMd`), one approver in 50 who is not a signer.
 */
export const LARGE_EDIT_PAYLOAD_BYTES = 9.5 * 1024 * 1024;

export function largeEditPayload(targetBytes = LARGE_EDIT_PAYLOAD_BYTES): string {
  // Every item adds about the same: scale a small sample's count up to the target size.
  const sample = payloadOf(1000);
  return payloadOf(Math.floor((1000 * targetBytes) / sample.length));
}

function payloadOf(count: number): string {
  const id = (kind: number, i: number) => `65f1c2a9e4b0${kind}${i.toString(16).padStart(11, '0')}`;
  const documentIds: string[] = [];
  const signerIds: string[] = [];
  const signersAsApprover: string[] = [];
  const statements: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    documentIds.push(id(1, i));
    signerIds.push(id(2, i));
    if (i % 10 === 0) signersAsApprover.push(i % 500 === 0 ? id(3, i) : id(2, i));
    statements.push({
      appId: 'appId_65f1c2a9e4b0a1b2c3d4e5aa',
      appEnv: 'DEVELOPMENT',
      signatureRequestId: '65f1c2a9e4b0a1b2c3d4e5f6',
      target: 'DOCUMENT',
      documentId: id(1, i),
      [i % 100 === 50 ? 'lableMd' : 'labelMd']: `I have read annex ${i} of the framework agreement and accept its terms, including the schedules it refers to.`,
    });
  }
  const body = {
    $request: { id: '65f1c2a9e4b0a1b2c3d4e5f6', environment: 'local-sandbox' },
    title: 'Framework agreement',
    description: 'Generated from the contract register: every annex, signer and statement of the framework agreement.',
    language: 'EN',
    diffusionMode: 'WHEN_READY',
    documentIds,
    signerIds,
    signersAsApprover,
    statements,
  };
  return JSON.stringify(body, null, 2);
}
