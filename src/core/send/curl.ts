/**
 * "Copy as cURL": the same PUT, with the bearer token replaced by a shell variable the user
 * sets, so that no credential ever reaches the clipboard.
 */
export function toCurl(request: { method: string; url: string; body: string }, tokenVariable = 'ESIGN_DRAFTS_TOKEN'): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    `curl -X ${request.method} ${quote(request.url)}`,
    `  -H ${quote('Content-Type: application/json')}`,
    `  -H ${quote('Accept: application/json')}`,
    `  -H "Authorization: Bearer \${${tokenVariable}}"`,
    `  --data-raw ${quote(request.body)}`,
  ].join(' \\\n');
}
