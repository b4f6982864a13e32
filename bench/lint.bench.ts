import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { lintText } from '../src/core/lint/engine';
import { ignisignProfile } from '../src/core/providers/ignisign/profile';
import { largeIgnisignPayload, typicalIgnisignPayload } from './payloads';
import { median } from './stats';

/**
 * Lint latency against VS Code's own JSON language service validating the same text against
 * the same schema, in the same process and run. Goals (issue #2): our whole lint (schema and
 * rules) at most 0.2x the JSON service's time on both sizes, and under 1 ms median on the
 * typical payload. Prints figures; the goals are reported, not asserted (no timed tests).
 */
const now = new Date('2026-11-23T12:00:00Z');


async function time(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

async function main() {
  const schemaUri = 'file:///schemas/' + ignisignProfile.schemaFile;
  const service = getLanguageService({});
  service.configure({ validate: true, allowComments: false, schemas: [{ uri: schemaUri, fileMatch: ['*.ignisign.json'], schema: ignisignProfile.updateSchema as any }] });
  const jsonLs = async (text: string) => {
    const document = TextDocument.create('file:///bench/payload.ignisign.json', 'json', 1, text);
    const parsed = service.parseJSONDocument(document);
    return service.doValidation(document, parsed, { schemaValidation: 'error' });
  };
  const ours = (text: string) => lintText(text, ignisignProfile, { now });

  // With the validators precompiled at build time, no schema is compiled here.
  const coldStart = process.hrtime.bigint();
  ours(typicalIgnisignPayload());
  const coldMs = Number(process.hrtime.bigint() - coldStart) / 1e6;

  const cases = [
    { name: 'typical', text: typicalIgnisignPayload(), runs: 2000, warmup: 200, clean: true },
    { name: 'large', text: largeIgnisignPayload(), runs: 15, warmup: 3, clean: true },
    // Not part of the goals, shown for honesty: a file with findings needs the full syntax tree
    // (ranges and fixes), which the clean path skips.
    { name: 'findings', text: typicalIgnisignPayload().replace('"title"', '"titel"').replace('"EN"', '"en"'), runs: 1000, warmup: 100, clean: false },
  ];
  console.log(`lint benchmark (node ${process.version}); first lint (validators precompiled at build time): ${coldMs.toFixed(1)} ms`);
  console.log('case      size      ours (median)   json-languageservice (median)   ratio');
  let ok = true;
  for (const c of cases) {
    // Same answer first: both must see the file as schema-valid (no errors), or the comparison is unfair.
    const ourErrors = ours(c.text).findings.filter((f) => f.severity === 'error');
    const theirErrors = (await jsonLs(c.text)).filter((d) => d.severity === 1);
    if (c.clean && (ourErrors.length || theirErrors.length)) throw new Error(`${c.name} payload is not clean: ours ${ourErrors.length}, json-ls ${theirErrors.length}`);
    if (!c.clean && (ourErrors.length === 0 || theirErrors.length === 0)) throw new Error(`${c.name} payload should have errors for both`);
    await time(c.warmup, () => ours(c.text));
    await time(c.warmup, () => jsonLs(c.text));
    const oursMs = await time(c.runs, () => ours(c.text));
    const theirsMs = await time(c.runs, () => jsonLs(c.text));
    const ratio = oursMs / theirsMs;
    const size = c.text.length >= 1e6 ? `${(c.text.length / 1048576).toFixed(2)} MB` : `${(c.text.length / 1024).toFixed(1)} KB`;
    console.log(`${c.name.padEnd(9)} ${size.padEnd(9)} ${oursMs.toFixed(3).padStart(9)} ms    ${theirsMs.toFixed(3).padStart(12)} ms                  ${ratio.toFixed(3)}x`);
    if (c.clean && ratio > 0.2) ok = false;
    if (c.name === 'typical' && oursMs >= 1) ok = false;
  }
  console.log(ok ? 'goals met: ratio <= 0.2x on both clean sizes, typical < 1 ms' : 'goals (ratio <= 0.2x on both clean sizes, typical < 1 ms): NOT all met, see the figures above');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
