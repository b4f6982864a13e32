import type { Finding } from '../core/lint/types';
import type { Range } from '../core/payload/lineIndex';
import type { ProviderProfile } from '../core/providers/types';

/** An edit --fix/--fix-dry-run made, in the file as it was read (offsets and 0-based range). */
export interface AppliedEdit {
  range: Range;
  offset: number;
  length: number;
  newText: string;
}

/** A preferred fix --fix/--fix-dry-run applied to a file. */
export interface AppliedFix {
  ruleId: string;
  title: string;
  edits: AppliedEdit[];
}

/** One linted file, as every formatter receives it. */
export interface FileLint {
  /** The path as shown to the user (relative to the working directory when inside it). */
  file: string;
  provider: ProviderProfile;
  /** The esign-drafts.config.json that governed it, when one did. */
  config?: string;
  /** After --fix/--fix-dry-run: the findings left in the fixed text. */
  findings: Finding[];
  /** With --fix/--fix-dry-run only: the fixes applied (or that would be). */
  fixes?: AppliedFix[];
}
