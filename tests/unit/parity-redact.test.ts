import { describe, expect, it } from 'vitest';
import {
  isSecretKey,
  readToken,
  redact,
  redactOutput,
  redactText,
  redactUrl,
  REDACTED,
} from '../../src/parity/redact.ts';

// Every secret below is fake but shaped like the real thing.
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM =
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----';
const AWS = 'AKIAIOSFODNN7EXAMPLE';
const GH = 'ghp_1234567890abcdefghijklmnopqrstuvwxyzAB';
const STRIPE = 'sk_live_51H8abcdefghijklmnopqrstu';
const SLACK = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';

describe('isSecretKey', () => {
  it.each([
    'password',
    'DB_PASSWORD',
    'clientSecret',
    'AWS_SECRET_ACCESS_KEY',
    'x-api-key',
    'apiKey',
    'api_key',
    'private_key',
    'access-token',
    'refreshToken',
    'Authorization',
    'SENTRY_DSN',
    'session_id',
    'sessionid',
    'Cookie',
    'key',
    'db.passwd',
    'PASSPHRASE',
    'session',
    'refresh',
    'otp_seed',
    'pin',
    'user_pin',
    'sig',
    'authorization_token',
    'auth_header',
  ])('%s is secret', (key) => expect(isSecretKey(key)).toBe(true));
  it.each([
    'tokenizers',
    'passenger',
    'keyboard',
    'monkey',
    'version',
    'max_upload_bytes',
    'new_checkout',
    'primary_key_column_count',
    'bypass_cache',
    'database',
    'session_timeout',
    'refresh_interval',
    'pin_count',
    'pinned',
    'signal',
    'authorization_error',
    'authorizationError',
  ])('%s is not secret', (key) => expect(isSecretKey(key)).toBe(false));
});

