/**
 * Every view of the dashboard, as the role that uses it, on the demo: each is opened at 1280 and
 * 390 px, must fit 390 px without scrolling sideways, and axe-core must find no serious or
 * critical violation in it, once its content has loaded. The ids in the paths (an assessor, an
 * attempt, an item of calibration material, an assignment, a case) are read from the API first.
 * The walks in the other browser files check what the views do; this one that none is left out.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { call, dashboard, expectNoSeriousAxeViolations, newPage, requireBrowser, screenshot, shown, signIn, tokenFor, useDemoDashboard } from './support/browser.js';

interface View {
  /** the screenshot's name */
  name: string;
  path: string;
}

/** Waits until the view has a heading and nothing in it still says it is loading. */
async function settled(page: Page, view: View): Promise<void> {
  await shown(page, page.locator('main h1').first());
  await expect
    .poll(async () => /Loading\b[^.]*…/.test(await page.locator('main').innerText()), { timeout: 15_000, message: `${view.path} is still loading` })
    .toBe(false);
}

async function sweep(email: string | null, views: View[]): Promise<void> {
  requireBrowser();
  const page = await newPage();
  if (email) await signIn(page, email);
  for (const view of views) {
    await page.goto(`${dashboard.base}${view.path}`);
    await settled(page, view);
    await expectNoSeriousAxeViolations(page, `${view.path} at 1280 px`);
    // also checks that nothing is wider than 390 px
    await screenshot(page, `every-view-${view.name}`, { narrow: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoSeriousAxeViolations(page, `${view.path} at 390 px`);
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  await page.close();
}

describe('every view passes axe at 1280 and 390 px', () => {
  useDemoDashboard();

  it('signed out: sign-in and an unknown address', async () => {
    await sweep(null, [
      { name: 'sign-in', path: '/sign-in' },
      { name: 'not-found', path: '/no-such-page' },
    ]);
  }, 120_000);

  it('a researcher: credentials, reports, the first-rubric screen, import, assessors, certification, audit, password', async () => {
    const researcher = await tokenFor('researcher@demo.concord');
    const fresh = await call<{ id: number }>('POST', '/credentials', researcher, { title: 'Every view: first rubric', description: 'A credential with no rubric yet.' });
    await sweep('researcher@demo.concord', [
      { name: 'credentials', path: '/' },
      { name: 'report-v1', path: '/credentials/1/versions/1/report' },
      { name: 'report-v2', path: '/credentials/1/versions/2/report' },
      { name: 'report-missing', path: '/credentials/1/versions/9/report' },
      { name: 'first-rubric', path: `/credentials/${fresh.id}/rubric` },
      { name: 'import', path: '/import' },
      { name: 'assessors', path: '/assessors' },
      { name: 'certification-researcher', path: '/certification?credential=1' },
      { name: 'audit-researcher', path: '/audit' },
      { name: 'password', path: '/my/password' },
    ]);
  }, 240_000);

  it('a designer: the comparison and the draft revising a row beside its evidence', async () => {
    await sweep('designer@demo.concord', [
      { name: 'compare', path: '/credentials/1/compare' },
      { name: 'revise', path: '/credentials/1/compare?revise=scoring_tool&evidence=1' },
    ]);
  }, 120_000);

  it('a trainer: certification, one assessor, their profile and an attempt, material, an item, pools', async () => {
    const trainer = await tokenFor('trainer@demo.concord');
    const pool = await call<{ items: { assessorId: number; attempts: number }[] }>('GET', '/credentials/1/assessors', trainer);
    const assessor = pool.items.find((entry) => entry.attempts > 0)!;
    expect(assessor, 'a demo assessor with an attempt').toBeDefined();
    const detail = await call<{ attemptList: { id: number }[] }>('GET', `/credentials/1/assessors/${assessor.assessorId}/certification`, trainer);
    const material = await call<{ items: { id: number; rubricVersion: number }[] }>('GET', '/credentials/1/rubric-versions/1/calibration/candidates', trainer);
    expect(detail.attemptList.length).toBeGreaterThan(0);
    expect(material.items.length).toBeGreaterThan(0);
    await sweep('trainer@demo.concord', [
      { name: 'certification', path: '/certification?credential=1' },
      { name: 'assessor-certification', path: `/credentials/1/assessors/${assessor.assessorId}` },
      { name: 'assessor-monitoring', path: `/credentials/1/assessors/${assessor.assessorId}?tab=monitoring` },
      { name: 'assessor-attempt', path: `/credentials/1/assessors/${assessor.assessorId}/attempts/${detail.attemptList[0]!.id}` },
      { name: 'material', path: '/material?credential=1&version=1' },
      { name: 'material-item', path: `/credentials/1/versions/1/material/${material.items[0]!.id}` },
      { name: 'pools', path: '/pools?credential=1&version=1' },
    ]);
  }, 240_000);

  it('an assessor: assignments, one assignment, calibration, anchors, an attempt, feedback, profile', async () => {
    const email = 'alex.moreno@demo.concord';
    const alex = await tokenFor(email);
    const queue = await call<{ items: { assignmentId: number; status: string }[] }>('GET', '/my/assignments?status=pending', alex);
    const pending = queue.items[0];
    expect(pending, 'a pending assignment in the demo queue').toBeDefined();
    const me = await call<{ id: number }>('GET', '/users/me', alex);
    const trainer = await tokenFor('trainer@demo.concord');
    const detail = await call<{ attemptList: { id: number }[] }>('GET', `/credentials/1/assessors/${me.id}/certification`, trainer);
    const views: View[] = [
      { name: 'my-assignments', path: '/my/assignments' },
      { name: 'assignment', path: `/assignments/${pending!.assignmentId}` },
      { name: 'my-calibration', path: '/my/calibration' },
      { name: 'anchors', path: '/my/calibration/credentials/1/anchors' },
      { name: 'live-feedback', path: '/my/feedback' },
      { name: 'my-profile', path: '/my/calibration/credentials/1/profile' },
      { name: 'validity-feedback', path: '/my/validity-feedback' },
    ];
    if (detail.attemptList.length > 0) views.push({ name: 'calibration-attempt', path: `/my/calibration/attempts/${detail.attemptList[0]!.id}` });
    await sweep(email, views);
  }, 240_000);

  it('an adjudicator: the queue with the recorded cases, and one case', async () => {
    const adjudicator = await tokenFor('adjudicator@demo.concord');
    const queue = await call<{ items: { submissionId: number }[] }>('GET', '/adjudications', adjudicator);
    expect(queue.items.length).toBeGreaterThan(0);
    await sweep('adjudicator@demo.concord', [
      { name: 'adjudications', path: '/adjudications' },
      { name: 'adjudication', path: `/adjudications/${queue.items[0]!.submissionId}` },
    ]);
  }, 120_000);

  it('an admin: the admin area, one account, credentials, windows, conflicts, the audit log', async () => {
    const admin = await tokenFor('admin@demo.concord');
    const users = await call<{ items: { id: number }[] }>('GET', '/users', admin);
    await sweep('admin@demo.concord', [
      { name: 'admin', path: '/admin' },
      { name: 'admin-users', path: '/admin/users' },
      { name: 'admin-user', path: `/admin/users/${users.items[1]!.id}` },
      { name: 'admin-credentials', path: '/admin/credentials' },
      { name: 'admin-windows', path: '/admin/windows' },
      { name: 'admin-conflicts', path: '/admin/conflicts' },
      { name: 'audit', path: '/audit' },
    ]);
  }, 240_000);

  it('raised no uncaught error in any page', () => {
    requireBrowser();
    expect(dashboard.pageErrors).toEqual([]);
  });
});
