/**
 * Redaction of secrets before anything reaches disk, a log line or a page.
 * Two passes: by key (whatever a field is called, if its name says "secret", its value goes)
 * and by value (known token formats, credentials inside URLs, private keys), so a secret
 * hidden under an innocent key is caught too.
 */

export const REDACTED = '[redacted]';

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

function computeSecretKey(key: string): boolean {
  const words = keyWords(key);
  if (words.some((word) => GLUED.test(word))) return true;
  if (words.some((word, index) => word === 'session' && ['id', 'key'].includes(words[index + 1] ?? ''))) return true;
  if (words.length === 1 && (words[0] === 'key' || words[0] === 'keys')) return true;
  return words.some(
    (word, index) =>
      SECRET_WORDS.has(word) ||
      ((word === 'key' || word === 'keys') && index > 0 && KEY_PREFIXES.has(words[index - 1])),
  );
}

/** Known token formats and credential carriers, each replaced in place. */
const VALUE_PATTERNS: [RegExp, string | ((...groups: string[]) => string)][] = [
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
  // key=value and "key": "value" pairs whose key names a secret (query strings, env dumps, JSON in strings).
  [
    /((?:^|[\s?&;,{"'(])["']?([A-Za-z0-9_.-]+)["']?\s*[=:]\s*)(?!\/\/)("[^"]*"|'[^']*'|[^\s?&;,"'<>)}]+)/g,
    (match: string, prefix: string, key: string) => (isSecretKey(key) ? `${prefix}${REDACTED}` : match),
  ],
];

/**
 * Cheap first look: every pattern above needs one of these, so most values (versions, hashes,
 * flags) skip the full pass.
 */
const MIGHT_HOLD_SECRET =
  /[=:@]|BEGIN|eyJ|AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox|_live_|_test_|AIza|npm_|SG\.|Bearer|Basic|Token|Digest|Negotiate/;

/** Replaces every secret-looking part of a string. */
export function redactText(value: string): string {
  if (!MIGHT_HOLD_SECRET.test(value)) return value;
  let result = value;
  for (const [pattern, replacement] of VALUE_PATTERNS) {
    result = result.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
  }
  return result;
}

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
  if (typeof value === 'number' || typeof value === 'bigint') return underSecretKey ? REDACTED : value;
  if (Array.isArray(value)) return value.map((item) => walk(item, underSecretKey));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (DROPPED_HEADERS.has(key.toLowerCase())) continue;
      out[redactText(key)] = walk(child, underSecretKey || isSecretKey(key));
    }
    return out;
  }
  return underSecretKey ? REDACTED : String(value);
}

/** Removes credentials from a URL for display (user info and secret query parameters). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
    }
    for (const key of [...parsed.searchParams.keys()]) {
      if (isSecretKey(key)) parsed.searchParams.set(key, REDACTED);
    }
    return redactText(parsed.toString());
  } catch {
    return redactText(url);
  }
}
