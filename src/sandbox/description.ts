import {
  SANDBOX_IGNISIGN_API_KEY,
  SANDBOX_IGNISIGN_CREDENTIALS,
  SANDBOX_IGNISIGN_IDS,
  SANDBOX_ZIGNED_CREDENTIALS,
  SANDBOX_ZIGNED_IDS,
  sandboxIgnisignBaseUrl,
  sandboxZignedBaseUrl,
} from '../core/send/localSandbox';

/** What a client needs to talk to a running sandbox: the first line `esign-drafts sandbox` prints (docs/sandbox.md). */
export interface SandboxDescription {
  ignisign: { baseUrl: string; appId: string; appEnv: string; secret: string; apiKey: string; draftIds: string[]; nonDraftIds: string[] };
  zigned: { baseUrl: string; clientId: string; clientSecret: string; draftIds: string[]; nonDraftIds: string[] };
}

export function describeSandbox(port: number): SandboxDescription {
  return {
    ignisign: {
      baseUrl: sandboxIgnisignBaseUrl(port),
      appId: SANDBOX_IGNISIGN_CREDENTIALS.appId,
      appEnv: SANDBOX_IGNISIGN_CREDENTIALS.appEnv,
      secret: SANDBOX_IGNISIGN_CREDENTIALS.secret,
      // Ignisign v4 only: an skv2_ API key, sent as the bearer with no login (the same routes under /v4).
      apiKey: SANDBOX_IGNISIGN_API_KEY,
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
