/**
 * A failed call to a member cluster, reduced to what the sync needs: whether
 * to retry, when, and a message safe to show (never a credential).
 */
export class ClusterCallError extends Error {
  readonly name = 'ClusterCallError';
  constructor(
    readonly cluster: string,
    message: string,
    readonly statusCode: number | undefined,
    readonly retryable: boolean,
    /** The server's Retry-After, when it sent one. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

interface ApiExceptionLike {
  code: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as ApiExceptionLike).code === 'number'
  );
}

/** The Kubernetes Status message in an API error body, if there is one. */
function statusMessage(body: unknown): string | undefined {
  const parsed =
    typeof body === 'string'
      ? (() => {
          try {
            return JSON.parse(body);
          } catch {
            return undefined;
          }
        })()
      : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Classifies anything a client-node call threw. */
export function toClusterCallError(
  cluster: string,
  operation: string,
  error: unknown,
): ClusterCallError {
  if (error instanceof ClusterCallError) return error;
  if (isApiException(error)) {
    const code = error.code;
    const headers = Object.fromEntries(
      Object.entries(error.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const detail = statusMessage(error.body) ?? `HTTP ${code}`;
    return new ClusterCallError(
      cluster,
      `${operation} on cluster ${cluster} failed: ${detail}`,
      code,
      code === 429 || code >= 500,
      parseRetryAfter(headers['retry-after']),
    );
  }
  const cause = error as {
    code?: string;
    message?: string;
    cause?: { code?: string };
  };
  const reason =
    cause?.cause?.code ?? cause?.code ?? cause?.message ?? String(error);
  // Network failures (refused, reset, timed out) are worth retrying.
  return new ClusterCallError(
    cluster,
    `${operation} on cluster ${cluster} failed: ${reason}`,
    undefined,
    true,
    undefined,
  );
}

/** Rejects with a retryable error when a call takes longer than `ms`. */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  cluster: string,
  operation: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ClusterCallError(
            cluster,
            `${operation} on cluster ${cluster} timed out after ${ms} ms`,
            undefined,
            true,
            undefined,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
