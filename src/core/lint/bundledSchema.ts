/**
 * A schema shipped in the bundle, parsed the first time it is asked for. Every process starts
 * with every provider's profile loaded, but a run needs at most a few of the seven schemas
 * (`lint` of one Ignisign v3 file: that update schema only); parsing all of them at start-up was
 * a tenth of `esign-drafts lint`'s own time. `load` is a `require()` of the schema's JSON, which
 * the bundler keeps where it is written: it runs on the first call, not when the module loads.
 */
export function bundledSchema(load: () => unknown): () => Record<string, unknown> {
  let schema: Record<string, unknown> | undefined;
  return () => (schema ??= load() as Record<string, unknown>);
}
