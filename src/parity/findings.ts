/**
 * Findings about one environment on its own, not a comparison of two: an environment that
 * answers as another environment or another service (misrouted), and a certificate that does
 * not verify (untrusted). Both come from the latest attempt, answered or not, because a
 * production that answers as staging or presents a self-signed certificate is the news.
 */
import type { Service } from '../schemas/service.ts';
import type { DriftEntry, EnvironmentName, Snapshot } from '../schemas/snapshot.ts';
import { formatTime } from './format.ts';

const PRODUCTION_NAME = /prod|live/i;
const PRE_PRODUCTION = /pre-?prod/i;

/** Does an environment name, as a service reports it, mean production (`production`, `prod-eu`, `live`)? */
export const meansProduction = (name: string) => PRODUCTION_NAME.test(name) && !PRE_PRODUCTION.test(name);

/** Node's verification codes in words; anything else is shown as Node names it. */
const TRUST_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'certificate not valid yet',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'issuer not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate for another host name',
};

function side(environment: EnvironmentName, value: string): Pick<DriftEntry, 'staging' | 'production'> {
  return environment === 'staging' ? { staging: value } : { production: value };
}

/** The production URL answering as staging is critical; staging answering as production is a warning. */
function misrouted(service: Pick<Service, 'id'>, environment: EnvironmentName, snapshot: Snapshot): DriftEntry[] {
  const answered = snapshot.observed.parity;
  if (!answered) return [];
  const entries: DriftEntry[] = [];
  const severity = environment === 'production' ? 'critical' : 'warning';
  const wrongEnvironment =
    environment === 'production' ? !meansProduction(answered.environment) : meansProduction(answered.environment);
  if (wrongEnvironment) {
    entries.push({
      path: 'parity.environment',
      ...side(environment, answered.environment),
      class: 'misrouted',
      severity,
      reason: `the ${environment} URL answers as ${answered.environment}`,
    });
  }
  if (answered.service !== service.id) {
    entries.push({
      path: 'parity.service',
      ...side(environment, answered.service),
      class: 'misrouted',
      severity,
      reason: `the ${environment} URL answers as the service ${answered.service}, not ${service.id}`,
    });
  }
  return entries;
}

/** A certificate that does not verify: issuer, expiry and why, critical in production. */
function untrusted(environment: EnvironmentName, snapshot: Snapshot, verify: boolean): DriftEntry[] {
  const tls = snapshot.data.tls;
  const observed = snapshot.observed.tls;
  if (!tls || typeof tls !== 'object' || tls.authorized !== false) return [];
  const code = observed?.authorization_error ?? '';
  const problem = TRUST_PROBLEMS[code] ?? (code || 'certificate does not verify');
  const issuer = typeof tls.issuer === 'string' && tls.issuer ? tls.issuer : 'unknown issuer';
  const expiry = observed ? `${observed.days_left < 0 ? 'expired' : 'expires'} ${formatTime(observed.valid_to)}` : '';
  const severity = environment === 'production' ? 'critical' : verify ? 'warning' : 'info';
  return [
    {
      path: 'tls',
      ...side(environment, `not trusted: ${problem}`),
      class: 'untrusted',
      severity,
      reason: [
        `${environment}: not trusted (${problem}); issuer ${issuer}`,
        expiry,
        !verify && environment === 'staging' ? 'tls.verify is off for staging, so the other probes still ran' : '',
      ]
        .filter(Boolean)
        .join('; '),
    },
  ];
}

/** Findings about each environment's latest attempt (null where there is none). */
export function environmentFindings(
  service: Pick<Service, 'id' | 'environments'>,
  attempts: Record<EnvironmentName, Snapshot | null>,
): DriftEntry[] {
  return (['staging', 'production'] as const).flatMap((environment) => {
    const snapshot = attempts[environment];
    if (!snapshot) return [];
    const verify = service.environments[environment].tls?.verify ?? true;
    return [...misrouted(service, environment, snapshot), ...untrusted(environment, snapshot, verify)];
  });
}
