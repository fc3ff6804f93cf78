import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { randomBytes } from 'node:crypto';
import { ErrorRequestHandler } from 'express';

/** The errors of @backstage/errors, by name, with the status they answer. */
const KNOWN_ERRORS: Record<string, number> = {
  NotModifiedError: 304,
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

function statusOf(error: Error): number {
  for (const field of ['statusCode', 'status']) {
    const status = (error as unknown as Record<string, unknown>)[field];
    if (
      typeof status === 'number' &&
      Number.isInteger(status) &&
      status >= 100 &&
      status <= 599
    )
      return status;
  }
  return KNOWN_ERRORS[error.name] ?? 500;
}

/**
 * What a library says, where it says too little to act on: the OpenAPI
 * validator's answer to a path whose percent-encoding does not decode.
 */
function actionable(message: string, req: { path: string }): string {
  if (message === "malformed uri'")
    return `the path ${JSON.stringify(
      req.path,
    )} does not decode: a '%' must start a percent-encoded byte (such as %2F); encode each path parameter with encodeURIComponent`;
  return message;
}

/**
 * Answers every error of miniplanes' routes as
 * `{ error: { name, message }, request, response }`, never with a stack or a
 * cause. Backstage's own error middleware, which would answer otherwise,
 * serializes the stack when NODE_ENV is development (as under `npm start`)
 * and passes on the message of any error: an unexpected one (a file the
 * system could not read, a driver's failure) can name files and internals.
 * Those answer with a log id instead; the log has the whole error.
 */
export function safeErrorHandler(logger: LoggerService): ErrorRequestHandler {
  return (rawError, req, res, next) => {
    const error = isError(rawError) ? rawError : new Error(String(rawError));
    if (res.headersSent) {
      next(error);
      return;
    }
    const statusCode = statusOf(error);
    // 4xx and the @backstage/errors miniplanes throws say what to fix;
    // anything else is unexpected, and its message is for the log only.
    const expected = statusCode < 500 || error.name in KNOWN_ERRORS;
    let message = actionable(error.message, req);
    if (!expected) {
      const logId = randomBytes(10).toString('hex');
      logger.error(
        `Request failed with status ${statusCode}, logId=${logId}`,
        error,
      );
      message = `An internal error occurred; the backend's log has it under logId=${logId}`;
    }
    res.status(statusCode).json({
      error: { name: expected ? error.name : 'Error', message },
      request: { method: req.method, url: req.url },
      response: { statusCode },
    });
  };
}
