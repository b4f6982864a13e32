/**
 * Is what answered GET /__sandbox/description our sandbox? It describes both emulated APIs
 * with their base URLs on the port that was probed.
 */
export function isSandboxDescription(value: unknown, port: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { ignisign, zigned } = value as { ignisign?: { baseUrl?: unknown }; zigned?: { baseUrl?: unknown } };
  const onPort = (url: unknown) => {
    if (typeof url !== 'string') return false;
    try {
      return Number(new URL(url).port) === port;
    } catch {
      return false;
    }
  };
  return onPort(ignisign?.baseUrl) && onPort(zigned?.baseUrl);
}

/** What Start Local Sandbox says when the configured port answers, but not as our sandbox. */
export function portTakenMessage(port: number, startedOn: number): string {
  return `Port ${port} is held by another program (it is not an E-Sign Drafts sandbox), so the sandbox started on 127.0.0.1:${startedOn} instead. To use another port for the shared sandbox, set ESIGN_DRAFTS_SANDBOX_PORT (and run \`esign-drafts sandbox --port N\`).`;
}
