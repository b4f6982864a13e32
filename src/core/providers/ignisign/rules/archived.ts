import type { Rule } from '../../../lint/types';
import type { ParsedPayload } from '../../../payload/parsePayload';

/** The command that writes the v4 twin of a v3 file (src/vscode/convertToIgnisignV4Command.ts). */
export const CONVERT_TO_IGNISIGN_V4_COMMAND = 'esignDrafts.convertToIgnisignV4';

/**
 * Ignisign's v3 reference is archived (ignisign.io/docs/ignisign-api/3.0.0/) and the official SDK
 * moved to /v4 on 2024-07-25 (ignisign-node 4d74921): said once per file, as information, with
 * the conversion as its fix. Users who stay on v3 on purpose turn it off in esignDrafts.rules.
 */
export const v3Archived: Rule = {
  id: 'ignisign/v3-archived',
  defaultSeverity: 'info',
  description: 'Ignisign API v3 is archived: the file can be converted to an Ignisign v4 payload.',
  check(ctx) {
    ctx.report({
      path: '',
      target: 'key',
      span: rootBrace(ctx.parsed),
      message:
        'This is an Ignisign v3 payload (PUT /v3/signature-requests/:id). Ignisign\'s v3 reference is archived and its SDK uses v4 since 2024-07: "Convert to Ignisign v4…" writes a *.ignisign-v4.json twin beside this file (signersAsApprover becomes signerIdsAsApprover, statements lose target) and leaves this one untouched. To stay on v3, turn this notice off: "rules": { "ignisign/v3-archived": "off" } in esign-drafts.config.json, or "$lint" in this file (the esignDrafts.rules setting where no config governs it).',
      fixes: [{ title: 'Convert to Ignisign v4…', edits: [], command: CONVERT_TO_IGNISIGN_V4_COMMAND }],
    });
  },
};

/**
 * The root object's opening brace, where the notice sits, found without the syntax tree: this
 * finding is on every v3 file, and building the tree just to place it made a clean 1 MB file
 * cost 8 times more to lint. Text that JSON.parse accepted has no comment, so its first "{" is
 * the root's; anything else has been parsed into a tree already (undefined: the engine places it).
 */
function rootBrace(parsed: ParsedPayload): { offset: number; length: number } | undefined {
  if (parsed.syntaxErrors.length > 0) return undefined;
  const offset = parsed.text.indexOf('{');
  return offset >= 0 ? { offset, length: 1 } : undefined;
}
