/**
 * The sign-in flood for npm run bench: 200 wrong sign-ins, 40 at a time, while one client reads
 * `GET /api/users/me` with a valid token over and over; the figure is that read's p99. Everything
 * goes to the server on 127.0.0.1, and the flood is bounded (200 requests).
 */
import { ADMIN, call, login, startServer, stopServer } from './api.js';

export interface FloodFigures {
  reads: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<number, number>;
  seconds: number;
}

const FLOOD = 200;
const CONCURRENCY = 40;

/** One flood on a fresh server (`environment` on top of the bench's); `distinctEmails` spreads it over 200 unknown emails instead of one account. */
export async function signInFlood(root: string, environment: Record<string, string>, distinctEmails: boolean): Promise<FloodFigures> {
  const server = await startServer(root, 3900 + Math.floor(Math.random() * 90), environment, false);
  try {
    const token = await login(server, ADMIN.email, ADMIN.password);
    for (let i = 0; i < 5; i++) await call(server, 'GET', '/api/users/me', token);
    const latencies: number[] = [];
    const statuses: Record<number, number> = {};
    let flooding = true;
    const reader = (async () => {
      while (flooding) {
        const started = performance.now();
        const answer = await call(server, 'GET', '/api/users/me', token);
        if (answer.status !== 200) throw new Error(`the read answered ${answer.status} during the flood`);
        latencies.push(performance.now() - started);
      }
    })();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < FLOOD) {
          const attempt = next++;
          const email = distinctEmails ? `flood-${attempt}@bench.test` : ADMIN.email;
          const answer = await call(server, 'POST', '/api/auth/login', null, { email, password: `wrong-password-${attempt}` });
          statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    flooding = false;
    await reader;
    const sorted = [...latencies].sort((a, b) => a - b);
    const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { reads: sorted.length, p50: quantile(0.5), p99: quantile(0.99), max: sorted[sorted.length - 1], statuses, seconds };
  } finally {
    await stopServer(server);
  }
}

export function describeFlood(label: string, figures: FloodFigures): string {
  const statuses = Object.entries(figures.statuses)
    .map(([status, count]) => `${count} x ${status}`)
    .join(', ');
  return `${label}: an unrelated authenticated read (GET /api/users/me, ${figures.reads} reads) p50 ${figures.p50.toFixed(0)} ms, p99 ${figures.p99.toFixed(0)} ms, max ${figures.max.toFixed(0)} ms (target p99 < 250 ms); the flood took ${figures.seconds.toFixed(1)} s: ${statuses}`;
}

/** The three floods: at one account, at 200 unknown emails, and at 200 emails with the per-address limit lifted (the hashing bound alone). */
export async function benchSignInFlood(root: string): Promise<void> {
  console.log(`\n== Sign-in flood (${FLOOD} wrong sign-ins, ${CONCURRENCY} at a time, server in a child process)`);
  console.log(describeFlood('one account, default limits', await signInFlood(root, {}, false)));
  console.log(describeFlood('200 unknown emails, default limits', await signInFlood(root, {}, true)));
  console.log(describeFlood('200 unknown emails, per-address limit lifted', await signInFlood(root, { CONCORD_SIGN_IN_LIMIT_PER_ADDRESS: '1000000' }, true)));
}
