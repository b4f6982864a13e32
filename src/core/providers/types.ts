import type { Rule } from '../lint/types';
import type { DraftProfile } from './draftProfile';
import type { SendProfile } from './sendProfile';

export interface TargetIdFormat {
  readonly pattern: RegExp;
  /** For messages: "a 24-character hexadecimal id (a MongoDB ObjectId)". */
  readonly description: string;
  readonly example: string;
  /**
   * True when the API documents the format: a mismatch is then an error. False when it is only
   * seen in the API's answers and examples: a mismatch is a warning (the id may still be valid).
   */
  readonly documented: boolean;
}

/**
 * What recognises a provider's payload files: its name suffix and schema file. Each provider has
 * it in an `identity.ts` of its own, so that recognising a file (the editor does it for every JSON
 * document opened) never loads the profiles' schemas, rules and send code (detection.ts).
 */
export type ProviderIdentity = Pick<ProviderProfile, 'id' | 'displayName' | 'fileSuffix' | 'schemaFile'>;

/**
 * Everything the engine knows about one API lives in its profile. The engine, the CLI and
 * the editor adapters only ever go through this interface, so a third API is one more
 * profile module plus its schema.
 */
export interface ProviderProfile {
  /** Short id used in settings and environments, e.g. "ignisign". */
  readonly id: string;
  readonly displayName: string;
  /** The call a payload file is the body of, for humans: "PUT /v3/signature-requests/:signatureRequestId". */
  readonly callLabel: string;
  /** Payload files are recognised by this suffix, e.g. ".ignisign.json". */
  readonly fileSuffix: string;
  /** File name of the update schema under schemas/. */
  readonly schemaFile: string;
  /** The update body's JSON Schema (draft-07). */
  readonly updateSchema: Record<string, unknown>;
  /** File name of the response schema under schemas/. */
  readonly responseSchemaFile: string;
  readonly responseSchema: Record<string, unknown>;
  /** What `$request.id` holds, for messages: "signature request id". */
  readonly targetIdLabel: string;
  /** Validates a target id; returns a message saying what was expected, or undefined when valid. */
  validateTargetId(id: string): string | undefined;
  /** What a real `$request.id` looks like, checked while editing (rule request-id-format). */
  readonly targetIdFormat: TargetIdFormat;
  /** API-specific lint rules. */
  readonly rules: readonly Rule[];
  /**
   * Providers of one family (Ignisign v3 and v4) share rule severities by rule name: a setting for
   * `ignisign/signer-ids-missing` also applies to `ignisign-v4/signer-ids-missing` unless that id
   * is set itself (core/config/ruleSeverities.ts). Defaults to the provider's id.
   */
  readonly ruleFamily?: string;
  /** Endpoint, auth flow, errors and response summary. */
  readonly send: SendProfile;
  /** The draft's life beyond the PUT: pull, merge, publish readiness, lifecycle (absent: not supported yet). */
  readonly draft?: DraftProfile;
  /** Snippet prefixes (from snippets/) used as templates by "New Payload…", best first. */
  readonly templates: readonly { label: string; snippetPrefix: string; description: string }[];
}
