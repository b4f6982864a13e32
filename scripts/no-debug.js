// The `debug` logger, silenced (scripts/build.mjs aliases it in the CLI bundles): the proxy
// agents would print proxy URLs, passwords included, when DEBUG is set.
export default function createDebug() {
  const log = () => undefined;
  log.enabled = false;
  return log;
}
