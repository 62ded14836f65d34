/*
 * The Admin API from the browser: the session cookie goes along by itself; every write carries
 * the CSRF token the server put on the page (or that sign-in returned).
 */

let csrfToken = '';

export function setCsrf(token: string): void {
  csrfToken = token;
}

/** The CSRF token, for a write the helpers below do not make (a streamed upload). */
export function csrf(): string {
  return csrfToken;
}

/** An answer that was not 2xx, with the API's error code, message and property. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly property?: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; property?: string };
}

/** Calls /api/admin/v1<path>. @returns the parsed JSON (undefined for 204) */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/admin/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as T & ErrorBody;
  if (!response.ok) {
    const retry = Number(response.headers.get('retry-after') ?? '');
    throw new ApiError(
      response.status,
      data.error?.code ?? 'error',
      data.error?.message ?? `The server answered ${response.status}.`,
      data.error?.property,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return data;
}

/** Sends a form with a file (multipart) to /api/admin/v1<path>, with the CSRF token. */
export async function apiUpload<T>(path: string, form: FormData): Promise<T> {
  const response = await fetch(`/api/admin/v1${path}`, {
    method: 'POST',
    headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
    credentials: 'same-origin',
    body: form,
  });
  const data = (await response.json().catch(() => ({}))) as T & ErrorBody;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      data.error?.code ?? 'error',
      data.error?.message ?? `The server answered ${response.status}.`,
    );
  }
  return data;
}

/** Calls the public Content API (episodes for the air-time picker). */
export async function contentApi<T>(path: string): Promise<T> {
  const response = await fetch(`/api/content/v1${path}`, {
    headers: { accept: 'application/json' },
  });
  if (!response.ok)
    throw new ApiError(response.status, 'error', `The server answered ${response.status}.`);
  return (await response.json()) as T;
}

/** A readable sentence for any error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
