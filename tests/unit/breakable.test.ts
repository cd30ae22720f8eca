import { describe, expect, it } from 'vitest';
import { breakableParts } from '../../src/lib/breakable.ts';
import { count } from '../../src/lib/plural.ts';

describe('breakableParts', () => {
  it.each([
    ['KubePodCrashLooping', ['Kube', 'Pod', 'Crash', 'Looping']],
    ['CheckoutOrigin5xxHigh', ['Checkout', 'Origin5xx', 'High']],
    ['psycopg2.OperationalError', ['psycopg2.', 'Operational', 'Error']],
    ['etcdGRPCRequestsSlow', ['etcd', 'GRPC', 'Requests', 'Slow']],
    ['content/runbooks/cdn-502-504.mdx', ['content/', 'runbooks/', 'cdn-', '502-', '504.', 'mdx']],
    ['ok', ['ok']],
  ])('splits %s at word boundaries', (text, parts) => {
    expect(breakableParts(text)).toEqual(parts);
    expect(breakableParts(text).join('')).toBe(text);
  });
});

describe('count', () => {
  it('says 1 service, 0 services, 2 entries', () => {
    expect(count(1, 'service')).toBe('1 service');
    expect(count(0, 'service')).toBe('0 services');
    expect(count(2, 'entry', 'entries')).toBe('2 entries');
  });
});
