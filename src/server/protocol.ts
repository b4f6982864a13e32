import type { Diagnostic } from 'vscode-languageserver';

/** The `source` of every diagnostic the server publishes: the same in every editor. */
export const DIAGNOSTIC_SOURCE = 'E-Sign Drafts';

/**
 * Requests and notifications beyond LSP, shared by the server and the VS Code client. Other
 * editors need none of them: without them the server skips the `{{variable}}` check (it cannot
 * know the target environment) and offers no "Show documentation" command.
 */

/** Client → server: the diagnostics the server published (or is about to) for this version of a document. */
export const FINDINGS_REQUEST = 'esignDrafts/findings';
export interface FindingsParams {
  uri: string;
  /** The client's version of the document; the server answers for this version or a later one. */
  version: number;
}
export interface FindingsResult {
  /** The version the diagnostics are for; null when the server does not hold the document or it is no payload. */
  version: number | null;
  diagnostics: Diagnostic[];
}

/** Server → client: the variables `{{name}}` placeholders of this payload are checked against. */
export const VARIABLES_REQUEST = 'esignDrafts/variables';
export interface VariablesParams {
  uri: string;
  provider: string;
  /** `$request.environment` of the payload, when it names one. */
  environment?: string;
}
/** null: the variables are not checked. */
export type VariablesResult = Record<string, string> | null;

/**
 * Server → client: the names of the environments this payload can be sent to (the built-in
 * local-sandbox, the project config's, the user's settings'). Without it (other editors) the
 * server knows the built-in one and the project config's, as the CLI does.
 */
export const ENVIRONMENTS_REQUEST = 'esignDrafts/environments';
export interface EnvironmentsParams {
  uri: string;
  provider: string;
}
/** null: not known (the server then uses its own list). */
export type EnvironmentsResult = string[] | null;

/** Client → server: the environments (or their variables) changed: lint every open payload again. */
export const REFRESH_NOTIFICATION = 'esignDrafts/refresh';

/**
 * Client → server: the state pulled for this document's target and environment (null: none
 * known). The server lints the document against it (LintOptions.pulled) until told otherwise.
 */
export const PULLED_STATE_NOTIFICATION = 'esignDrafts/pulledState';
export interface PulledStateParams {
  uri: string;
  pulled: { state: Record<string, unknown>; environment: string; pulledAt: string; targetId?: string } | null;
}

/** What a client tells the server in `initializationOptions`. */
export interface InitializationOptions {
  /** The client answers VARIABLES_REQUEST. */
  variables?: boolean;
  /** The client answers ENVIRONMENTS_REQUEST. */
  environments?: boolean;
  /** The client command that shows a rule's page, offered as a code action. */
  showDocumentationCommand?: string;
  /** The client takes REQUEST_FIELDS_NOTIFICATION. */
  requestFields?: boolean;
}

/**
 * Server → client, after each lint of a payload when the client asked for it
 * (InitializationOptions.requestFields): the `$request.id` and `$request.environment` the linted
 * version holds. The VS Code client shows them (code lens, status bar) without parsing the
 * document on the extension host's thread.
 */
export const REQUEST_FIELDS_NOTIFICATION = 'esignDrafts/requestFields';
export interface RequestFieldsParams {
  uri: string;
  version: number;
  id?: string;
  environment?: string;
}