describe('descriptive keys', () => {
  it('keeps why a certificate did not verify, and still scrubs a credential inside it', () => {
    const observed = {
      tls: { authorization_error: 'DEPTH_ZERO_SELF_SIGNED_CERT', authorization: 'Bearer abcdefghijkl' },
      checks: { token_error: `rejected Bearer ${'a'.repeat(20)}` },
    };
    expect(redact(observed)).toEqual({
      tls: { authorization_error: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
      checks: { token_error: 'rejected Bearer [redacted]' },
    });
  });
});

describe('redactText', () => {
  it.each([
    [`postgres://app:hunter2@db.internal:5432/shop`, 'hunter2'],
    [`redis://:s3cr3tpass@cache:6379/0`, 's3cr3tpass'],
    [`https://user:pa%40ss@git.example.com/repo.git`, 'pa%40ss'],
    [`Authorization: Bearer ${JWT}`, JWT],
    [`token=${JWT}`, JWT],
    [`<b onclick="x">${JWT}</b>`, JWT],
    [`key material ${PEM} end`, 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun'],
    [`aws ${AWS} here`, AWS],
    [`gh ${GH}`, GH],
    [`stripe=${STRIPE}`, STRIPE],
    [`slack ${SLACK}`, SLACK],
    [`https://api.example.com/v1?access_token=abc123def456&page=2`, 'abc123def456'],
    [`{"password": "correct horse battery staple"}`, 'correct horse battery staple'],
    [`DATABASE_PASSWORD='p@ss w0rd!'`, 'p@ss w0rd!'],
    [`Basic dXNlcjpwYXNzd29yZA==`, 'dXNlcjpwYXNzd29yZA=='],
  ])('removes the secret from %s', (input, secret) => {
    const output = redactText(input);
    expect(output).not.toContain(secret);
    expect(output).toContain(REDACTED);
  });

  it('leaves ordinary values alone', () => {
    for (const value of [
      '1.8.0',
      '9e1a5b7c3d2f4a6b8c0d1e2f3a4b5c6d7e8f9a0b',
      'https://ci.example.com/build/812',
      "default-src 'self'",
      'max-age=31536000; includeSubDomains',
      'version=1.2.3',
    ]) {
      expect(redactText(value)).toBe(value);
    }
  });
});

describe('redact (deep)', () => {
  it('removes secrets by key at any depth, keeps presence flags, drops credential headers', () => {
    const input = {
      config: {
        flags: { new_checkout: true, api_token: 'tok_abcdef123456' },
        secrets_present: { DATABASE_URL: true, STRIPE_API_KEY: false },
        nested: [{ clientSecret: 'abc' }, { deeper: { password: 12345 } }],
      },
      headers: { 'set-cookie': 'sid=abc', authorization: 'Basic Zm9vOmJhcg==', 'x-frame-options': 'DENY' },
      note: `dsn postgres://u:supersecret@h/db and ${JWT}`,
      [`weird ${GH}`]: 'key with a token in it',
    };
    const output = redact(input);
    const text = JSON.stringify(output);
    for (const secret of ['tok_abcdef123456', 'abc"', '12345', 'sid=abc', 'Zm9vOmJhcg', 'supersecret', JWT, GH]) {
      expect(text).not.toContain(secret);
    }
    expect(output.config.secrets_present).toEqual({ DATABASE_URL: true, STRIPE_API_KEY: false });
    expect(output.config.flags.new_checkout).toBe(true);
    expect(output.headers).toEqual({ 'x-frame-options': 'DENY' });
    expect(input.config.flags.api_token).toBe('tok_abcdef123456'); // the input is not mutated
  });

  it('copes with hostile shapes: huge strings, unicode keys, prototype keys', () => {
    const big = `${'a'.repeat(100_000)}password=hunter2`;
    const output = redact({ big, пароль: 'x', ['__proto__']: { token: 'y' } } as Record<string, unknown>);
    expect(JSON.stringify(output)).not.toContain('hunter2');
    expect(({} as Record<string, unknown>).token).toBeUndefined();
  });
});

describe('redactUrl', () => {
  it('marks user info and redacts secret query and fragment parameters, keeping the rest as written', () => {
    expect(redactUrl('https://admin:pw@staging.example.com/?token=abc&x=1')).toBe(
      `https://${REDACTED}@staging.example.com/?token=${REDACTED}&x=1`,
    );
    expect(redactUrl('https://cdn.example.com/a.css?sv=2024&sig=c2lnbmF0dXJl&se=2026')).toBe(
      `https://cdn.example.com/a.css?sv=2024&sig=${REDACTED}&se=2026`,
    );
    expect(redactUrl('https://app.example.com/cb#access_token=abc123&state=9')).toBe(
      `https://app.example.com/cb#access_token=${REDACTED}&state=9`,
    );
    expect(redactUrl('/download?access%5Ftoken=abc123')).toBe(`/download?access%5Ftoken=${REDACTED}`);
  });

  it('leaves a URL without credentials exactly as written, and is idempotent', () => {
    expect(redactUrl('http://127.0.0.1:18001')).toBe('http://127.0.0.1:18001');
    const once = redactUrl('http://u:p@host:1/x?token=a#sig=b');
    expect(redactUrl(once)).toBe(once);
  });
});

describe('route keys', () => {
  it('redacts the query of a route, not everything under the route', () => {
    const output = redact({ headers: { '/download?token=abc123': { status: 200, 'x-frame-options': 'DENY' } } });
    expect(output).toEqual({
      headers: { [`/download?token=${REDACTED}`]: { status: 200, 'x-frame-options': 'DENY' } },
    });
    // Paths built from that key survive being redacted again (drift history, the loader).
    const path = `headers./download?token=${REDACTED}.x-frame-options`;
    expect(redactText(path)).toBe(path);
    expect(redactText('headers./download?token=abc123.x-frame-options')).not.toContain('abc123');
    expect(redactText('password=[redacted]hunter2')).toBe(`password=${REDACTED}`);
  });
});

describe('remembered tokens', () => {
  it('scrubs a token read from the environment wherever it shows up, as text, key or number', () => {
    const token = 'echoed-Token-6d2f1a';
    expect(readToken({ AUTH_TOKEN: ` ${token}\n` }, 'AUTH_TOKEN')).toBe(token);
    expect(readToken({ NUMERIC_TOKEN: '31415926535' }, 'NUMERIC_TOKEN')).toBe('31415926535');
    const output = JSON.stringify(
      redact({
        config: { flags: { echo: token, [token]: true, note: `seen ${encodeURIComponent(token)}`, n: 31415926535 } },
      }),
    );
    expect(output).not.toContain(token);
    expect(output).not.toContain('31415926535');
    expect(redactText(`x${token}y`)).toBe(`x${REDACTED}y`);
    expect(redactOutput(`auth-api: ${token}`)).toBe(`auth-api: ${REDACTED}`);
  });

  it('reads nothing from an unset or empty variable', () => {
    expect(readToken({}, 'MISSING')).toBeUndefined();
    expect(readToken({ EMPTY: '  ' }, 'EMPTY')).toBeUndefined();
  });
});

describe('redactOutput', () => {
  it('keeps report structure and still removes secret formats', () => {
    expect(redactOutput('auth-api: CRITICAL\ntoken-service: WARNING')).toBe(
      'auth-api: CRITICAL\ntoken-service: WARNING',
    );
    expect(redactOutput(`build https://ci:pw@ci.example.com/1 ${JWT}`)).toBe(
      `build https://${REDACTED}@ci.example.com/1 ${REDACTED}`,
    );
  });
});
