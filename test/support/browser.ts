/**
 * The browser tests' shared harness: headless Chromium (Debian's package, driven by playwright-core)
 * against the BUILT dashboard served by the REAL server (`node dist/src/main.js --demo`) on a free
 * port and a throw-away database. The vitest global setup builds dist/ and dist/frontend first
 * (unless CONCORD_SKIP_BUILD=1). Screenshots go to test-output/screenshots/.
 *
 * A browser test file calls `useDemoDashboard()` inside its `describe`: one demo server and one
 * browser per file, stopped after it. `dashboard` then reads the server's base URL, its start-up
 * output, the demo assessors' emails and the page errors seen so far.
 *
 * Chromium is required, not optional: without /usr/bin/chromium these tests fail and say how to
 * install it (`.ci/run` installs it on a bare CI machine).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { freePort } from './free-port.js';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const PASSWORD = 'concord-demo';
export const SCREENSHOTS = join('test-output', 'screenshots');
export const WIDE = { width: 1280, height: 900 };
export const NARROW = { width: 390, height: 844 };
const AXE = join('node_modules', 'axe-core', 'axe.min.js');

let server: ChildProcess | null = null;
let serverOutput = '';
let scratch = '';
let context: BrowserContext | null = null;
let base = '';
let assessorEmails: string[] = [];
const pageErrors: string[] = [];

/** Starts the built server with the demo and resolves once it says "Concord is running". */
function startServer(port: number, databasePath: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/src/main.js', '--demo'], {
      // every walk signs in from 127.0.0.1
      env: { ...process.env, DATABASE_URL: '', DATABASE_PATH: databasePath, PORT: String(port), NODE_ENV: 'production', CONCORD_SIGN_IN_LIMIT_PER_ADDRESS: '100000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = child; // stopped in afterAll even when it never gets ready
    const timer = setTimeout(() => reject(new Error(`the server did not start within 90 s:\n${serverOutput}`)), 90_000);
    const onData = (chunk: Buffer) => {
      serverOutput += chunk.toString();
      if (serverOutput.includes('Concord is running')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before it was ready:\n${serverOutput}`));
    });
  });
}

/** Calls the API as `token` (or anonymously), failing the test on an unexpected status. */
export async function call<T>(method: string, path: string, token: string | null, body?: unknown, expected = [200, 201]): Promise<T> {
  const response = await fetch(`${base}/api${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!expected.includes(response.status)) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function tokenFor(email: string): Promise<string> {
  return (await call<{ token: string }>('POST', '/auth/login', null, { email, password: PASSWORD })).token;
}

export interface AssignmentItem {
  assignmentId: number;
  credentialId: number;
  status: 'pending' | 'scored';
}

/** A fresh credential with a two-row rubric (version 1), made through the API. */
export async function freshCredential(title: string): Promise<{ credentialId: number }> {
  const designer = await tokenFor('designer@demo.concord');
  const credential = await call<{ id: number }>('POST', '/credentials', designer, { title, description: 'Made by the browser tests.' });
  await call('POST', `/credentials/${credential.id}/rubric-versions`, designer, {
    rows: [
      {
        key: 'clarity',
        title: 'Clarity of the task',
        descriptor: 'The task says what students must produce.',
        scale: 'ordinal',
        levels: [
          { value: '1', label: 'Beginning', descriptor: 'No product is named.' },
          { value: '2', label: 'Developing', descriptor: 'The product is named but vague.' },
          { value: '3', label: 'Proficient', descriptor: 'The product and its audience are clear.' },
        ],
      },
      {
        key: 'criteria',
        title: 'Criteria shared',
        descriptor: 'Students see the criteria before they start.',
        scale: 'nominal',
        levels: [
          { value: 'no', label: 'Not shared', descriptor: 'No sign of it.' },
          { value: 'yes', label: 'Shared', descriptor: 'A handout or a slide.' },
        ],
      },
    ],
  });
  return { credentialId: credential.id };
}

/** A fresh credential with a two-row rubric and its validation window open, made through the API. */
export async function freshStudy(title: string, targetSubmissions: number): Promise<{ credentialId: number }> {
  const { credentialId } = await freshCredential(title);
  const designer = await tokenFor('designer@demo.concord');
  await call('POST', `/credentials/${credentialId}/rubric-versions/1/validation`, designer, { targetSubmissions, readersPerSubmission: 2, threshold: 0.8, seed: 11 });
  return { credentialId };
}

/** The walk's expert-panel item n: its true levels follow from n, so the assessor can be made to answer from the evidence shown. */
export function panelLevels(n: number): { clarity: string; criteria: string } {
  return { clarity: String(((n - 1) % 3) + 1), criteria: n % 2 === 1 ? 'yes' : 'no' };
}

export const CLARITY_LABELS: Record<string, string> = { '1': 'Beginning', '2': 'Developing', '3': 'Proficient' };
export const CRITERIA_LABELS: Record<string, string> = { no: 'Not shared', yes: 'Shared' };

/** An expert panel's file of `count` items, one line per item and row, each with a rationale and evidence naming the item. */
export function expertPanelCsv(count: number): string {
  const lines = ['item,criterion,level,rationale,evidence_text'];
  for (let n = 1; n <= count; n++) {
    const { clarity, criteria } = panelLevels(n);
    lines.push(`CAL-${n},clarity,${clarity},"Clarity is ${CLARITY_LABELS[clarity]!.toLowerCase()}: the brief ${clarity === '3' ? 'names the product and its audience' : 'leaves the product vague'}.","Lesson plan ${n}: a task brief, a one-line rubric and a handout."`);
    lines.push(`CAL-${n},criteria,${criteria},"${criteria === 'yes' ? 'The handout lists the criteria.' : 'No sign the criteria were shared.'}",`);
  }
  return `${lines.join('\n')}\n`;
}

const CHROMIUM_MISSING =
  `Chromium is missing at ${CHROMIUM}: the browser tests need Debian's chromium package. Install it with ` +
  '`apt-get install -y chromium` (as root, or with sudo), then run the tests again. Do not use `npx playwright install`.';

/** Fails the calling test (never skips it) when Chromium is missing or did not start. */
export function requireBrowser(): BrowserContext {
  if (!existsSync(CHROMIUM)) throw new Error(CHROMIUM_MISSING);
  if (!context) throw new Error(`the browser or the server did not start:\n${serverOutput}`);
  return context;
}

export async function newPage(viewport = WIDE): Promise<Page> {
  const page = await requireBrowser().newPage();
  await page.setViewportSize(viewport);
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  // the Content-Security-Policy refuses nothing the dashboard needs
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

/** Full-page screenshots at 1280 px and, when asked, at 390 px too (then back to 1280). */
export async function screenshot(page: Page, name: string, options: { narrow?: boolean } = {}): Promise<void> {
  await page.setViewportSize(WIDE);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-1280.png`), fullPage: true });
  if (options.narrow) {
    await page.setViewportSize(NARROW);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-390.png`), fullPage: true });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow, `${name} is wider than 390 px`).toBeLessThanOrEqual(0);
    await page.setViewportSize(WIDE);
  }
}

