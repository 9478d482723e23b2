import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:39411';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: Number(process.env.W ?? 390), height: 844 } });
await page.goto(`${base}/sign-in`);
await page.getByLabel('Email').fill(process.argv[2] ?? 'designer@demo.concord');
await page.getByLabel('Password').fill('concord-demo');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.waitForURL((url) => url.pathname !== '/sign-in');
await page.goto(`${base}${process.argv[3]}`);
await page.waitForTimeout(6000);
const found = await page.evaluate(`(() => {
  const out = [];
  const vw = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (el.closest('.visually-hidden')) continue;
    if (r.right > vw + 1) out.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' right=' + Math.round(r.right) + ' w=' + Math.round(r.width) + ' text=' + (el.textContent||'').slice(0,40).replace(/\\s+/g,' '));
  }
  return out.slice(0, 25);
})()`);
console.log(found.join('\n'));
await browser.close();
