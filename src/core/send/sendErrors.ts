import { maxHeaderSize } from 'node:http';
import type { SendError } from './types';

/** What went wrong on the wire, said for people: what happened and what to try. */

const PRIVATE_CA_HINT = 'If you trust this host and it uses a private CA, make this machine trust that CA (for the CLI: NODE_EXTRA_CA_CERTS), or set "rejectUnauthorized": false on that environment only.';
const UNTRUSTED_ISSUER = { problem: 'its certificate was issued by an authority this machine does not trust', hint: PRIVATE_CA_HINT };

/** TLS failures by code: what is wrong with the certificate, and what to try. */
const TLS_PROBLEMS: Record<string, { problem: string; hint: string }> = {
  CERT_HAS_EXPIRED: { problem: 'its certificate has expired', hint: 'The server must renew its certificate. Check the base URL, and that this machine\'s clock is right.' },
  CERT_NOT_YET_VALID: { problem: 'its certificate is not valid yet', hint: 'Check that this machine\'s clock is right, and the base URL.' },
  DEPTH_ZERO_SELF_SIGNED_CERT: { problem: 'its certificate is self-signed (issued by no authority this machine trusts)', hint: PRIVATE_CA_HINT },
  SELF_SIGNED_CERT_IN_CHAIN: { problem: 'its certificate chain ends in a self-signed authority this machine does not trust', hint: PRIVATE_CA_HINT },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED_ISSUER,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED_ISSUER,
  UNABLE_TO_GET_ISSUER_CERT: UNTRUSTED_ISSUER,
  CERT_UNTRUSTED: UNTRUSTED_ISSUER,
  CERT_REVOKED: { problem: 'its certificate has been revoked', hint: 'Do not send to this host; check the base URL.' },
  ERR_TLS_CERT_ALTNAME_INVALID: { problem: 'its certificate is for another host name', hint: 'Check the host name in the base URL: the certificate names other hosts (a proxy or a misconfigured server may be in the way).' },
  EPROTO: { problem: 'the TLS handshake failed', hint: 'Check the base URL: does the server really speak https on that port?' },
};

/** "800 ms", "1 s", "2.5 s". */
function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 100) / 10} s`;
}

export function classify(error: unknown, request: { method: string; url: string; timeoutMs: number; credentialsInBody?: boolean }, state: { timedOut: boolean; cancelled: boolean; answeredStatus?: number }): SendError {
  const host = safeHost(request.url);
  if (state.cancelled) return { kind: 'cancelled', message: 'The request was cancelled before an answer arrived.', hint: 'Nothing was changed on this side; the server may or may not have applied the update — check before re-sending.' };
  if (state.timedOut) {
    return {
      kind: 'timeout',
      message:
        state.answeredStatus === undefined
          ? `No answer from ${host} within ${formatDuration(request.timeoutMs)}.`
          : `${host} answered ${state.answeredStatus}, but the body stopped arriving: it was not complete within ${formatDuration(request.timeoutMs)}.`,
      hint: 'The update may still have been applied: check the request before re-sending. Raise esignDrafts.timeout (CLI: --timeout) for slow networks.',
    };
  }
  const code = (error as { code?: string })?.code ?? ((error as { errno?: string })?.errno as string | undefined);
  const message = error instanceof Error ? error.message : String(error);
  const tls = code ? TLS_PROBLEMS[code] : undefined;
  if (tls) {
    const detail = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? `, not ${new URL(request.url).hostname}` : '';
    return { kind: 'tls', message: `The TLS certificate of ${host} was refused: ${tls.problem}${detail} (${code}).`, hint: tls.hint };
  }
  if (code === 'HPE_HEADER_OVERFLOW') return headerOverflow(host, request);
  if (code === 'ECONNREFUSED') return { kind: 'network', message: `Connection refused by ${host}.`, hint: 'Is the server running? For the local sandbox, run "E-Sign Drafts: Start Local Sandbox" or `esign-drafts sandbox`.' };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'network', message: `The host name ${host} could not be resolved (${code}).`, hint: 'Check the base URL and your network or proxy settings.' };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return {
      kind: 'network',
      message: `The connection to ${host} was reset before the answer was complete${state.answeredStatus !== undefined ? ` (it had begun answering ${state.answeredStatus})` : ''}.`,
      hint: 'The update may or may not have been applied: check before re-sending. If it persists, check proxies or firewalls between you and the API.',
    };
  }
  return { kind: 'network', message: `The request to ${host} failed: ${message}`, hint: 'Check the base URL and your network or proxy settings.' };
}

/**
 * The server answered with more header bytes than Node reads (a misbehaving proxy, a cookie
 * storm). This comes after the request went out in full: for the update, that it may already be
 * applied is what matters most.
 */
function headerOverflow(host: string, request: { method: string; credentialsInBody?: boolean }): SendError {
  const unread = `${host} answered, but with response headers larger than the ${Math.round(maxHeaderSize / 1024)} KB this client reads (HPE_HEADER_OVERFLOW), so the answer could not be read`;
  if (request.credentialsInBody) {
    return { kind: 'network', message: `The login request was sent and ${unread}: no token came back, so the update was not sent.`, hint: 'The server or a proxy in front of it sends oversized headers: check the base URL and any proxy, then send again.' };
  }
  return {
    kind: 'network',
    message: `The ${request.method} request was sent and ${unread}: the update may already have been applied.`,
    hint: 'Check the current state of the target before sending again. The server or a proxy in front of it sends oversized headers: check the base URL and any proxy.',
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
