/**
 * Redaction of secrets before anything reaches disk, a log line or a page: everything paritybook
 * writes or prints goes through this module. Three passes:
 * - known values: every token read from a service's `tokenEnv` variable, wherever it shows up
 *   (an environment may echo it back under an innocent key);
 * - by value: known token formats, credentials inside URLs, private keys;
 * - by key: whatever a field or query parameter is called, if its name says "secret", its value goes.
 */

export const REDACTED = '[redacted]';

/**
 * Tokens shorter than this are not sent (the probe says why): a value that short could not be
 * scrubbed from every output without garbling ordinary words and numbers.
 */
export const MIN_TOKEN_LENGTH = 8;

/** Values read from `tokenEnv` variables in this process, longest first (a token may contain another). */
let knownSecrets: string[] = [];

/** Makes every later redaction remove `value`, also in its URL-encoded and JSON-escaped forms. */
function rememberSecret(value: string): void {
  const forms = [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)];
  const fresh = forms.filter((form) => form.length >= MIN_TOKEN_LENGTH && !knownSecrets.includes(form));
  if (fresh.length) knownSecrets = [...knownSecrets, ...fresh].sort((a, b) => b.length - a.length);
}

/**
 * Reads the token a service file names in `tokenEnv` (surrounding white space dropped: a header
 * cannot carry it) and remembers it, so that no output of this process can hold it.
 */
export function readToken(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  rememberSecret(value);
  return value;
}

function redactKnown(value: string): string {
  let result = value;
  for (const secret of knownSecrets) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  return result;
}

/** Header names whose values are never kept, whatever they contain. */
export const DROPPED_HEADERS = new Set([
  'set-cookie',
  'cookie',
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
  'x-amz-security-token',
]);

/** Words that, anywhere in a key, mark its value as secret. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'pass',
  'secret',
  'secrets',
  'token',
  'tokens',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'dsn',
  'cookie',
  'cookies',
  'auth',
  'authorization',
  'sessionid',
  'signature',
  'jwt',
  'bearer',
  'privatekey',
  'salt',
]);
/**
 * Words that make a key secret when they end it: `session`, `refresh`, `otp_seed`, `user_pin`,
 * `sig`; but `session_timeout`, `refresh_interval` and `pin_count` name settings, not secrets.
 */
const SECRET_LAST_WORDS = new Set(['session', 'refresh', 'seed', 'pin', 'otp', 'totp', 'passcode', 'sig']);
/** Second words that make a key secret after certain first words: api_key, private_key, access_key. */
const KEY_PREFIXES = new Set([
  'api',
  'private',
  'access',
  'secret',
  'signing',
  'encryption',
  'master',
  'client',
  'ssh',
  'license',
]);

/** Splits `clientSecret`, `AWS_SECRET_ACCESS_KEY`, `x-api-key`, `db.password` into lower-case words. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Long secret words also count at the end of a glued word (`dbpassword`, `githubtoken`). */
const GLUED = /(password|passwd|passphrase|secret|token|apikey|credentials?|privatekey)$/;

const secretKeyCache = new Map<string, boolean>();

/** True when a key's name says its value is a secret. */
export function isSecretKey(key: string): boolean {
  let known = secretKeyCache.get(key);
  if (known === undefined) {
    known = computeSecretKey(key);
    if (secretKeyCache.size < 10_000) secretKeyCache.set(key, known);
  }
  return known;
}

/**
 * Last words that make a key a description of something rather than the thing itself: Node's
 * TLS `authorization_error` says why a certificate did not verify, it carries no credential. The
 * value still goes through the value passes (known tokens, token formats, URLs with credentials).
 */
const DESCRIPTIVE_LAST_WORDS = new Set(['error', 'errors']);

function computeSecretKey(key: string): boolean {
  const words = keyWords(key);
  if (words.length > 1 && DESCRIPTIVE_LAST_WORDS.has(words.at(-1) ?? '')) return false;
  if (words.some((word) => GLUED.test(word))) return true;
  if (words.some((word, index) => word === 'session' && ['id', 'key'].includes(words[index + 1] ?? ''))) return true;
  if (words.length === 1 && (words[0] === 'key' || words[0] === 'keys')) return true;
  if (SECRET_LAST_WORDS.has(words.at(-1) ?? '')) return true;
  return words.some(
    (word, index) =>
      SECRET_WORDS.has(word) ||
      ((word === 'key' || word === 'keys') && index > 0 && KEY_PREFIXES.has(words[index - 1])),
  );
}

