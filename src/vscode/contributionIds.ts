import { CONVERT_TO_IGNISIGN_V4_COMMAND } from '../core/providers/ignisign/rules/archived';

// The ids VS Code knows the extension's commands and documents by, in a module of their own so
// that the entry can register them without loading what serves them.

/** The read-only documents on each side of Preview Changes (DraftStateDocuments). */
export const DRAFT_STATE_SCHEME = 'esign-drafts-state';
/** A past send's answer, for History's compare (HistoryBodyProvider). */
export const HISTORY_BODY_SCHEME = 'esign-drafts-history';
/** Show Effective Configuration's read-only report of one payload (EffectiveConfigDocuments). */
export const EFFECTIVE_CONFIG_SCHEME = 'esign-drafts-config';
export const URI_SCHEMES = [DRAFT_STATE_SCHEME, HISTORY_BODY_SCHEME, EFFECTIVE_CONFIG_SCHEME] as const;

// The extension's commands. The entry (src/extension.ts) registers every one at activation, each
// loading the services (src/vscode/services.ts) on its first call; services.ts gives each its
// handler (its type makes one required per id), and a unit test checks package.json contributes
// no command missing here.
export const NEW_PAYLOAD_COMMAND = 'esignDrafts.newPayload';
export const SHOW_RULE_DOCUMENTATION = 'esignDrafts.showRuleDocumentation';
export const OPEN_SCHEMA_COMMAND = 'esignDrafts.openSchema';
export const SELECT_ENVIRONMENT_COMMAND = 'esignDrafts.selectEnvironment';
export { CONVERT_TO_IGNISIGN_V4_COMMAND };

export const COMMAND_IDS = [
  NEW_PAYLOAD_COMMAND,
  SHOW_RULE_DOCUMENTATION,
  OPEN_SCHEMA_COMMAND,
  'esignDrafts.sendUpdate',
  'esignDrafts.pullState',
  'esignDrafts.previewChanges',
  'esignDrafts.publish',
  'esignDrafts.reopen',
  'esignDrafts.cancel',
  'esignDrafts.forgetPulledStates',
  'esignDrafts.showEffectiveConfiguration',
  SELECT_ENVIRONMENT_COMMAND,
  'esignDrafts.setCredentials',
  'esignDrafts.clearCredentials',
  CONVERT_TO_IGNISIGN_V4_COMMAND,
  'esignDrafts.startSandbox',
  'esignDrafts.stopSandbox',
  'esignDrafts.showHistory',
  'esignDrafts.clearHistory',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
export type UriScheme = (typeof URI_SCHEMES)[number];
