// Redaction for diagnostics: known secret values, secret-looking keys, tokens, private keys, URL passwords and env values.
export const REDACTED = '<redacted>';

/** Key names whose values are secrets (object keys, key=value pairs, CLI flags). */
const SECRET_WORD = String.raw`(?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|auth\w{0,20}|cookie|session[_-]?id|signature|x-registry-auth)`;
const SECRET_KEY = new RegExp(SECRET_WORD, 'i');
/** Keys whose values are environment-style lists or maps: every value is redacted, names kept. */
const ENV_KEY = /^(env|environment|buildargs|build_args|labels_secret)$/i;

const VALUE = String.raw`(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s"',;&}\])]+)`;
/**
 * `key: value` / `key=value` pairs and `--flag value` whose name holds a secret word. The lookbehind starts a match
 * only where a name starts, so the bounded name pattern stays linear on long lines.
 */
const KEY_VALUE = new RegExp(String.raw`(?<![\w.-])([\w.-]{0,40}${SECRET_WORD}[\w.-]{0,40})(["']?\s*[:=]\s*)(${VALUE})`, 'gi');
const FLAG_VALUE = new RegExp(String.raw`(?<![\w-])(--?[\w-]{0,40}${SECRET_WORD}[\w-]{0,40})([ =])(?!-)(${VALUE})`, 'gi');
const LOGIN_P = /(\blogin\b[^\n]{0,200}?\s-p[ =]?)(\S+)/gi;
const ENV_FLAG = /((?:^|\s)(?:-e|--env|--build-arg)[ =])([A-Za-z_][\w.-]*)=(\S*)/g;
const ENV_JSON_ARRAY = /("(?:Env|env|Environment)"\s*:\s*\[)([^\]]*)(\])/g;
const PEM = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY|OPENSSH PRIVATE KEY|PGP PRIVATE KEY BLOCK)-----[\s\S]*?(?:-----END [A-Z0-9 ]*-----|$)/g;
const AUTH_WORD = /^(Bearer|Basic|Token|Digest)$/;
const AUTH_SCHEME = /\b(Bearer|Basic|Token|Digest)(\s+)[A-Za-z0-9._~+/=-]{6,}/g;
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s:/@]{0,256}):([^\s@]{1,1024})@/gi;
const TOKEN_SHAPES = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bglpat-[A-Za-z0-9_-]{20,}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bsk-[A-Za-z0-9_-]{20,}\b/g,
  /\bdckr_pat_[A-Za-z0-9_-]{10,}\b/g,
  /\bnpm_[A-Za-z0-9]{30,}\b/g,
  /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
];
/** A query parameter that carries a token (`?token=...`, `&access_token=...`). */
const QUERY_PARAM = /([?&])([\w-]{1,80})=([^&\s#"']+)/g;

export interface Redactor {
  /** Redacts one text (a log, a line, a JSON document). */
  text(s: string): string;
  /** Redacts a structured value: secret keys, env values, then every string as text. */
  value(v: unknown): unknown;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a known secret can take in a log: as is, URL-encoded, JSON-escaped, base64. */
function forms(secret: string): string[] {
  const out = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  const b64 = Buffer.from(secret).toString('base64');
  if (b64.length >= 8) out.add(b64.replace(/=+$/, ''));
  return [...out].filter((f) => f.length >= 4);
}

export function createRedactor(opts: { secrets?: Iterable<string> } = {}): Redactor {
  const known = [...new Set([...(opts.secrets ?? [])].filter((s) => typeof s === 'string' && s.length >= 4))].flatMap(forms);
  // Longest first, so a secret that contains another is removed whole.
  known.sort((a, b) => b.length - a.length);
  const knownRe = known.length > 0 ? new RegExp(known.map(escapeRe).join('|'), 'g') : undefined;

  const keyValues = (s: string): string =>
    s.replace(KEY_VALUE, (m, key: string, sep: string, val: string, offset: number, whole: string) => {
      if (val.includes(REDACTED)) return m;
      // "Authorization: Bearer <redacted>": the scheme word stays, its token is already gone.
      if (AUTH_WORD.test(val) && whole.startsWith(` ${REDACTED}`, offset + m.length)) return m;
      return `${key}${sep}${/^["']/.test(val) ? `${val[0]}${REDACTED}${val[0]}` : REDACTED}`;
    });

  const text = (s: string): string => {
    let t = knownRe ? s.replace(knownRe, REDACTED) : s;
    t = t.replace(PEM, (_m, kind: string) => `-----BEGIN ${kind}----- ${REDACTED} -----END ${kind}-----`);
    t = t.replace(URL_USERINFO, `$1$2:${REDACTED}@`);
    t = t.replace(AUTH_SCHEME, `$1$2${REDACTED}`);
    for (const re of TOKEN_SHAPES) t = t.replace(re, REDACTED);
    t = t.replace(QUERY_PARAM, (m, sep: string, key: string) => (SECRET_KEY.test(key) ? `${sep}${key}=${REDACTED}` : m));
    t = t.replace(ENV_JSON_ARRAY, (_m, open: string, body: string, close: string) => open + body.replace(/"([A-Za-z_][\w.-]*)=(?:[^"\\]|\\.)*"/g, `"$1=${REDACTED}"`) + close);
    t = t.replace(ENV_FLAG, `$1$2=${REDACTED}`);
    t = t.replace(LOGIN_P, `$1${REDACTED}`);
    t = t.replace(FLAG_VALUE, (m, flag: string, sep: string, val: string) => (val.includes(REDACTED) ? m : `${flag}${sep}${REDACTED}`));
    t = keyValues(t);
    return t;
  };

  const envEntry = (e: unknown): unknown => {
    if (typeof e !== 'string') return value(e);
    const i = e.indexOf('=');
    return i < 0 ? text(e) : `${e.slice(0, i)}=${REDACTED}`;
  };

  const value = (v: unknown, depth = 0): unknown => {
    if (depth > 64) return REDACTED;
    if (typeof v === 'string') return text(v);
    if (Array.isArray(v)) return v.map((x) => value(x, depth + 1));
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (ENV_KEY.test(k)) {
        if (Array.isArray(x)) out[k] = x.map(envEntry);
        else if (x && typeof x === 'object') out[k] = Object.fromEntries(Object.keys(x).map((n) => [n, REDACTED]));
        else out[k] = x === undefined || x === null || x === '' ? x : REDACTED;
      } else if (SECRET_KEY.test(k) && x !== null && x !== undefined && x !== '' && typeof x !== 'boolean') {
        out[k] = REDACTED;
      } else {
        out[k] = value(x, depth + 1);
      }
    }
    return out;
  };

  return { text, value: (v) => value(v) };
}