/** What has keyboard focus, in words a test can check. */
export interface Focus {
  tag: string;
  type: string;
  name: string;
  checked: boolean;
  value: string;
  text: string;
  label: string;
  /** The legend of the fieldset around it. */
  group: string;
}

// Runs in the page; a string, because this file is type-checked without the DOM library.
const READ_FOCUS = `(() => {
  const element = document.activeElement;
  const input = element && element.tagName === 'INPUT' ? element : null;
  return {
    tag: element ? element.tagName.toLowerCase() : '',
    type: input ? input.type : '',
    name: input ? input.name : '',
    checked: input ? input.checked : false,
    value: input ? input.value : '',
    text: ((element && element.textContent) || '').trim().replace(/\\s+/g, ' '),
    label: (element && element.getAttribute('aria-label')) || '',
    group: ((element && element.closest('fieldset') && element.closest('fieldset').querySelector('legend') || {}).textContent || '').trim(),
  };
})()`;

export function focused(page: Page): Promise<Focus> {
  return page.evaluate<Focus>(READ_FOCUS);
}

/** Presses Tab until `wanted` holds for the focused element (at most `limit` times). */
export async function tabTo(page: Page, wanted: (focus: Focus) => boolean, what: string, limit = 40): Promise<Focus> {
  const trail: string[] = [];
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    const focus = await focused(page);
    if (wanted(focus)) return focus;
    trail.push(`${focus.tag}${focus.type ? `[${focus.type}]` : ''} "${focus.text.slice(0, 40)}"`);
  }
  throw new Error(`Tab never reached ${what}; it went through: ${trail.join(' → ')}`);
}

/** Waits for `locator`; on a timeout the error carries what the page shows instead. */
export async function shown(page: Page, locator: Locator): Promise<void> {
  try {
    await locator.waitFor();
  } catch (error) {
    const visible = await page.locator('main').innerText().catch(() => '(no main)');
    throw new Error(`${(error as Error).message}\n--- the page shows ---\n${visible.slice(0, 3000)}`, { cause: error });
  }
}

/** Runs axe-core on the page; fails on any serious or critical violation, naming the rule and the elements. */
export async function expectNoSeriousAxeViolations(page: Page, what: string): Promise<void> {
  // Through the debugging protocol, which the page's Content-Security-Policy (script-src 'self') does not govern.
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate<void>(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate<{ id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  );
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`), what).toEqual([]);
}

export async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}


/** What the running demo server and its pages have shown so far. */
export const dashboard = {
  get base(): string {
    return base;
  },
  get serverOutput(): string {
    return serverOutput;
  },
  get assessorEmails(): string[] {
    return assessorEmails;
  },
  get pageErrors(): string[] {
    return pageErrors;
  },
};

/** Starts the demo server and Chromium before the calling `describe`'s tests, and stops both after. */
export function useDemoDashboard(): void {
  beforeAll(async () => {
    // Not a skip: every test below fails with this message when Chromium is missing.
    if (!existsSync(CHROMIUM)) return;
    if (process.env.CONCORD_SKIP_BUILD === '1' && !existsSync(join('dist', 'frontend', 'index.html'))) {
      throw new Error('dist/frontend is missing: run `npm run build` (or the tests without CONCORD_SKIP_BUILD=1) first');
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    scratch = mkdtempSync(join(tmpdir(), 'concord-browser-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    await startServer(port, join(scratch, 'concord.sqlite'));
    assessorEmails = [...serverOutput.matchAll(/^\s*assessor\s+(\S+@\S+)/gm)].map((match) => match[1]!);
    expect(assessorEmails.length).toBeGreaterThanOrEqual(2);
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: WIDE,
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }, 30_000);
}
