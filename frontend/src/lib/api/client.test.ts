import { describe, expect, it, vi } from 'vitest';
import { ApiError, apiErrorFrom, createApiClient, sessionTokenStore, type TokenStore } from './client';
import type { ImportResultResponse } from './schema';

function memoryTokens(initial: string | null = null): TokenStore & { value: string | null } {
  const store = {
    value: initial,
    get: () => store.value,
    set: (token: string | null) => {
      store.value = token;
    },
  };
  return store;
}

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** A client whose fetch answers from a queue and records each Request it was given. */
function client(responses: Response[], tokens = memoryTokens('tok-1'), onUnauthorized = vi.fn()) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request);
    const next = responses.shift();
    if (!next) throw new Error('no response queued');
    return next;
  });
  return { api: createApiClient({ fetch, tokens, onUnauthorized }), requests, tokens, onUnauthorized };
}

/** Path and query of a request, as the server sees them. */
function target(request: Request): string {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

const importResult: ImportResultResponse = { dryRun: true, applied: false, submissions: 1, scores: 2, ratings: 4, problems: [], truncated: false, windowStatus: 'collecting' };

describe('api.get(path, { params })', () => {
  it('fills the path parameters and the query, sends the bearer token and returns the parsed body', async () => {
    const { api, requests } = client([json(200, { items: [{ id: 1 }], total: 1, page: 2, pageSize: 20 })]);
    const page = await api.get('/api/credentials', { params: { query: { page: 2, pageSize: 20 } } });
    expect(page.items[0]!.id).toBe(1);
    const [request] = requests;
    expect(target(request!)).toBe('/api/credentials?page=2&pageSize=20');
    expect(request!.method).toBe('GET');
    expect(request!.headers.get('Authorization')).toBe('Bearer tok-1');
    expect(request!.headers.get('Accept')).toBe('application/json');
  });

  it('puts path parameters into the path and leaves out an undefined query value', async () => {
    const { api, requests } = client([json(200, [])]);
    await api.get('/api/my/assignments', { params: { query: { status: undefined, page: 1 } } });
    expect(target(requests[0]!)).toBe('/api/my/assignments?page=1');
    const second = client([json(200, { id: 3 })]);
    await second.api.get('/api/credentials/{id}/rubric-versions/{v}', { params: { path: { id: 3, v: 2 } } });
    expect(target(second.requests[0]!)).toBe('/api/credentials/3/rubric-versions/2');
  });

  it('sends no Authorization header without a token', async () => {
    const { api, requests } = client([json(200, { items: [], total: 0, page: 1, pageSize: 20 })], memoryTokens(null));
    await api.get('/api/credentials');
    expect(requests[0]!.headers.has('Authorization')).toBe(false);
  });

  it('reads a Blob when asked (the CSV report), with the Accept header the caller names', async () => {
    const { api, requests } = client([new Response('criterion,agreement\nclarity,0.64\n', { status: 200, headers: { 'Content-Type': 'text/csv' } })]);
    const blob = await api.get('/api/credentials/{id}/rubric-versions/{v}/report', {
      params: { path: { id: 1, v: 2 }, query: { format: 'csv' } },
      parseAs: 'blob',
      headers: { Accept: 'text/csv' },
    });
    expect(await blob.text()).toBe('criterion,agreement\nclarity,0.64\n');
    expect(target(requests[0]!)).toBe('/api/credentials/1/rubric-versions/2/report?format=csv');
    expect(requests[0]!.headers.get('Accept')).toBe('text/csv');
  });

  it('passes the abort signal on to fetch', async () => {
    const { api, requests } = client([json(200, { id: 5 })]);
    const controller = new AbortController();
    await api.get('/api/assignments/{id}', { params: { path: { id: 5 } }, signal: controller.signal });
    controller.abort();
    expect(requests[0]!.signal.aborted).toBe(true);
  });

  it('returns undefined for 204 No Content', async () => {
    const { api } = client([new Response(null, { status: 204 })]);
    expect(await api.post('/api/auth/logout', { params: { header: { authorization: 'Bearer tok-1' } } })).toBeUndefined();
  });
});

describe('api.post(path, { body })', () => {
  it('sends a JSON body with its content type', async () => {
    const { api, requests } = client([json(201, { assignmentId: 3 })]);
    await api.post('/api/assignments/{id}/score', { params: { path: { id: 3 } }, body: { levels: { clarity: 'proficient' } } });
    const [request] = requests;
    expect(request!.method).toBe('POST');
    expect(target(request!)).toBe('/api/assignments/3/score');
    expect(await request!.text()).toBe('{"levels":{"clarity":"proficient"}}');
    expect(request!.headers.get('Content-Type')).toBe('application/json');
  });

  it('sends a CSV import as text/csv, as it is, with dryRun in the query', async () => {
    const { api, requests } = client([json(200, importResult)]);
    const result = await api.post('/api/credentials/{id}/rubric-versions/{v}/scores/import', {
      params: { path: { id: 1, v: 2 }, query: { dryRun: true } },
      body: 'a,b\n1,2\n',
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(result).toEqual(importResult);
    const [request] = requests;
    expect(target(request!)).toBe('/api/credentials/1/rubric-versions/2/scores/import?dryRun=true');
    expect(await request!.text()).toBe('a,b\n1,2\n');
    expect(request!.headers.get('Content-Type')).toBe('text/csv');
  });

  it('does not label a string body as JSON when the caller names no type', async () => {
    const { api, requests } = client([json(200, importResult)]);
    await api.post('/api/credentials/{id}/rubric-versions/{v}/scores/import', { params: { path: { id: 1, v: 2 } }, body: 'a,b\n' });
    expect(await requests[0]!.text()).toBe('a,b\n');
    expect(requests[0]!.headers.get('Content-Type')).not.toBe('application/json');
  });
});

describe('errors', () => {
  it('turns an ErrorResponse into an ApiError with status, code and messages per field', async () => {
    const { api } = client([
      json(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'the body is not valid',
        code: 'invalid',
        errors: [
          { field: 'levels.clarity', message: 'unknown level "great"' },
          { field: 'levels.clarity', message: 'must be one of beginning, proficient' },
          { field: 'comments', message: 'must be an object' },
        ],
      }),
    ]);
    const error = await api.post('/api/assignments/{id}/score', { params: { path: { id: 3 } }, body: { levels: {} } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const failure = error as ApiError;
    expect(failure.status).toBe(400);
    expect(failure.code).toBe('invalid');
    expect(failure.message).toBe('the body is not valid');
    expect(failure.fields).toEqual({
      'levels.clarity': ['unknown level "great"', 'must be one of beginning, proficient'],
      comments: ['must be an object'],
    });
    expect(failure.messagesFor('comments')).toEqual(['must be an object']);
    expect(failure.messagesFor('nothing')).toEqual([]);
  });

  it.each([
    [409, JSON.stringify({ statusCode: 409, message: 'this assignment is already scored', code: 'already_scored' }), '', 'this assignment is already scored', 'already_scored'],
    [400, JSON.stringify({ statusCode: 400, message: ['page must be a number', 'pageSize must be a number'] }), 'Bad Request', 'page must be a number; pageSize must be a number', null],
    [404, null, 'Not Found', 'Not Found', null],
    [500, '<html>oops</html>', 'Internal Server Error', 'Internal Server Error', null],
    [502, '', '', 'request failed with status 502', null],
  ])('a %s answer with body %j becomes ApiError with message %j', async (status, body, statusText, message, code) => {
    const { api } = client([new Response(body, { status, statusText })]);
    const failure = (await api.get('/api/credentials').catch((e: unknown) => e)) as ApiError;
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.status).toBe(status);
    expect(failure.message).toBe(message);
    expect(failure.code).toBe(code);
  });

  it('apiErrorFrom(status, statusText, body) keeps only well-formed field issues', () => {
    const failure = apiErrorFrom(422, 'Unprocessable Entity', { message: 'no', errors: [{ field: 'a', message: 'bad' }, { field: 3 }, 'x'] });
    expect(failure.issues).toEqual([{ field: 'a', message: 'bad' }]);
    expect(apiErrorFrom(422, 'Unprocessable Entity', 'not json').message).toBe('Unprocessable Entity');
  });

  it('turns a network failure into ApiError with status 0', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const api = createApiClient({ fetch, tokens: memoryTokens('t') });
    const failure = (await api.get('/api/credentials').catch((e: unknown) => e)) as ApiError;
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.status).toBe(0);
    expect(failure.code).toBe('network');
  });

  it('passes an abort through as it is, not as an ApiError', async () => {
    const fetch = vi.fn(async () => {
      throw new DOMException('aborted', 'AbortError');
    });
    const api = createApiClient({ fetch, tokens: memoryTokens('t') });
    const failure = await api.get('/api/credentials').catch((e: unknown) => e);
    expect(failure).not.toBeInstanceOf(ApiError);
    expect((failure as DOMException).name).toBe('AbortError');
  });

  it('uses the global fetch of the moment of the call when none is given', async () => {
    const fetch = vi.fn(async () => json(200, { items: [], total: 0, page: 1, pageSize: 20 }));
    const api = createApiClient({ tokens: memoryTokens('t') });
    vi.stubGlobal('fetch', fetch);
    try {
      await api.get('/api/credentials');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('401', () => {
  it('forgets the token and calls onUnauthorized (the app goes to /sign-in), then rejects', async () => {
    const { api, tokens, onUnauthorized } = client([json(401, { statusCode: 401, message: 'token expired' })]);
    const failure = (await api.get('/api/my/assignments').catch((e: unknown) => e)) as ApiError;
    expect(failure.status).toBe(401);
    expect(failure.message).toBe('token expired');
    expect(tokens.value).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('leaves an anonymous call (sign-in with a wrong password) to its caller', async () => {
    const { api, requests, tokens, onUnauthorized } = client([json(401, { statusCode: 401, message: 'wrong email or password' })]);
    const failure = (await api.post('/api/auth/login', { body: { email: 'a@b.c', password: 'x' }, anonymous: true }).catch((e: unknown) => e)) as ApiError;
    expect(failure.message).toBe('wrong email or password');
    expect(onUnauthorized).not.toHaveBeenCalled();
    expect(tokens.value).toBe('tok-1');
    expect(requests[0]!.headers.has('Authorization')).toBe(false);
  });

  it('does not call onUnauthorized for a 403', async () => {
    const { api, tokens, onUnauthorized } = client([json(403, { statusCode: 403, message: 'not yours' })]);
    const failure = (await api.get('/api/assignments/{id}', { params: { path: { id: 9 } } }).catch((e: unknown) => e)) as ApiError;
    expect(failure.status).toBe(403);
    expect(onUnauthorized).not.toHaveBeenCalled();
    expect(tokens.value).toBe('tok-1');
  });
});

describe('sessionTokenStore(storage)', () => {
  it('keeps the token in sessionStorage and removes it when set to null', () => {
    const tokens = sessionTokenStore(sessionStorage, 'test.token');
    tokens.set('abc');
    expect(sessionStorage.getItem('test.token')).toBe('abc');
    expect(tokens.get()).toBe('abc');
    tokens.set(null);
    expect(sessionStorage.getItem('test.token')).toBeNull();
    expect(tokens.get()).toBeNull();
  });
});
