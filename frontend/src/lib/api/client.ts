/**
 * A small typed fetch client for the Concord API.
 *
 * Every call goes to a same-origin path under `/api` (Vite proxies it in development, NestJS serves
 * both in production), sends the bearer token kept in sessionStorage, and turns every failure into an
 * ApiError carrying the status, the API's machine-readable code and its field messages. A 401 on a
 * call made with credentials forgets the token and hands control to `onUnauthorized` (the app sends
 * the person to /sign-in).
 */

/** One field at fault, as the API's ErrorResponse lists them (`rows.0.levels.1.value`). */
export interface FieldIssue {
  field: string;
  message: string;
}

/** Any failed call: HTTP status (0 when the server could not be reached), message, code and fields. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string | null;
  readonly issues: readonly FieldIssue[];
  /** The messages for each field path, in the order the API gave them. */
  readonly fields: Readonly<Record<string, string[]>>;

  constructor(status: number, message: string, code: string | null = null, issues: readonly FieldIssue[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
    const fields: Record<string, string[]> = {};
    for (const issue of issues) (fields[issue.field] ??= []).push(issue.message);
    this.fields = fields;
  }

  /** The messages for one field path, or an empty list. */
  messagesFor(field: string): string[] {
    return this.fields[field] ?? [];
  }
}

/** Reads the ErrorResponse body (`{ statusCode, error, message, code?, errors? }`) when there is one. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const fallback = response.statusText || `request failed with status ${response.status}`;
  let body: unknown;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (typeof body !== 'object' || body === null) return new ApiError(response.status, fallback);
  const { message, code, errors } = body as { message?: unknown; code?: unknown; errors?: unknown };
  const issues: FieldIssue[] = Array.isArray(errors)
    ? errors
        .filter((e): e is FieldIssue => typeof e === 'object' && e !== null && typeof e.field === 'string' && typeof e.message === 'string')
        .map(({ field, message }) => ({ field, message }))
    : [];
  const text = typeof message === 'string' && message ? message : Array.isArray(message) ? message.join('; ') : fallback;
  return new ApiError(response.status, text, typeof code === 'string' ? code : null, issues);
}

/** Where the bearer token lives between page loads (sessionStorage: gone when the tab closes). */
export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

export const TOKEN_KEY = 'concord.token';

export function sessionTokenStore(storage: Storage = globalThis.sessionStorage, key = TOKEN_KEY): TokenStore {
  return {
    get: () => storage.getItem(key),
    set: (token) => (token === null ? storage.removeItem(key) : storage.setItem(key, token)),
  };
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** How to read a successful body; JSON unless told. */
  as?: 'json' | 'text' | 'blob';
  /** Send no token and do not treat a 401 as an expired session (the sign-in call). */
  anonymous?: boolean;
  headers?: Record<string, string>;
}

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  tokens?: TokenStore;
  /** Called after a 401 on a call that carried credentials; the token is already forgotten. */
  onUnauthorized?: () => void;
}

export interface ApiClient {
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  delete<T>(path: string, options?: RequestOptions): Promise<T>;
  readonly tokens: TokenStore;
}

/** `/credentials`, `{ page: 2 }` -> `/api/credentials?page=2` (undefined and null values left out). */
export function urlFor(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  const base = baseUrl.replace(/\/+$/, '');
  const tail = path.startsWith('/') ? path : `/${path}`;
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null) search.append(name, String(value));
  }
  const encoded = search.toString();
  return `${base}${tail}${encoded ? `${tail.includes('?') ? '&' : '?'}${encoded}` : ''}`;
}

function isRawBody(body: unknown): body is BodyInit {
  return (
    typeof body === 'string' ||
    (typeof FormData !== 'undefined' && body instanceof FormData) ||
    (typeof Blob !== 'undefined' && body instanceof Blob) ||
    (typeof URLSearchParams !== 'undefined' && body instanceof URLSearchParams)
  );
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '/api';
  const tokens = options.tokens ?? sessionTokenStore();
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function request<T>(method: string, path: string, body: unknown, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: opts.as === 'text' ? 'text/plain, text/csv, */*' : 'application/json', ...opts.headers };
    const token = opts.anonymous ? null : tokens.get();
    if (token) headers.Authorization = `Bearer ${token}`;
    let payload: BodyInit | undefined;
    if (body !== undefined) {
      if (isRawBody(body)) payload = body;
      else {
        payload = JSON.stringify(body);
        headers['Content-Type'] = 'application/json';
      }
    }

    let response: Response;
    try {
      response = await doFetch(urlFor(baseUrl, path, opts.query), { method, headers, body: payload, signal: opts.signal });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'The server could not be reached. Check the connection and try again.', 'network');
    }

    if (!response.ok) {
      const error = await apiErrorFromResponse(response);
      if (response.status === 401 && !opts.anonymous) {
        tokens.set(null);
        options.onUnauthorized?.();
      }
      throw error;
    }
    if (response.status === 204) return undefined as T;
    if (opts.as === 'text') return (await response.text()) as T;
    if (opts.as === 'blob') return (await response.blob()) as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    tokens,
    get: (path, opts) => request('GET', path, undefined, opts),
    post: (path, body, opts) => request('POST', path, body, opts),
    put: (path, body, opts) => request('PUT', path, body, opts),
    delete: (path, opts) => request('DELETE', path, undefined, opts),
  };
}
