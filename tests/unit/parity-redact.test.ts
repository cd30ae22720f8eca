import { describe, expect, it } from 'vitest';
import { isSecretKey, redact, redactText, redactUrl, REDACTED } from '../../src/parity/redact.ts';

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
  ])('%s is not secret', (key) => expect(isSecretKey(key)).toBe(false));
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
  it('drops user info and secret query parameters', () => {
    expect(redactUrl('https://admin:pw@staging.example.com/?token=abc&x=1')).toBe(
      `https://staging.example.com/?token=${REDACTED}&x=1`,
    );
  });
});
