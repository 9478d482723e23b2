/**
 * The admin running accounts, walked in Chromium against the built demo: a new user with roles and
 * a temporary password, that user held on the password screen until they choose their own, the
 * account disabled (its token dead, its sign-in refused in words), a conflict recorded, and every
 * admin screen checked with axe and drawn at 1280 and 390 px. The harness is test/support/browser.ts.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { call, dashboard, expectNoSeriousAxeViolations, focused, NARROW, newPage, requireBrowser, screenshot, SCREENSHOTS, shown, signIn, text, useDemoDashboard, WIDE } from './support/browser.js';

/** axe at 1280 and at 390 px, and the screenshots of both (which also check that nothing scrolls sideways at 390). */
async function checkScreen(page: Page, name: string): Promise<void> {
  await expectNoSeriousAxeViolations(page, `${name} at 1280 px`);
  await page.setViewportSize(NARROW);
  await expectNoSeriousAxeViolations(page, `${name} at 390 px`);
  await page.setViewportSize(WIDE);
  await screenshot(page, `admin-walk-${name}`, { narrow: true });
}

async function signInWith(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${dashboard.base}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the admin’s accounts in Chromium', () => {
  useDemoDashboard();

  const email = 'walk.newcomer@demo.concord';
  let firstPassword = '';
  let temporaryPassword = '';
  let userPath = '';
  let newcomerToken = '';
  const ownPassword = 'harbour lantern seventeen';

  it('the admin creates a user with roles, changes the roles and sets a temporary password, each shown once to copy', async () => {
    requireBrowser();
    const page = await newPage();
    await signIn(page, 'admin@demo.concord');
    await page.goto(`${dashboard.base}/admin/users`);
    await shown(page, page.getByRole('rowheader', { name: 'Sol Admin' }));
    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Name').fill('Walk Newcomer');
    await form.getByLabel('Email').fill(email);
    await form.getByRole('checkbox', { name: /^assessor/ }).check();
    await form.getByRole('button', { name: 'Create the user' }).click();
    const secret = page.getByRole('group', { name: 'Temporary password for Walk Newcomer' });
    await shown(page, secret);
    firstPassword = await text(secret.locator('[data-secret]'));
    expect(firstPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await checkScreen(page, 'users-created');

    await page.getByRole('link', { name: 'Open their account' }).click();
    await page.waitForURL(/\/admin\/users\/\d+$/);
    userPath = new URL(page.url()).pathname;
    await shown(page, page.getByRole('heading', { level: 1, name: 'Walk Newcomer' }));
    expect(await text(page.locator('[data-state]'))).toBe('Active');

    // researcher with assessor: the screen says what that means before anything is saved
    const roles = page.getByRole('group', { name: 'Roles of Walk Newcomer' });
    await roles.getByRole('checkbox', { name: /^researcher/ }).check();
    await shown(page, roles.locator('[data-separation]'));
    expect(await text(roles.locator('[data-separation]'))).toContain('never drawn as a reader');
    await roles.getByRole('checkbox', { name: /^researcher/ }).uncheck();
    await roles.getByRole('checkbox', { name: /^adjudicator/ }).check();
    await page.getByRole('button', { name: 'Save roles' }).click();
    await shown(page, page.getByText('Roles saved: assessor, adjudicator.'));

    await page.getByRole('button', { name: 'Set a temporary password' }).click();
    const issued = page.getByRole('group', { name: 'Temporary password for Walk Newcomer' });
    await shown(page, issued);
    temporaryPassword = await text(issued.locator('[data-secret]'));
    expect(temporaryPassword).not.toBe(firstPassword);
    await shown(page, page.getByText(/must change password at next sign-in/));
    await checkScreen(page, 'user');
    await page.close();

    // the API agrees: the roles, and the first password no longer opens anything
    const admin = await call<{ token: string }>('POST', '/auth/login', null, { email: 'admin@demo.concord', password: 'concord-demo' });
    const user = await call<{ roles: string[]; mustChangePassword: boolean }>('GET', `/users/${userPath.split('/').pop()}`, admin.token);
    expect(user).toMatchObject({ roles: ['assessor', 'adjudicator'], mustChangePassword: true });
    await call('POST', '/auth/login', null, { email, password: firstPassword }, [401]);
  }, 120_000);

  it('the new user signs in, is held on the password screen, changes the password and lands on their start page', async () => {
    requireBrowser();
    expect(temporaryPassword).not.toBe('');
    const page = await newPage();
    await signInWith(page, email, temporaryPassword);
    await page.waitForURL(`${dashboard.base}/my/password`);
    await shown(page, page.getByText('Your password is temporary.'));
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').count()).toBe(0);
    // any other address comes back here
    await page.goto(`${dashboard.base}/my/assignments`);
    await page.waitForURL(`${dashboard.base}/my/password`);
    await shown(page, page.getByLabel('Temporary password'));
    await checkScreen(page, 'password-temporary');

    // the policy's refusal in words, under the field
    await page.getByLabel('Temporary password').fill(temporaryPassword);
    await page.getByLabel('New password', { exact: true }).fill('password123');
    await page.getByLabel('New password again').fill('password123');
    await page.getByRole('button', { name: 'Change the password' }).click();
    await shown(page, page.getByText(/^Too common: it is a known or breached password/));

    await page.getByLabel('New password', { exact: true }).fill(ownPassword);
    await page.getByLabel('New password again').fill(ownPassword);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.waitForURL(`${dashboard.base}/my/assignments`);
    await shown(page, page.getByRole('heading', { level: 1, name: 'My assignments' }));
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Adjudications' }).count()).toBe(1);
    newcomerToken = (await page.evaluate<string | null>("sessionStorage.getItem('concord.token')")) ?? '';
    await call('GET', '/users/me', newcomerToken);
    await page.close();
  }, 90_000);

  it('the admin disables them after a confirmation that defaults to Cancel: their token gets 401 and their sign-in is refused in words', async () => {
    requireBrowser();
    expect(newcomerToken).not.toBe('');
    const page = await newPage();
    await signIn(page, 'admin@demo.concord');
    await page.goto(`${dashboard.base}${userPath}`);
    await shown(page, page.getByRole('heading', { level: 1, name: 'Walk Newcomer' }));
    await page.getByRole('button', { name: 'Disable the account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable Walk Newcomer’s account?' });
    await shown(page, dialog);
    expect(await text(dialog)).toContain('every session they have open ends now');
    expect((await focused(page)).text).toBe('Cancel');
    await expectNoSeriousAxeViolations(page, 'the disable confirmation');
    await screenshot(page, 'admin-walk-disable-confirm', { narrow: true });
    // Escape is Cancel: nothing happens
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await text(page.locator('[data-state]'))).toBe('Active');
    await call('GET', '/users/me', newcomerToken);

    await page.getByRole('button', { name: 'Disable the account' }).click();
    await dialog.getByRole('button', { name: 'Disable the account' }).click();
    await expect.poll(() => text(page.locator('[data-state]'))).toBe('Disabled');
    await call('GET', '/users/me', newcomerToken, undefined, [401]);

    const refused = await newPage();
    await signInWith(refused, email, ownPassword);
    await shown(refused, refused.getByRole('alert').filter({ hasText: 'This account is disabled' }));
    expect(await text(refused.getByRole('alert'))).toBe('This account is disabled, so it cannot sign in. Ask an administrator to enable it again.');
    expect(new URL(refused.url()).pathname).toBe('/sign-in');
    await screenshot(refused, 'admin-walk-sign-in-disabled', { narrow: true });
    await refused.close();

    await page.getByRole('button', { name: 'Enable the account' }).click();
    await expect.poll(() => text(page.locator('[data-state]'))).toBe('Active');
    await page.close();
  }, 90_000);

  it('the admin records and removes a conflict from the conflicts screen, and every admin screen passes axe at 1280 and 390 px', async () => {
    requireBrowser();
    const page = await newPage();
    await signIn(page, 'admin@demo.concord');
    await page.goto(`${dashboard.base}/admin/conflicts`);
    await shown(page, page.getByRole('cell', { name: /Northfield Middle School/ }));
    await page.getByLabel('Person').selectOption({ label: `Walk Newcomer (${email})` });
    await page.getByLabel('Organisation', { exact: true }).fill('Eastgate Academy');
    await page.getByRole('button', { name: 'Record the conflict' }).click();
    await shown(page, page.getByText('Recorded: Walk Newcomer has a conflict with Eastgate Academy.'));
    const row = page.locator(`tr[data-user="${userPath.split('/').pop()}"]`);
    expect(await text(row)).toContain('Eastgate Academy (recorded by an admin)');
    await checkScreen(page, 'conflicts');
    await row.getByRole('button', { name: 'Remove Eastgate Academy from Walk Newcomer' }).click();
    await shown(page, page.getByText('Removed Eastgate Academy from Walk Newcomer’s conflicts.'));

    for (const [path, ready, name] of [
      ['/admin', page.getByRole('heading', { level: 2, name: 'Users' }), 'start'],
      ['/admin/users', page.getByRole('rowheader', { name: 'Walk Newcomer' }), 'users'],
      ['/admin/credentials', page.getByRole('article', { name: 'Performance Assessment Design' }), 'credentials'],
      ['/admin/windows', page.getByRole('link', { name: 'Performance Assessment Design, version 1' }), 'windows'],
      ['/my/password', page.getByLabel('Current password'), 'password'],
    ] as const) {
      await page.goto(`${dashboard.base}${path}`);
      await shown(page, ready);
      await checkScreen(page, name);
    }
    await page.close();
  }, 150_000);

  it('the audit log reads as one card per entry at 390 px, the action whole, and stays a table at 1280 px', async () => {
    requireBrowser();
    const page = await newPage();
    await signIn(page, 'admin@demo.concord');
    await page.goto(`${dashboard.base}/audit?entity=user`);
    await shown(page, page.getByRole('table'));
    const actionDisplay = `getComputedStyle(document.querySelector('tbody tr td[data-label="Action"]')).display`;
    expect(await page.evaluate<string>(actionDisplay)).toBe('table-cell');
    expect(await page.locator('thead').isVisible()).toBe(true);

    await page.setViewportSize(NARROW);
    expect(await page.locator('thead').isVisible()).toBe(false);
    // every action is drawn whole within the card, and no card is taller than the phone's screen
    expect(await page.evaluate<string>(actionDisplay)).toBe('block');
    const measures = await page.evaluate<{ height: number; actionClipped: boolean; actionRight: number }[]>(
      `[...document.querySelectorAll('tbody tr')].map((row) => { const cell = row.querySelector('td[data-label="Action"]'); return { height: row.getBoundingClientRect().height, actionClipped: cell.scrollWidth > cell.clientWidth, actionRight: cell.getBoundingClientRect().right }; })`,
    );
    expect(measures.length).toBeGreaterThan(0);
    for (const measure of measures) {
      expect(measure.actionClipped).toBe(false);
      expect(measure.actionRight).toBeLessThanOrEqual(NARROW.width);
      expect(measure.height).toBeLessThan(400);
    }
    expect(await text(page.locator('tbody tr').first().locator('td[data-label="Action"]'))).toMatch(/^user\./);
    await expectNoSeriousAxeViolations(page, 'the audit log at 390 px');
    // the first cards as a phone shows them (the full page is drawn below)
    await page.locator('tbody tr').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'admin-walk-audit-cards-390.png') });
    await page.setViewportSize(WIDE);
    await checkScreen(page, 'audit');
    await page.close();
  }, 90_000);

  it('raised no uncaught error in any page', () => {
    requireBrowser();
    expect(dashboard.pageErrors).toEqual([]);
  });
});
