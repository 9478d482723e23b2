/**
 * A fetch stand-in for view tests: answers by "METHOD /api/path" (query string ignored unless the
 * key has one), records every call with its parsed body, and fails loudly on a call nobody expected.
 */
import { vi } from 'vitest';

export interface RecordedCall {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

type Answer = { status: number; body?: unknown } | ((call: RecordedCall) => { status: number; body?: unknown });

export function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function fakeApi(routes: Record<string, Answer | Answer[]>) {
  const calls: RecordedCall[] = [];
  const queues = new Map<string, Answer[]>(Object.entries(routes).map(([key, answer]) => [key, Array.isArray(answer) ? [...answer] : [answer]]));
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const parsed = new URL(url, 'http://localhost');
    const method = init?.method ?? 'GET';
    const raw = init?.body;
    let body: unknown = raw;
    if (typeof raw === 'string') {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const call: RecordedCall = { method, url, path: parsed.pathname, query: parsed.searchParams, body, headers: (init?.headers ?? {}) as Record<string, string> };
    calls.push(call);
    const withQuery = `${method} ${parsed.pathname}${parsed.search}`;
    const key = queues.has(withQuery) ? withQuery : `${method} ${parsed.pathname}`;
    const queue = queues.get(key);
    if (!queue || queue.length === 0) throw new Error(`unexpected call: ${withQuery}`);
    const answer = queue.length > 1 ? queue.shift()! : queue[0]!;
    const { status, body: responseBody } = typeof answer === 'function' ? answer(call) : answer;
    return json(status, responseBody);
  });
  return { fetch, calls, callsTo: (method: string, path: string) => calls.filter((call) => call.method === method && call.path === path) };
}

/** Pretends a person is signed in, as the app's session does. */
export function signIn(roles: string[]): void {
  sessionStorage.setItem('concord.token', 'test-token');
  sessionStorage.setItem('concord.user', JSON.stringify({ id: 9, name: 'Test Person', email: 'test@example.org', roles }));
}
