import path = require('node:path');
import { pathToFileURL } from 'node:url';
import { ENGINE_RULES } from '../../core/lint/engine';
import { PROVIDERS } from '../../core/providers/registry';
import type { FileLint } from '../fileLint';
import { jsonOutput } from '../terminalText';
import { repositoryUrl, ruleDocUrl, version } from '../version';

const LEVELS = { error: 'error', warning: 'warning', info: 'note' } as const;

function ruleDescription(ruleId: string): string {
  const engine = ENGINE_RULES[ruleId];
  if (engine) return engine.description;
  for (const provider of PROVIDERS) {
    const rule = provider.rules.find((r) => r.id === ruleId);
    if (rule) return rule.description;
  }
  return ruleId;
}

/**
 * SARIF 2.1.0, for GitHub code scanning and other viewers; columns and lines are 1-based.
 * helpUri is absolute: viewers resolve nothing relative to the repository.
 */
export function formatSarif(results: FileLint[], cwd: string): string {
  const srcRoot = pathToFileURL(cwd + path.sep).href;
  const ruleIds = [...new Set(results.flatMap((r) => r.findings.map((f) => f.ruleId)))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'esign-drafts',
            version,
            informationUri: repositoryUrl,
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: ruleDescription(id) }, helpUri: ruleDocUrl(id) })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: srcRoot } },
        results: results.flatMap((r) =>
          r.findings.map((f) => ({
            ruleId: f.ruleId,
            ruleIndex: ruleIds.indexOf(f.ruleId),
            level: LEVELS[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifactLocation(r.file, cwd, srcRoot),
                  region: { startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1, endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1 },
                },
                logicalLocations: [{ fullyQualifiedName: f.path || '/', kind: 'member' }],
              },
            ],
          })),
        ),
      },
    ],
  };
  return jsonOutput(JSON.stringify(sarif, null, 2));
}

/**
 * Where a file is, as SARIF wants it: a URI, percent-encoded. A file name is not a URI: `%`, `#`,
 * `?`, spaces and control characters taken as they are make a viewer put the alert on another
 * file (or none). pathToFileURL encodes them; a file under the working directory is then given
 * relative to SRCROOT (the same encoding, the root's prefix removed), any other as an absolute URI.
 */
function artifactLocation(file: string, cwd: string, srcRoot: string): { uri: string; uriBaseId?: 'SRCROOT' } {
  const uri = pathToFileURL(path.resolve(cwd, file)).href;
  return uri.startsWith(srcRoot) ? { uri: uri.slice(srcRoot.length), uriBaseId: 'SRCROOT' } : { uri };
}
