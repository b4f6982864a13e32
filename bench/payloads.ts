/** Payloads for benchmarks: a typical ~2 KB Ignisign update and a ~1 MB one. */

export function typicalIgnisignPayload(): string {
  const body = {
    $request: { id: '65f1c2a9e4b0a1b2c3d4e5f6', environment: 'local-sandbox' },
    title: 'Employment contract — Jane Doe',
    description: 'Please read the attached employment contract and sign it before the end of the month. '.repeat(4),
    externalId: 'contract-2031-001',
    language: 'EN',
    documentIds: ['65f1c2a9e4b0a1b2c3d4e600', '65f1c2a9e4b0a1b2c3d4e603'],
    signerIds: ['65f1c2a9e4b0a1b2c3d4e601', '65f1c2a9e4b0a1b2c3d4e602'],
    signersAsApprover: ['65f1c2a9e4b0a1b2c3d4e602'],
    recipients: ['legal@example.com', 'hr@example.com'],
    diffusionMode: 'SCHEDULED',
    diffusionDate: '2031-01-15T09:00:00Z',
    expirationDateIsActivated: true,
    expirationDate: '2031-01-31T17:00:00Z',
    extendedAuthSessionEnabled: false,
    statements: [0, 1, 2].map((i) => ({
      appId: 'appId_65f1c2a9e4b0a1b2c3d4e5aa',
      appEnv: 'DEVELOPMENT',
      signatureRequestId: '65f1c2a9e4b0a1b2c3d4e5f6',
      target: i === 0 ? 'SIGNATURE_REQUEST' : 'DOCUMENT',
      ...(i === 0 ? {} : { documentId: i === 1 ? '65f1c2a9e4b0a1b2c3d4e600' : '65f1c2a9e4b0a1b2c3d4e603' }),
      labelMd: `I have read and accept **clause ${i + 1}** of the contract, including its annexes.`,
    })),
  };
  return JSON.stringify(body, null, 2);
}

/** About 1 MB: the same update with many statements, as a generated file might have. */
export function largeIgnisignPayload(targetBytes = 1024 * 1024): string {
  const base = JSON.parse(typicalIgnisignPayload());
  const statement = base.statements[1];
  const statements = [];
  let size = typicalIgnisignPayload().length;
  for (let i = 0; size < targetBytes; i++) {
    const item = { ...statement, labelMd: `Statement ${i}: I accept the terms of annex ${i} and confirm that I have read them in full.` };
    statements.push(item);
    size += JSON.stringify(item, null, 2).length + 8;
  }
  base.statements = statements;
  return JSON.stringify(base, null, 2);
}
