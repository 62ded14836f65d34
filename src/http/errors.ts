import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { constraintViolation, isDatabaseUnavailable } from '../db/errors.js';
import { AppError, STATUS_BY_CODE, type ErrorCode } from '../lib/errors.js';

/**
 * Seconds a client is asked to wait before it tries again after a 503: the apps' own, the
 * server's while it closes or a handler stalls (fast-path.ts), and /readyz's.
 */
export const RETRY_AFTER_SECONDS = 5;

/** An error as the outside world sees it: status, stable code, a sentence for a person. */
export interface Problem {
  status: number;
  code: ErrorCode;
  message: string;
  property?: string;
}

const FASTIFY_CODES: Readonly<Record<string, { code: ErrorCode; message: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    message: 'The request body is larger than this address accepts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'Send JSON (application/json) or a form (application/x-www-form-urlencoded).',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'invalid_json',
    message: 'The request said it carries JSON but the body is empty.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'The body is not valid JSON.' },
  FST_ERR_BAD_URL: { code: 'bad_request', message: 'That address is not a valid URL.' },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'bad_request', message: 'That request cannot be routed.' },
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error;
}

/** Turns a validation failure into a sentence: "name: must NOT have fewer than 1 characters". */
function describeValidation(error: FastifyError): { message: string; property?: string } {
  const first = error.validation?.[0];
  if (first === undefined) return { message: error.message };
  const where = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing =
    first.keyword === 'required' && typeof first.params.missingProperty === 'string'
      ? first.params.missingProperty
      : undefined;
  // Ajv names an unknown field only in its params; the message alone ("must NOT have additional
  // properties") leaves the client guessing which of its fields to drop.
  const unknown =
    first.keyword === 'additionalProperties' && typeof first.params.additionalProperty === 'string'
      ? [where, first.params.additionalProperty].filter((part) => part !== '').join('.')
      : undefined;
  const property = missing ?? unknown ?? (where === '' ? undefined : where);
  const context = error.validationContext ?? 'request';
  const message =
    missing !== undefined
      ? `${missing} is required.`
      : unknown !== undefined
        ? `${unknown} is not a ${context === 'querystring' ? 'parameter of this address' : 'field of this request'}. Leave it out or check its spelling.`
        : `${property ?? context} ${first.message ?? 'is not valid'}.`;
  return property === undefined ? { message } : { message, property };
}

/**
 * Maps anything thrown while handling a request to a Problem. The one place where domain
 * errors, framework errors and database constraint errors become HTTP answers.
 */
export function toProblem(error: unknown): Problem {
  if (error instanceof AppError) {
    return {
      status: STATUS_BY_CODE[error.code],
      code: error.code,
      message: error.message,
      ...(error.property !== undefined && { property: error.property }),
    };
  }
  if (isFastifyError(error) && error.validation !== undefined) {
    return { status: 400, code: 'validation_failed', ...describeValidation(error) };
  }
  if (isFastifyError(error)) {
    const known = FASTIFY_CODES[error.code];
    if (known !== undefined) return { status: STATUS_BY_CODE[known.code], ...known };
    if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return { status: 400, code: 'invalid_json', message: 'The body could not be read.' };
    }
  }
  const constraint = constraintViolation(error);
  if (constraint === 'unique') {
    return {
      status: 409,
      code: 'conflict',
      message: 'Something with that name or number already exists.',
    };
  }
  if (constraint !== undefined) {
    return {
      status: 400,
      code: 'validation_failed',
      message: 'That change would leave the data inconsistent.',
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      code: 'unavailable',
      message: 'The database is not answering. Try again in a moment.',
    };
  }
  const status = isFastifyError(error) ? (error.statusCode ?? 500) : 500;
  if (status >= 400 && status < 500) {
    return { status, code: 'bad_request', message: (error as Error).message };
  }
  return {
    status: 500,
    code: 'internal_error',
    message: 'Something went wrong on our side. It has been logged.',
  };
}

function logProblem(request: FastifyRequest, error: unknown, problem: Problem): void {
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: problem.code, status: problem.status }, problem.message);
}

/** Sends the JSON error shape of the APIs: `{"error": {"code", "message", "property"?}}`. */
export function sendJsonProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply
    .code(problem.status)
    .type('application/json; charset=utf-8')
    .send({
      error: {
        code: problem.code,
        message: problem.message,
        ...(problem.property !== undefined && { property: problem.property }),
      },
    });
}

/** Installs the JSON error and not-found handlers on an API context. */
export function useJsonErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    logProblem(request, error, problem);
    return sendJsonProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) =>
    sendJsonProblem(reply, {
      status: 404,
      code: 'not_found',
      message: `There is no ${request.method} ${request.url.split('?')[0] ?? ''} in this API.`,
    }),
  );
}

/** Installs HTML error and not-found handlers that render `page(problem)`. */
export function useHtmlErrors(app: FastifyInstance, page: (problem: Problem) => string): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    logProblem(request, error, problem);
    if (problem.status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return reply.code(problem.status).type('text/html; charset=utf-8').send(page(problem));
  });
  app.setNotFoundHandler((_request, reply) =>
    reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(
        page({
          status: 404,
          code: 'not_found',
          message: 'No page lives at this address. It may have moved, or the link may be mistyped.',
        }),
      ),
  );
}
