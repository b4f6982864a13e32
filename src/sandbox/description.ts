import {
  SANDBOX_IGNISIGN_CREDENTIALS,
  SANDBOX_IGNISIGN_IDS,
  SANDBOX_ZIGNED_CREDENTIALS,
  SANDBOX_ZIGNED_IDS,
  sandboxIgnisignBaseUrl,
  sandboxZignedBaseUrl,
} from '../core/send/localSandbox';

/** What a client needs to talk to a running sandbox: the first line `esign-drafts sandbox` prints (design.md). */
export interface SandboxDescription {
  ignisign: { baseUrl: string; appId: string; appEnv: string; secret: string; draftIds: string[]; nonDraftIds: string[] };
  zigned: { baseUrl: string; clientId: string; clientSecret: string; draftIds: string[]; nonDraftIds: string[] };
}

export function describeSandbox(port: number): SandboxDescription {
  return {
    ignisign: {
      baseUrl: sandboxIgnisignBaseUrl(port),
      appId: SANDBOX_IGNISIGN_CREDENTIALS.appId,
      appEnv: SANDBOX_IGNISIGN_CREDENTIALS.appEnv,
      secret: SANDBOX_IGNISIGN_CREDENTIALS.secret,
      draftIds: [...SANDBOX_IGNISIGN_IDS.draftIds],
      nonDraftIds: [...SANDBOX_IGNISIGN_IDS.nonDraftIds],
    },
    zigned: {
      baseUrl: sandboxZignedBaseUrl(port),
      clientId: SANDBOX_ZIGNED_CREDENTIALS.clientId,
      clientSecret: SANDBOX_ZIGNED_CREDENTIALS.clientSecret,
      draftIds: [...SANDBOX_ZIGNED_IDS.draftIds],
      nonDraftIds: [...SANDBOX_ZIGNED_IDS.nonDraftIds],
    },
  };
}
