/**
 * The one error vocabulary of Deho. Domain code throws these; they know nothing about HTTP.
 * Each area's error handler (src/http/errors.ts) maps `code` to a status and a page or JSON.
 * Tests assert `code`, never `message`.
 */
export type ErrorCode =
  | 'not_found'
  | 'gone'
  | 'validation_failed'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'payload_too_large'
  | 'comments_closed'
  | 'bad_request'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'internal_error'
  | 'unavailable';

export class AppError extends Error {
  override readonly name: string = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field the error is about, when there is one. */
    readonly property?: string,
  ) {
    super(message);
  }
}

export class NotFound extends AppError {
  override readonly name = 'NotFound';
  constructor(message = 'Nothing is here.') {
    super('not_found', message);
  }
}

/** Something that was here (an old WordPress address) and has no equivalent now: 410. */
export class Gone extends AppError {
  override readonly name = 'Gone';
  constructor(message = 'What was here is gone for good.') {
    super('gone', message);
  }
}

export class ValidationFailed extends AppError {
  override readonly name = 'ValidationFailed';
  constructor(message: string, property?: string) {
    super('validation_failed', message, property);
  }
}

export class Conflict extends AppError {
  override readonly name = 'Conflict';
  constructor(message: string, property?: string) {
    super('conflict', message, property);
  }
}

export class Unauthorized extends AppError {
  override readonly name = 'Unauthorized';
  constructor(message = 'Sign in or send an API key to do this.') {
    super('unauthorized', message);
  }
}

export class Forbidden extends AppError {
  override readonly name = 'Forbidden';
  constructor(message = 'Your role does not allow this.') {
    super('forbidden', message);
  }
}

/** HTTP status for each code; the single table both the HTML and the JSON handler use. */
export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  not_found: 404,
  gone: 410,
  validation_failed: 400,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  payload_too_large: 413,
  comments_closed: 403,
  bad_request: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  internal_error: 500,
  unavailable: 503,
};
