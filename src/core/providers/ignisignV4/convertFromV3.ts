import { findNodeAtLocation, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { applyEdits, removeEdits } from '../../lint/edits';

/**
 * Turns an Ignisign v3 update file into its v4 counterpart, as text: comments, formatting,
 * `$request` and `{{variables}}` stay as they are. Pure, so the editor command and tests share it.
 *
 * What v4 changed in the update body (`ignisign/ignisign-public-models` at fa00391; the migration
 * guide https://ignisign.io/docs/sdks/changelogs/migration_v3_v4):
 * `signersAsApprover` is `signerIdsAsApprover` (a891766) and statements have no `target`
 * (6368c21): a statement with `documentId` is about that document, one without is about the
 * whole request. A `target` whose meaning v4 cannot express that way stays in the new file,
 * where the v4 schema flags it, rather than being dropped silently.
 *
 * v4 also publishes only with a `defaultSignatureMethod` (CANNOT_PUBLISH_SIGNATURE_REQUEST__
 * NO_DEFAULT_SIGNATURE_METHOD, added in 69f4b9f), which v3 took from the signature profile: the
 * conversion cannot choose one, so it says so in a note.
 */

export const V3_SCHEMA_FILE = 'ignisign-v3-update-signature-request.schema.json';
export const V4_SCHEMA_FILE = 'ignisign-v4-update-signature-request.schema.json';

export interface ConversionResult {
  /** The v4 file's text. */
  text: string;
  /** What was changed, for the person converting. */
  changes: string[];
  /** What could not be carried over and is left for the person to decide (flagged in the new file). */
  leftovers: string[];
  /** What v4 needs that a v3 file never had to say (nothing is written for it). */
  notes: string[];
}

/** The note when the file sets no defaultSignatureMethod. */
export const DEFAULT_SIGNATURE_METHOD_NOTE =
  'v4 publishes only with a defaultSignatureMethod (otherwise CANNOT_PUBLISH_SIGNATURE_REQUEST__NO_DEFAULT_SIGNATURE_METHOD); v3 took the method from the signature profile. Add "defaultSignatureMethod" (SIMPLE_STD, ADVANCED_SMS, ADVANCED_STD or QUALIFIED_STD) to this file, unless an earlier update set it.';

export class ConversionError extends Error {}

/** `contract.ignisign.json` → `contract.ignisign-v4.json`; any other `x.json` → `x.ignisign-v4.json`. */
export function v4FileNameFor(v3FileName: string): string {
  const stem = v3FileName.replace(/\.ignisign\.json$/i, '').replace(/\.jsonc?$/i, '');
  return `${stem}.ignisign-v4.json`;
}

function rootObject(text: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (!root || root.type !== 'object' || errors.length > 0) {
    throw new ConversionError('The v3 file is not a valid JSON object: fix its syntax first (the editor shows where), then convert it.');
  }
  return root;
}

function property(object: Node, key: string): Node | undefined {
  return object.children?.find((p) => p.children?.[0]?.value === key);
}

export function convertIgnisignV3ToV4(v3Text: string): ConversionResult {
  let text = v3Text;
  const changes: string[] = [];
  const leftovers: string[] = [];
  let root = rootObject(text);

  const schema = property(root, '$schema')?.children?.[1];
  if (schema?.type === 'string' && typeof schema.value === 'string') {
    const value = schema.value;
    const next = value.includes(V3_SCHEMA_FILE) ? value.replace(V3_SCHEMA_FILE, V4_SCHEMA_FILE) : `https://esign-drafts.dev/schemas/${V4_SCHEMA_FILE}`;
    if (next !== value) {
      text = applyEdits(text, [{ offset: schema.offset, length: schema.length, content: JSON.stringify(next) }]);
      changes.push('$schema now names the Ignisign v4 schema.');
      root = rootObject(text);
    }
  }

  const approvers = property(root, 'signersAsApprover');
  if (approvers) {
    const key = approvers.children![0];
    if (property(root, 'signerIdsAsApprover')) {
      leftovers.push('signersAsApprover was kept as is: the file also has signerIdsAsApprover, so merge the two lists by hand (v4 knows only signerIdsAsApprover).');
    } else {
      text = applyEdits(text, [{ offset: key.offset, length: key.length, content: '"signerIdsAsApprover"' }]);
      changes.push('signersAsApprover renamed signerIdsAsApprover.');
      root = rootObject(text);
    }
  }

  const statements = property(root, 'statements')?.children?.[1];
  const count = statements?.type === 'array' ? (statements.children?.length ?? 0) : 0;
  const statementChanges: string[] = [];
  const statementLeftovers: string[] = [];
  // Back to front, so that removing one statement's target leaves the earlier ones' offsets valid.
  for (let index = count - 1; index >= 0; index--) {
    const statement = findNodeAtLocation(root, ['statements', index]);
    if (!statement || statement.type !== 'object') continue;
    const target = property(statement, 'target');
    if (!target) continue;
    const targetValue = target.children?.[1]?.value;
    const hasDocument = property(statement, 'documentId') !== undefined;
    const kept = (why: string) => statementLeftovers.unshift(`statements[${index}].target was kept: ${why} The v4 schema flags it; decide, then remove it.`);
    if (targetValue === 'DOCUMENT' && !hasDocument) {
      kept('it targets a DOCUMENT but names no documentId, and a v4 statement without documentId is about the whole request. Add the documentId (or accept a statement about the whole request).');
      continue;
    }
    if (targetValue === 'SIGNATURE_REQUEST' && hasDocument) {
      kept('it targets the whole SIGNATURE_REQUEST but has a documentId, which in v4 makes it a statement about that document. Remove documentId (or accept a statement about that document).');
      continue;
    }
    if (targetValue !== 'DOCUMENT' && targetValue !== 'SIGNATURE_REQUEST') {
      kept(`its value ${JSON.stringify(targetValue)} is not a v3 target (SIGNATURE_REQUEST or DOCUMENT), so what it meant is unclear.`);
      continue;
    }
    text = applyEdits(text, removeEdits(text, ['statements', index, 'target'], root));
    root = rootObject(text);
    statementChanges.unshift(`statements[${index}].target removed (${targetValue === 'DOCUMENT' ? 'its documentId says which document' : 'no documentId: about the whole request'}).`);
  }
  const notes = property(root, 'defaultSignatureMethod') ? [] : [DEFAULT_SIGNATURE_METHOD_NOTE];
  return { text, changes: [...changes, ...statementChanges], leftovers: [...leftovers, ...statementLeftovers], notes };
}
