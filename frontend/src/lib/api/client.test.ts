import { describe, expect, it, vi } from 'vitest';
import { ApiError, apiErrorFromResponse, createApiClient, sessionTokenStore, urlFor, type TokenStore } from './client';

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

function client(responses: Response[], tokens = memoryTokens('tok-1'), onUnauthorized = vi.fn()) {
  const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => {
    const next = responses.shift();
    if (!next) throw new Error('no response queued');
    return next;
  });
  return { api: createApiClient({ fetch, tokens, onUnauthorized }), fetch, tokens, onUnauthorized };
}

describe('urlFor(baseUrl, path, query)', () => {
  it.each([
    ['/api', '/credentials', undefined, '/api/credentials'],
    ['/api/', 'credentials', undefined, '/api/credentials'],
    ['/api', '/credentials', { page: 2, pageSize: 20 }, '/api/credentials?page=2&pageSize=20'],
    ['/api', '/report', { format: 'csv', skip: undefined, none: null }, '/api/report?format=csv'],
    ['/api', '/import?dryRun=true', { x: 'a b' }, '/api/import?dryRun=true&x=a+b'],
  ])('urlFor(%j, %j, %j) is %j', (base, path, query, expected) => {
    expect(urlFor(base, path, query)).toBe(expected);
  });
});

describe('api.get<T>(path)', () => {
  it('sends the bearer token and returns the parsed body', async () => {
    const { api, fetch } = client([json(200, { items: [{ id: 1 }], total: 1 })]);
    const page = await api.get<{ items: { id: number }[]; total: number }>('/credentials', { query: { page: 1 } });
    expect(page.items[0]!.id).toBe(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/credentials?page=1');
    expect(init?.method).toBe('GET');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer tok-1');
  });

  it('sends no Authorization header without a token', async () => {
    const { api, fetch } = client([json(200, {})], memoryTokens(null));
    await api.get('/credentials');
    expect((fetch.mock.calls[0]![1]?.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('reads text when asked (the CSV report)', async () => {
    const { api } = client([new Response('criterion,agreement\nclarity,0.64\n', { status: 200 })]);
    expect(await api.get<string>('/report', { as: 'text', query: { format: 'csv' } })).toBe('criterion,agreement\nclarity,0.64\n');
  });

  it('returns undefined for 204 No Content', async () => {
    const { api } = client([new Response(null, { status: 204 })]);
    expect(await api.post('/auth/logout')).toBeUndefined();
  });
});

describe('api.post<T>(path, body)', () => {
  it('sends a JSON body with its content type', async () => {
    const { api, fetch } = client([json(201, { id: 7 })]);
    await api.post('/assignments/3/score', { levels: { clarity: 'proficient' } });
    const init = fetch.mock.calls[0]![1]!;
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"levels":{"clarity":"proficient"}}');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('sends a string or FormData body as it is (a CSV upload), without a JSON content type', async () => {
    const { api, fetch } = client([json(200, {}), json(200, {})]);
    await api.post('/import', 'a,b\n1,2\n', { headers: { 'Content-Type': 'text/csv' } });
    const form = new FormData();
    form.append('file', new Blob(['a,b']), 'scores.csv');
    await api.post('/import', form);
    expect(fetch.mock.calls[0]![1]!.body).toBe('a,b\n1,2\n');
    expect((fetch.mock.calls[0]![1]!.headers as Record<string, string>)['Content-Type']).toBe('text/csv');
    expect(fetch.mock.calls[1]![1]!.body).toBe(form);
    expect((fetch.mock.calls[1]![1]!.headers as Record<string, string>)['Content-Type']).toBeUndefined();
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
    const error = await api.post('/assignments/3/score', {}).catch((e: unknown) => e);
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
    [409, { statusCode: 409, message: 'this assignment is already scored', code: 'already_scored' }, 'this assignment is already scored', 'already_scored'],
    [404, null, 'Not Found', null],
    [500, '<html>oops</html>', 'Internal Server Error', null],
  ])('a %s answer becomes ApiError with message %j', async (status, body, message, code) => {
    const response =
      body === null
        ? new Response(null, { status, statusText: message })
        : new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, statusText: status === 500 ? 'Internal Server Error' : '' });
    const failure = await apiErrorFromResponse(response);
    expect(failure.status).toBe(status);
    expect(failure.message).toBe(message);
    expect(failure.code).toBe(code);
  });

  it('turns a network failure into ApiError with status 0', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const api = createApiClient({ fetch, tokens: memoryTokens('t') });
    const failure = (await api.get('/credentials').catch((e: unknown) => e)) as ApiError;
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure.status).toBe(0);
    expect(failure.code).toBe('network');
  });

  it('passes an abort through as it is, not as an ApiError', async () => {
    const fetch = vi.fn(async () => {
      throw new DOMException('aborted', 'AbortError');
    });
    const api = createApiClient({ fetch, tokens: memoryTokens('t') });
    const failure = await api.get('/credentials').catch((e: unknown) => e);
    expect(failure).not.toBeInstanceOf(ApiError);
    expect((failure as DOMException).name).toBe('AbortError');
  });
});

describe('401', () => {
  it('forgets the token and calls onUnauthorized (the app goes to /sign-in), then rejects', async () => {
    const { api, tokens, onUnauthorized } = client([json(401, { statusCode: 401, message: 'token expired' })]);
    const failure = (await api.get('/my/assignments').catch((e: unknown) => e)) as ApiError;
    expect(failure.status).toBe(401);
    expect(tokens.value).toBeNull();
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('leaves an anonymous call (sign-in with a wrong password) to its caller', async () => {
    const { api, fetch, tokens, onUnauthorized } = client([json(401, { statusCode: 401, message: 'wrong email or password' })]);
    const failure = (await api.post('/auth/login', { email: 'a@b.c', password: 'x' }, { anonymous: true }).catch((e: unknown) => e)) as ApiError;
    expect(failure.message).toBe('wrong email or password');
    expect(onUnauthorized).not.toHaveBeenCalled();
    expect(tokens.value).toBe('tok-1');
    expect((fetch.mock.calls[0]![1]!.headers as Record<string, string>).Authorization).toBeUndefined();
  });

  it('does not call onUnauthorized for a 403', async () => {
    const { api, tokens, onUnauthorized } = client([json(403, { statusCode: 403, message: 'not yours' })]);
    await api.get('/assignments/9').catch(() => undefined);
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