/** Known token formats and credential carriers, each replaced in place. */
const FORMAT_PATTERNS: [RegExp, string | ((...groups: string[]) => string)][] = [
  // PEM private keys (RSA, EC, OPENSSH, ENCRYPTED...), possibly with escaped newlines.
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, REDACTED],
  // Credentials in URLs and DSNs: scheme://user:password@host, scheme://token@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@"'<>]*(?::[^/\s@"'<>]*)?@/gi, (_m, scheme: string) => `${scheme}${REDACTED}@`],
  // Authorization schemes followed by a credential.
  [
    /\b(Bearer|Basic|Token|Digest|Negotiate)\s+[A-Za-z0-9._~+/=-]{6,}/g,
    (_m, scheme: string) => `${scheme} ${REDACTED}`,
  ],
  // JSON Web Tokens.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Vendor tokens with recognisable prefixes.
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{30,}\b/g, REDACTED],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, REDACTED],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, REDACTED],
  [/\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\b/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, REDACTED],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, REDACTED],
  [/\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}\b/g, REDACTED],
];

/**
 * key=value and "key": "value" pairs whose key names a secret (query strings and fragments, env
 * dumps, JSON inside strings). A value that is exactly `[redacted]` is left as it is, so that a
 * path built from redacted keys (`headers./download?token=[redacted].x-frame-options`) keeps
 * what follows it when it is redacted again (drift history, the snapshot loader).
 */
const KEY_VALUE =
  /((?:^|[\s?&;,{"'(#])["']?([A-Za-z0-9_.-]+)["']?\s*[=:]\s*)(?!\/\/|\[redacted\](?:[.\s?&;,"'<>)}]|$))("[^"]*"|'[^']*'|[^\s?&;,"'<>)}]+)/g;

/**
 * Cheap first look: every pattern above needs one of these, so most values (versions, hashes,
 * flags) skip the full pass.
 */
const MIGHT_HOLD_SECRET =
  /[=:@]|BEGIN|eyJ|AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox|_live_|_test_|AIza|npm_|SG\.|Bearer|Basic|Token|Digest|Negotiate/;
const MIGHT_HOLD_FORMAT =
  /:\/\/|BEGIN|eyJ|AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox|_live_|_test_|AIza|npm_|SG\.|Bearer|Basic|Token|Digest|Negotiate/;

function redactFormats(value: string): string {
  let result = value;
  for (const [pattern, replacement] of FORMAT_PATTERNS) {
    result = result.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
  }
  return result;
}

/** Replaces every secret-looking part of a string from outside (a value, an error message, a header). */
export function redactText(value: string): string {
  const known = knownSecrets.length ? redactKnown(value) : value;
  if (!MIGHT_HOLD_SECRET.test(known)) return known;
  return redactFormats(known).replace(KEY_VALUE, (match: string, prefix: string, key: string) =>
    isSecretKey(key) ? `${prefix}${REDACTED}` : match,
  );
}

/**
 * For text paritybook formatted itself out of values already redacted (the drift report, a
 * summary line): removes remembered tokens and secret formats, but reads no `name: value`
 * structure into it, so `auth-api: CRITICAL` stays a service and its severity.
 */
export function redactOutput(text: string): string {
  const known = knownSecrets.length ? redactKnown(text) : text;
  return MIGHT_HOLD_FORMAT.test(known) ? redactFormats(known) : known;
}

/**
 * Removes credentials from a URL or a path, keeping everything else as written: user info
 * becomes `[redacted]@`, and so does the value of every query or fragment parameter whose name
 * says "secret" (`?token=`, `?access_token=`, `?sig=`, `#id_token=`).
 */
export function redactUrl(url: string): string {
  const withoutUser = url.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i,
    (_m, scheme: string) => `${scheme}${REDACTED}@`,
  );
  const start = withoutUser.search(/[?#]/);
  const withoutParams =
    start < 0
      ? withoutUser
      : withoutUser.slice(0, start) +
        withoutUser
          .slice(start)
          .replace(/([?&#;])([^=&#;]*)=([^&#;]*)/g, (match, separator: string, key: string) =>
            isSecretKey(decodeSafely(key)) ? `${separator}${key}=${REDACTED}` : match,
          );
  return redactText(withoutParams);
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** A key that is a route or a URL (`/download?token=...`): its query is redacted, not everything under it. */
const isLocationKey = (key: string) => key.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(key);

/**
 * Deep copy with secrets removed. Under a secret-looking key, booleans and null stay (they say
 * whether a secret is set, not what it is), nested objects are walked with every leaf replaced,
 * everything else becomes "[redacted]".
 */
export function redact<T>(value: T): T {
  return walk(value, false) as T;
}

function walk(value: unknown, underSecretKey: boolean): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'string') return underSecretKey ? REDACTED : redactText(value);
  if (typeof value === 'number' || typeof value === 'bigint')
    return underSecretKey || knownSecrets.includes(String(value)) ? REDACTED : value;
  if (Array.isArray(value)) return value.map((item) => walk(item, underSecretKey));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (DROPPED_HEADERS.has(key.toLowerCase())) continue;
      if (isLocationKey(key)) out[redactUrl(key)] = walk(child, underSecretKey);
      else out[redactText(key)] = walk(child, underSecretKey || isSecretKey(key));
    }
    return out;
  }
  return underSecretKey ? REDACTED : String(value);
}
