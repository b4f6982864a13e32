import { createHmac, timingSafeEqual } from 'node:crypto';

/** Minimal HS256 JSON Web Tokens (RFC 7519), enough for the sandbox's Ignisign login. */

export type JwtClaims = Record<string, unknown>;

export type JwtVerification =
  | { ok: true; claims: JwtClaims }
  | { ok: false; reason: 'malformed' | 'unsupported-algorithm' | 'bad-signature' };

const HEADER = { alg: 'HS256', typ: 'JWT' };

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeJson(segment: string): unknown {
  // base64url only: a "+" or "/" means the token was not produced by a JWT library.
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) throw new Error('not base64url');
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

function hmac(input: string, key: Buffer): Buffer {
  return createHmac('sha256', key).update(input, 'ascii').digest();
}

export function signHs256(claims: JwtClaims, key: Buffer): string {
  const signingInput = `${encodeJson(HEADER)}.${encodeJson(claims)}`;
  return `${signingInput}.${hmac(signingInput, key).toString('base64url')}`;
}

/** Checks the structure and signature only; expiry is the caller's business (it has its own codes). */
export function verifyHs256(token: string, key: Buffer): JwtVerification {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [headerPart, payloadPart, signaturePart] = parts;
  let header: unknown;
  let claims: unknown;
  try {
    header = decodeJson(headerPart);
    claims = decodeJson(payloadPart);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isObject(header) || !isObject(claims)) return { ok: false, reason: 'malformed' };
  // Never trust the token's own "alg" beyond HS256: "none" and friends are refused.
  if (header.alg !== 'HS256') return { ok: false, reason: 'unsupported-algorithm' };
  if (!/^[A-Za-z0-9_-]+$/.test(signaturePart)) return { ok: false, reason: 'malformed' };
  const expected = hmac(`${headerPart}.${payloadPart}`, key);
  const given = Buffer.from(signaturePart, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  return { ok: true, claims };
}

function isObject(value: unknown): value is JwtClaims {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
