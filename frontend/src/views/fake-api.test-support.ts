/**
 * A fetch stand-in for view tests: answers by "METHOD /api/path" (query string ignored unless the
 * key has one), records every call (the Request the API client sends) with its parsed body, and
 * fails loudly on a call nobody expected.
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
    const call = await recordedCall(input, init);
    calls.push(call);
    const withQuery = `${call.method} ${call.url}`;
    const key = queues.has(withQuery) ? withQuery : `${call.method} ${call.path}`;
    const queue = queues.get(key);
    if (!queue || queue.length === 0) throw new Error(`unexpected call: ${withQuery}`);
    const answer = queue.length > 1 ? queue.shift()! : queue[0]!;
    const { status, body: responseBody } = typeof answer === 'function' ? answer(call) : answer;
    return json(status, responseBody);
  });
  return { fetch, calls, callsTo: (method: string, path: string) => calls.filter((call) => call.method === method && call.path === path) };
}

/**
 * What the API client sent (a Request, or a URL with its init), with the body parsed when it is
 * JSON and the URL as path and query.
 */
export async function recordedCall(input: RequestInfo | URL, init?: RequestInit): Promise<RecordedCall> {
  const request = input instanceof Request ? input : new Request(new URL(String(input), location.href), init);
  const parsed = new URL(request.url);
  const raw = await request.text();
  let body: unknown = raw === '' ? undefined : raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // not JSON: the text as sent (a CSV upload)
  }
  return { method: request.method, url: `${parsed.pathname}${parsed.search}`, path: parsed.pathname, query: parsed.searchParams, body, headers: headerNames(request.headers) };
}

/** The headers of a request by their usual names (`Content-Type`, `Authorization`). */
function headerNames(headers: Headers): Record<string, string> {
  const named: Record<string, string> = {};
  headers.forEach((value, name) => {
    named[name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`)] = value;
  });
  return named;
}

/** Pretends a person is signed in, as the app's session does. */
export function signIn(roles: string[]): void {
  sessionStorage.setItem('concord.token', 'test-token');
  sessionStorage.setItem('concord.user', JSON.stringify({ id: 9, name: 'Test Person', email: 'test@example.org', roles }));
}
