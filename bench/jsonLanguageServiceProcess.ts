import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';

/**
 * The reference for the CLI start-up benchmark (cliProcess.bench.ts): VS Code's JSON language
 * service as a process of its own, validating one file against one schema, bundled and minified
 * like dist/cli.js. Usage: node jsonLanguageServiceProcess.js <schema.json> <file.json>;
 * prints the number of errors and exits 0.
 */
async function main() {
  const [schemaFile, file] = process.argv.slice(2);
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
  const service = getLanguageService({});
  const uri = 'file:///' + path.basename(file);
  service.configure({ validate: true, allowComments: false, schemas: [{ uri: 'file:///schema.json', fileMatch: [path.basename(file)], schema }] });
  const document = TextDocument.create(uri, 'json', 1, fs.readFileSync(file, 'utf8'));
  const diagnostics = await service.doValidation(document, service.parseJSONDocument(document), { schemaValidation: 'error' });
  process.stdout.write(`${diagnostics.filter((d) => d.severity === 1).length} errors\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
