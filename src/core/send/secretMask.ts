/**
 * Masks known secrets in what a server sends back. A login error may echo the posted secret
 * (Ignisign's `message`, Zigned's `error_description`) and a misconfigured API or proxy may
 * reflect the Authorization header in its body or headers: what the server says is shown,
 * logged, kept in history and copied, so every secret in it is replaced before anyone reads it.
 *
 * The mask is the one the project already uses for redacted credentials ("Bearer ***", "***").
 */
export const SECRET_MASK = '***';

/**
 * Shorter values are not masked. A secret of one to three characters matches all over any
 * answer ("id", "ok"), so masking it would garble the answer, and the pattern of the masks in
 * known text would itself give the secret away; no provider issues such secrets (their API
 * secrets, client secrets and tokens are tens of characters long).
 */
export const MIN_MASKED_LENGTH = 4;

/** Ignisign v4 API keys are sent as the bearer itself: any such key in an answer is masked, ours or not. */
const API_KEY_PATTERN = 'skv2_[A-Za-z0-9_-]{8,}';

export class SecretMask {
  private readonly secrets = new Set<string>();
  private compiled: RegExp | undefined;

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Adds a secret (a token obtained during the send, say). Empty and too-short values are ignored. */
  add(secret: string | undefined): this {
    if (secret === undefined || secret.length < MIN_MASKED_LENGTH || this.secrets.has(secret)) return this;
    this.secrets.add(secret);
    this.compiled = undefined;
    return this;
  }

  /**
   * `text` with every secret replaced: one regular-expression pass over the text, whatever the
   * number of secrets, and the text itself (no copy) when none occurs.
   */
  text(text: string): string {
    if (text.length < MIN_MASKED_LENGTH) return text;
    return text.replace(this.pattern(), SECRET_MASK);
  }

  /**
   * A parsed JSON value with its strings (and keys) masked. The text it was parsed from was
   * masked already; only an escape sequence (`\u0073k_…`) can hide a secret from that pass, so a
   * value parsed from text without a backslash is returned as it is, unwalked.
   */
  parsed(value: unknown, sourceText: string): unknown {
    if (!sourceText.includes('\\')) return value;
    return this.walk(value);
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = this.walk(value[i]);
      return value;
    }
    if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      for (const key of Object.keys(object)) {
        const masked = this.text(key);
        const inner = this.walk(object[key]);
        if (masked !== key) delete object[key];
        object[masked] = inner;
      }
    }
    return value;
  }

  /**
   * One alternation of every secret in the forms a server writes it back in: as sent, escaped
   * inside a JSON string (quotes, backslashes, `\/`, non-ASCII as `\uXXXX`) and URL-encoded (a
   * form login echoed, a query string). Longest first, so that a secret containing another is
   * masked whole.
   */
  private pattern(): RegExp {
    if (this.compiled) return this.compiled;
    // Most sends mask the same secrets as the previous one (same credentials, cached token): the
    // expression, once compiled, is reused rather than built and compiled again for every send.
    const key = JSON.stringify([...this.secrets]);
    const known = COMPILED.get(key);
    if (known) return (this.compiled = known);
    const forms = new Set<string>();
    for (const secret of this.secrets) {
      const json = JSON.stringify(secret).slice(1, -1);
      forms.add(secret).add(json).add(json.replace(/\//g, '\\/'));
      forms.add(json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
      forms.add(encodeURIComponent(secret)).add(new URLSearchParams({ s: secret }).toString().slice(2));
    }
    const alternatives = [...forms].filter((form) => form.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.compiled = new RegExp([...alternatives, API_KEY_PATTERN].join('|'), 'g');
    if (COMPILED.size >= MAX_COMPILED) COMPILED.delete(COMPILED.keys().next().value!);
    COMPILED.set(key, this.compiled);
    return this.compiled;
  }
}

/** Compiled expressions by secret set, oldest dropped first; only used with replace(), which resets lastIndex. */
const COMPILED = new Map<string, RegExp>();
const MAX_COMPILED = 16;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Query parameters whose values are credentials whatever they hold (a token in a redirect's Location). */
export const SECRET_PARAMETER = /token|secret|password|passw|pwd|api[-_]?key|^key$|signature|^sig$|^code$|credential|session|auth/i;

/**
 * A URL a server pointed to (a redirect's Location), fit to show: user info and the values of
 * credential-like query parameters masked, then every known secret. Not a URL: masked as text.
 */
export function displayableUrl(location: string, base: string, mask: SecretMask): string {
  let url: URL;
  try {
    url = new URL(location, base);
  } catch {
    return mask.text(location);
  }
  if (url.username || url.password) {
    url.username = SECRET_MASK;
    url.password = '';
  }
  for (const name of new Set(url.searchParams.keys())) if (SECRET_PARAMETER.test(name)) url.searchParams.set(name, SECRET_MASK);
  // URLSearchParams encodes the mask: show it as written.
  return mask.text(url.toString().replace(/%2A%2A%2A/g, SECRET_MASK));
}
