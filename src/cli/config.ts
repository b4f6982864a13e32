import fs = require('node:fs');
import path = require('node:path');
import { ProjectConfigLookup } from '../core/config/configLookup';
import { problemLines } from '../core/config/configSchemaProblems';
import { effectiveLintConfig, type EffectiveLintConfig } from '../core/config/effectiveConfig';
import type { ProjectConfig } from '../core/config/projectConfig';
import { CONFIG_FILE_NAME } from '../core/config/projectConfig';
import { PROVIDERS } from '../core/providers/registry';
import type { ProviderProfile } from '../core/providers/types';
import type { EnvironmentConfig } from '../core/send/types';
import type { FileAssociation } from '../core/providers/detection';
import { checkGlob } from './globLimits';
import { UsageError } from './usageError';

export const DEFAULT_CONFIG_FILE = CONFIG_FILE_NAME;

/** The project config that governs one payload file, as the CLI uses it. */
export interface CliConfig {
  environments: EnvironmentConfig[];
  /** `files` globs, relative to `directory`. */
  files: FileAssociation[];
  /** Where the globs are rooted: the config's folder (the working directory when there is no config). */
  directory: string;
  /** The file it came from; undefined when none governs the payload (the defaults apply). */
  source?: string;
  project?: ProjectConfig;
}

/**
 * esign-drafts.config.json for each payload file: `--config` for every file when given, otherwise
 * the nearest one from the file's folder upward (stopping at a repository root), exactly as the
 * editor and the language server find it. An unusable config is a usage error (exit 2) that says
 * where and what; it never means the defaults.
 */
export class CliConfigs {
  private readonly lookup = new ProjectConfigLookup();
  private readonly explicit?: string;

  constructor(explicitPath: string | undefined, private readonly cwd: string) {
    if (explicitPath !== undefined) {
      this.explicit = path.resolve(cwd, explicitPath);
      try {
        fs.lstatSync(this.explicit);
      } catch {
        throw new UsageError(`Config file not found: ${explicitPath}`);
      }
    }
  }

  /** The config for a payload file (absolute path). */
  forFile(file: string): CliConfig {
    const read = this.explicit ? this.lookup.read(this.explicit) : this.lookup.forFile(file);
    if (!read) return { environments: [], files: [], directory: this.cwd };
    if (!read.ok) {
      // A syntax error or an unreadable file is one line; schema problems are listed, each with its line and column.
      const listed = read.parsed && read.parsed.syntaxErrors.length === 0 && read.problems.length > 0;
      throw new UsageError(listed ? `${read.file} is not a valid config (schema: schemas/esign-drafts.config.schema.json):\n${problemLines(read.parsed!, read.problems).map((line) => `  ${line}`).join('\n')}` : read.message);
    }
    const project = read.config;
    for (const { pattern } of project.files) checkGlob(pattern, `${project.file}: "files"`);
    for (const override of project.overrides) for (const pattern of override.files) checkGlob(pattern, `${project.file}: "overrides"`);
    return { environments: project.environments, files: project.files, directory: project.directory, source: project.file, project };
  }

  /** The config for the working directory itself (commands that name no file: sandbox, print-config of a folder). */
  forDirectory(directory: string): CliConfig {
    return this.forFile(path.join(directory, CONFIG_FILE_NAME));
  }
}

/** The severities a payload is linted with: the config's rules, its matching overrides, then the file's own `$lint`. */
export function lintConfigFor(profile: ProviderProfile, file: string, value: unknown, config: CliConfig): EffectiveLintConfig {
  return effectiveLintConfig({
    provider: profile,
    providers: PROVIDERS,
    file,
    config: config.project,
    value,
  });
}

/** The path the `files` globs are matched against: relative to the config's folder. */
export function pathForGlobs(file: string, config: CliConfig): string {
  return path.relative(config.directory, file).split(path.sep).join('/');
}
