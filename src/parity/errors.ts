/** Why a probe could not produce a value; `code` is stable, `message` is redacted and one line. */
export type ProbeErrorCode =
  | 'timeout'
  | 'deadline'
  | 'unreachable'
  | 'too-large'
  | 'redirect-other-host'
  | 'too-many-redirects'
  | 'http-status'
  | 'invalid-json'
  | 'invalid-contract'
  | 'tls'
  | 'protocol'
  | 'not-applicable';

export class ProbeError extends Error {
  readonly code: ProbeErrorCode;
  constructor(code: ProbeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProbeError';
    this.code = code;
  }
}

/** Bad service files, an unknown --service, an unreadable store: the run cannot go on. */
export class ParityConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ParityConfigError';
  }
}
