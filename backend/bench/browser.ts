/**
 * Dashboard figures for npm run bench: the gzipped size of the JavaScript the report view loads,
 * and the time to first render of the demo report in headless Chromium (Debian's package).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer, stopServer } from './api.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Gzipped bytes of each built JavaScript file of the dashboard. */
export function dashboardScripts(root: string): { file: string; gzip: number; raw: number }[] {
  const folder = join(root, 'dist/frontend/assets');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.js'))
    .map((file) => {
      const content = readFileSync(join(folder, file));
      return { file, raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
    });
}

export async function benchBrowser(root: string): Promise<void> {
  console.log('\n== Dashboard');
  const scripts = dashboardScripts(root);
  const total = scripts.reduce((s, f) => s + f.gzip, 0);
  console.log(`built JavaScript: ${scripts.length} files, ${(total / 1024).toFixed(1)} kB gzipped in all (${scripts.map((s) => `${s.file} ${(s.gzip / 1024).toFixed(1)} kB`).join(', ')})`);
  if (!existsSync(CHROMIUM)) {
    console.log(`first render: not measured, ${CHROMIUM} is missing (apt-get install -y chromium)`);
    return;
  }
  const server = await startServer(root, 3990 + Math.floor(Math.random() * 9));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel(/email/i).fill('researcher@demo.concord');
    await page.getByLabel(/password/i).fill('concord-demo');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    const times: number[] = [];
    const loaded = new Set<string>();
    page.on('request', (request) => {
      if (request.resourceType() === 'script') loaded.add(request.url().split('/').pop() ?? '');
    });
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      await page.goto(`${server.url}/credentials/1/versions/1/report`);
      await page.getByText('Quality of the scoring tool').first().waitFor();
      await page.locator('main svg').first().waitFor();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const reportScripts = scripts.filter((f) => loaded.has(f.file));
    console.log(
      `the report view loads ${reportScripts.length} scripts, ${(reportScripts.reduce((sum, f) => sum + f.gzip, 0) / 1024).toFixed(1)} kB gzipped (${reportScripts.map((f) => f.file).join(', ')})`,
    );
    console.log(
      `first render of the demo report in headless Chromium (navigation to rows and charts drawn), 5 loads: median ${times[2].toFixed(0)} ms, best ${times[0].toFixed(0)} ms, worst ${times[4].toFixed(0)} ms`,
    );
  } finally {
    await browser.close();
    await stopServer(server);
  }
}
