import type { Range } from '../payload/lineIndex';
import type { ParsedPayload, RangeTarget } from '../payload/parsePayload';
import type { Placement } from './insertions';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** A text edit in offsets of the payload file (what jsonc-parser's `modify` returns too). */
export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants (VS Code shows it first, and "auto fix" may apply it). */
  isPreferred?: boolean;
  /**
   * A `<placeholder>` the fix inserts, as offsets in the document after its edits (the text
   * between the quotes): an editor selects it so that the user types the real value over it.
   * The CLI ignores it.
   */
  placeholder?: { offset: number; length: number };
  /**
   * A command the editor runs (with the file's URI) instead of, or after, the edits: for a fix
   * that writes another file, such as "Convert to Ignisign v4…". The CLI ignores it.
   */
  command?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** JSON Pointer of the offending value; "" for the root. */
  path: string;
  range: Range;
  /** The same range as offsets, for edits. */
  offset: number;
  length: number;
  /** The rule's reference page, relative to the repository root (docs/rules/<ruleId>.md). */
  docs: string;
  fixes: Fix[];
}

/** What a rule reports; the engine adds ranges, severity, docs and the rule id. */
export interface Report {
  path: string;
  message: string;
  /** Which part of the property to underline (default: the value, or the key for objects/arrays). */
  target?: RangeTarget;
  /** An exact span (offsets) when it is narrower than a whole value, e.g. one `{{variable}}`. */
  span?: { offset: number; length: number };
  /**
   * The fixes, or a function that makes them when the finding's fixes are first read: a rule
   * that reports per list item or key gives a function, so that a lint with 1 000 findings (run
   * on every keystroke, its fixes read one finding at a time) builds none of them.
   */
  fixes?: Fix[] | (() => Fix[]);
  /** Overrides the rule's default severity for this one report (e.g. a softer case of the rule). */
  severity?: Severity;
}

export interface RequestMetadata {
  id?: string;
  environment?: string;
}

/** The target's state as pulled, and as it would be after this update (state-aware rules). */
export interface PulledContext {
  /** The state as pulled. */
  readonly before: Readonly<Record<string, unknown>>;
  /** The pulled state with this update applied per the API's semantics (the provider's draft profile). */
  readonly after: Readonly<Record<string, unknown>>;
  readonly status: string | undefined;
  readonly environment: string;
  readonly pulledAt: string;
  /** " (relies on the state pulled at <time> from <environment> for <target>)": appended to every state-aware message. */
  readonly provenance: string;
}

export interface RuleContext {
  readonly parsed: ParsedPayload;
  /** The payload's value without the `$` metadata keys (what would be sent, before variables). */
  readonly body: Record<string, unknown>;
  /** `$request` from the file, when it is an object. */
  readonly request: RequestMetadata;
  /** The moment "in the past" is measured against (injectable for tests). */
  readonly now: Date;
  /** The chosen environment's variables; undefined when no environment is known (skip variable checks). */
  readonly variables: Readonly<Record<string, string>> | undefined;
  /** Present when lint was given a pulled state (LintOptions.pulled) and the provider models it. */
  readonly pulled?: PulledContext;
  report(report: Report): void;
  /** Edits that set a value at a path (adding the property if needed), formatted like the file. */
  setValue(path: (string | number)[], value: unknown, placement?: Placement): TextEdit[];
  /** Edits that remove the property or array item at a path, commas included. */
  remove(path: (string | number)[]): TextEdit[];
  /**
   * A fix that sets a value (as setValue), its edits computed only when read: rules offer fixes
   * on up to 1 000 findings per lint, and a user reads one. Not offered when the path cannot be set.
   * `options.placement` places a new key as setValue's does; `options.placeholder` names the
   * `<placeholder>` value it inserts, whose place (Fix.placeholder) is found with the edits.
   */
  setValueFix(title: string, path: (string | number)[], value: unknown, isPreferred?: boolean, options?: { placement?: Placement; placeholder?: string }): Fix;
  /** A fix that removes the property or array item at a path (as remove), its edits computed only when read. */
  removeFix(title: string, path: (string | number)[], isPreferred?: boolean): Fix;
}

export interface Rule {
  /** Stable id, e.g. "ignisign/signer-ids-missing"; its page is docs/rules/<id>.md. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One line for docs and settings. */
  readonly description: string;
  check(context: RuleContext): void;
}
