import { StatusError } from '../kube/StatusError';

/**
 * How a whole-cluster outage looks to clients: connections refused, accepted
 * but never answered, or reset.
 *
 * @public
 */
export type OutageMode = 'refuse' | 'hang' | 'reset';

/**
 * An injected error answer, matched by verb/resource, limited by count or probability.
 *
 * @public
 */
export type ErrorFault = {
  status: number;
  retryAfterSeconds?: number;
  verb?: string;
  resource?: string;
  namespace?: string;
  /** How many matching requests fail; unlimited when absent. */
  count?: number;
  /** Fraction (0..1) of matching requests that fail; all when absent. */
  probability?: number;
  message?: string;
};

/**
 * Injected delay before answering, matched by verb/resource.
 *
 * @public
 */
export type LatencyFault = {
  fixedMs: number;
  jitterMs?: number;
  verb?: string;
  resource?: string;
};

/**
 * A connection lost in the middle of a response, matched by verb/resource:
 * the client gets the status line, the headers and part of the body, then
 * the socket is destroyed.
 *
 * @public
 */
export type ConnectionDropFault = {
  verb?: string;
  resource?: string;
  namespace?: string;
  /** How many matching requests are cut; unlimited when absent. */
  count?: number;
  /** Fraction (0..1) of matching requests that are cut; all when absent. */
  probability?: number;
  /**
   * A cut write is committed first: the client sees an error for a write
   * that happened. By default it runs as a dry run and stores nothing.
   */
  afterCommit?: boolean;
};

/** What counted faults share: a match, then how many and how often. */
type Counted = {
  verb?: string;
  resource?: string;
  namespace?: string;
  count?: number;
  probability?: number;
};

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

const MESSAGES: Record<number, string> = {
  429: 'Too many requests, please try again later.',
  500: 'Internal error occurred: injected fault',
  503: 'the server is currently unable to handle the request',
  504: 'the server was unable to return a response in the time allotted',
};

type RequestInfo = {
  verb: string;
  resource?: string;
  namespace?: string;
  token?: string;
};

/** Per-cluster fault state, driven from code or from the `/_sim/faults` admin endpoint. */
export class FaultInjector {
  outage?: OutageMode;
  private errors: ErrorFault[] = [];
  private latency: LatencyFault[] = [];
  private connectionDrops: ConnectionDropFault[] = [];
  /** Tokens whose requests are cut off as if the network were partitioned. */
  readonly partitionedTokens = new Set<string>();

  constructor(private readonly random: () => number = Math.random) {}

  addError(fault: ErrorFault) {
    this.errors.push({ ...fault });
  }

  addLatency(fault: LatencyFault) {
    this.latency.push(fault);
  }

  addConnectionDrop(fault: ConnectionDropFault) {
    this.connectionDrops.push({ ...fault });
  }

  clear() {
    this.outage = undefined;
    this.errors = [];
    this.latency = [];
    this.connectionDrops = [];
    this.partitionedTokens.clear();
  }

  describe() {
    return {
      outage: this.outage ?? null,
      errors: this.errors,
      latency: this.latency,
      connectionDrops: this.connectionDrops,
      partitionedTokens: this.partitionedTokens.size,
    };
  }

  isPartitioned(token: string | undefined) {
    return token !== undefined && this.partitionedTokens.has(token);
  }

  delayFor(info: RequestInfo): number {
    let delay = 0;
    for (const l of this.latency) {
      if (!matches(l, info)) continue;
      delay +=
        l.fixedMs + (l.jitterMs ? Math.floor(this.random() * l.jitterMs) : 0);
    }
    return delay;
  }

  /** The injected error for this request, if one applies (and consumes one of its count). */
  errorFor(info: RequestInfo): StatusError | undefined {
    const fault = this.take(this.errors, info);
    if (!fault) return undefined;
    return new StatusError(
      fault.status,
      REASONS[fault.status] ?? 'InternalError',
      fault.message ??
        MESSAGES[fault.status] ??
        `injected fault ${fault.status}`,
      fault.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: fault.retryAfterSeconds }
        : undefined,
    );
  }

  /** The connection drop for this request, if one applies (and consumes one of its count). */
  connectionDropFor(info: RequestInfo): ConnectionDropFault | undefined {
    return this.take(this.connectionDrops, info);
  }

  /** The first matching fault that has count left and wins its probability draw. */
  private take<T extends Counted>(faults: T[], info: RequestInfo) {
    for (const [i, fault] of faults.entries()) {
      if (!matches(fault, info)) continue;
      if (fault.count !== undefined && fault.count <= 0) continue;
      if (fault.probability !== undefined && this.random() >= fault.probability)
        continue;
      if (fault.count !== undefined && --fault.count === 0) faults.splice(i, 1);
      return fault;
    }
    return undefined;
  }
}

function matches(
  fault: { verb?: string; resource?: string; namespace?: string },
  info: RequestInfo,
) {
  return (
    (!fault.verb || fault.verb === info.verb) &&
    (!fault.resource || fault.resource === info.resource) &&
    (!('namespace' in fault) ||
      !fault.namespace ||
      fault.namespace === info.namespace)
  );
}
