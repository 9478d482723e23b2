/**
 * Readers and adjudicators moving fast, walked in Chromium against the demo: an assessor scores with
 * the number keys, goes straight on to the next assignment and sees their progress, with the
 * evidence in view at 390 px; the adjudicator records one of the demo's six cases, goes on to the
 * next and finds the first among the cases they recorded. Each view at 1280 and 390 px, and axe on
 * My assignments, an assignment, Adjudications and an adjudication. The harness is test/support/browser.ts.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  call,
  dashboard,
  expectNoSeriousAxeViolations,
  focused,
  NARROW,
  newPage,
  requireBrowser,
  screenshot,
  SCREENSHOTS,
  shown,
  signIn,
  tabTo,
  text,
  tokenFor,
  useDemoDashboard,
  WIDE,
  type AssignmentItem,
} from './support/browser.js';

interface BlindAssignment {
  status: string;
  rubric: { key: string; title: string; levels: { value: string; label: string }[] }[];
  myScore: { levels: Record<string, string> } | null;
}

/** Scores the open assignment with the keyboard: Tab to each row's radios, then a number key picks its level. Returns title -> level value. */
async function scoreWithNumberKeys(page: Page, assignment: BlindAssignment, levelFor: (row: number, count: number) => number): Promise<Record<string, string>> {
  const chosen: Record<string, string> = {};
  const seen = new Set<string>();
  for (let row = 0; row < assignment.rubric.length; row++) {
    const focus = await tabTo(page, (f) => f.type === 'radio' && !seen.has(f.name), `the radios of row ${row + 1}`);
    seen.add(focus.name);
    const rubricRow = assignment.rubric.find((candidate) => candidate.title === focus.group)!;
    const index = levelFor(row, rubricRow.levels.length);
    await page.keyboard.press(String(index + 1));
    const after = await focused(page);
    expect(after.checked, `row ${focus.group} has a level`).toBe(true);
    expect(after.value, `key ${index + 1} picks level ${index + 1} of ${focus.group}`).toBe(rubricRow.levels[index]!.value);
    chosen[focus.group] = after.value;
  }
  return chosen;
}

async function submitAndConfirm(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Submit score' }).click();
  await page.getByRole('dialog', { name: 'Submit this score?' }).waitFor();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'Your sealed score' }).waitFor();
}

async function progressText(page: Page): Promise<string> {
  return text(page.getByRole('progressbar'));
}

/** Where a locator sits in the viewport. */
async function box(locator: Locator): Promise<{ top: number; bottom: number; height: number }> {
  const rect = (await locator.boundingBox())!;
  return { top: rect.y, bottom: rect.y + rect.height, height: rect.height };
}

describe('readers and adjudicators in Chromium', () => {
  useDemoDashboard();

  it('an assessor scores with number keys, goes on to the next assignment and sees the progress; at 390 px the evidence stays in view', async () => {
    requireBrowser();
    // an assessor with two pending assignments in the demo
    let email = '';
    let pendingIds: number[] = [];
    for (const candidate of dashboard.assessorEmails) {
      const queue = await call<{ items: AssignmentItem[]; total: number }>('GET', '/my/assignments?status=pending&pageSize=200', await tokenFor(candidate));
      if (queue.total >= 2) {
        email = candidate;
        pendingIds = queue.items.map((item) => item.assignmentId);
        break;
      }
    }
    expect(pendingIds.length, 'the demo gives an assessor two pending assignments').toBeGreaterThanOrEqual(2);
    const token = await tokenFor(email);

    const page = await newPage();
    await signIn(page, email);
    await page.waitForURL(`${dashboard.base}/my/assignments`);
    await shown(page, page.getByRole('table'));
    expect(await progressText(page)).toBe(`0 of ${pendingIds.length} scored`);
    // every link's name is its visible words (axe: label-content-name-mismatch)
    const links = page.getByRole('table').getByRole('link');
    for (const link of await links.all()) expect((await link.getAttribute('aria-label')) ?? (await text(link))).toContain(await text(link));
    await expectNoSeriousAxeViolations(page, 'My assignments');
    await screenshot(page, 'readers-my-assignments', { narrow: true });

    // Start scoring opens the oldest pending assignment.
    await page.getByRole('link', { name: 'Start scoring' }).click();
    const [firstId, secondId] = pendingIds as [number, number];
    await page.waitForURL(`${dashboard.base}/assignments/${firstId}`);
    await shown(page, page.getByRole('heading', { name: `Assignment ${firstId}` }));
    expect(await text(page.locator('main'))).toMatch(/Keyboard: Tab goes from row to row\. On a row, press 1 to \d to pick its level/);
    await expectNoSeriousAxeViolations(page, 'an assignment');
    await screenshot(page, 'readers-assignment', { narrow: true });

    const first = await call<BlindAssignment>('GET', `/assignments/${firstId}`, token);
    const chosen = await scoreWithNumberKeys(page, first, (row, count) => (row + 1) % count);
    // Numbers typed in a comment stay in the comment: the row keeps its level.
    const firstRow = first.rubric[0]!;
    const comment = page.getByLabel(`Comment on ${firstRow.title}`);
    await comment.click();
    await page.keyboard.type('Levels 2 and 3 overlap');
    expect(await comment.inputValue()).toBe('Levels 2 and 3 overlap');
    expect(await page.getByRole('group', { name: firstRow.title }).locator('input[type="radio"]:checked').inputValue()).toBe(chosen[firstRow.title]);

    await submitAndConfirm(page);
    expect(await text(page.getByRole('status'))).toMatch(/Your score is submitted and sealed\..*The next assignment is ready\./);
    expect((await focused(page)).text).toBe('Next assignment');
    expect(await progressText(page)).toBe(`1 of ${pendingIds.length} scored`);
    await screenshot(page, 'readers-assignment-sealed', { narrow: true });
    const stored = await call<BlindAssignment>('GET', `/assignments/${firstId}`, token);
    expect(stored.status).toBe('scored');
    expect(Object.fromEntries(stored.rubric.map((row) => [row.title, stored.myScore!.levels[row.key]]))).toEqual(chosen);
    expect(stored.myScore!.levels[firstRow.key]).toBe(chosen[firstRow.title]);

    // Enter on the focused offer opens the next assignment.
    await page.keyboard.press('Enter');
    await page.waitForURL(`${dashboard.base}/assignments/${secondId}`);
    await shown(page, page.getByRole('heading', { name: `Assignment ${secondId}` }));
    expect(await progressText(page)).toBe(`1 of ${pendingIds.length} scored`);

    // At 390 px the evidence stays pinned in view while the last row is scored, and nothing scrolls sideways.
    await page.setViewportSize(NARROW);
    const evidence = page.getByRole('region', { name: 'Evidence' });
    const second = await call<BlindAssignment>('GET', `/assignments/${secondId}`, token);
    const lastRow = page.getByRole('group', { name: second.rubric.at(-1)!.title });
    await lastRow.locator('input[type="radio"]').first().focus();
    await lastRow.scrollIntoViewIfNeeded();
    expect(await page.evaluate<number>('window.scrollY'), 'the page scrolled down to the last row').toBeGreaterThan(300);
    const pane = await box(evidence);
    expect(pane.top, 'the evidence is at the top of the screen').toBeGreaterThanOrEqual(0);
    expect(pane.bottom, 'the evidence is on screen').toBeLessThanOrEqual(NARROW.height);
    expect(pane.height, 'the evidence shows some of its text').toBeGreaterThan(40);
    expect(pane.height, 'the evidence leaves most of the screen to the form').toBeLessThan(NARROW.height / 2);
    const focusedRadio = await box(lastRow.locator('input[type="radio"]').first());
    expect(focusedRadio.top, 'the focused level is not hidden under the evidence').toBeGreaterThanOrEqual(pane.bottom);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'readers-assignment-scrolled-390.png') });
    // folded to its heading, it gives the form the screen back
    await page.getByRole('button', { name: 'Hide the evidence' }).click();
    expect(await evidence.count()).toBe(0);
    await page.getByRole('button', { name: 'Show the evidence' }).click();
    await evidence.waitFor();

    // The second one with number keys too, at 390 px: then the queue is empty.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.getByRole('heading', { name: `Assignment ${secondId}` }).focus();
    await scoreWithNumberKeys(page, second, () => 0);
    await submitAndConfirm(page);
    expect(await progressText(page)).toBe(`2 of ${pendingIds.length} scored`);
    await page.setViewportSize(WIDE);
    if (pendingIds.length === 2) {
      expect(await text(page.getByRole('status'))).toContain('Nothing else waits for your score.');
      await shown(page, page.getByText('Your queue is empty: nothing else waits for your score.'));
    }
    await page.close();
  }, 120_000);

  it('the adjudicator records a case (descriptors shown, agreed rows folded), takes the next case, and finds the first among the cases recorded', async () => {
    requireBrowser();
    const page = await newPage();
    await signIn(page, 'adjudicator@demo.concord');
    await page.waitForURL(`${dashboard.base}/adjudications`);
    await shown(page, page.getByRole('button', { name: 'Take the next case' }));
    expect(await text(page.locator('main'))).toContain('6 submissions wait for adjudication.');
    await shown(page, page.getByRole('region', { name: 'Cases you recorded' }).getByRole('table'));
    await expectNoSeriousAxeViolations(page, 'Adjudications');
    await screenshot(page, 'readers-adjudications', { narrow: true });

    await page.getByRole('button', { name: 'Take the next case' }).click();
    await page.waitForURL(/\/adjudications\/\d+$/);
    const caseId = Number(new URL(page.url()).pathname.split('/').pop());
    await shown(page, page.getByRole('heading', { name: `Adjudicate submission ${caseId}` }));
    const adjudicator = await tokenFor('adjudicator@demo.concord');
    const theCase = await call<{ rubric: { key: string; title: string; levels: { label: string; descriptor: string }[] }[]; disagreeingRowKeys: string[] }>(
      'GET',
      `/adjudications/${caseId}`,
      adjudicator,
    );
    const disagreeing = theCase.rubric.filter((row) => theCase.disagreeingRowKeys.includes(row.key));
    const agreeing = theCase.rubric.filter((row) => !theCase.disagreeingRowKeys.includes(row.key));
    expect(disagreeing.length).toBeGreaterThan(0);
    expect(agreeing.length).toBeGreaterThan(0);

    // Agreeing rows are folded to a summary line; disagreeing rows are open.
    for (const row of agreeing) {
      const region = page.getByRole('region', { name: row.title });
      expect(await region.getByRole('button', { name: row.title }).getAttribute('aria-expanded')).toBe('false');
      expect(await text(region)).toMatch(/Both readers: .+\. Final level: .+\./);
      expect(await region.getByRole('radio').count()).toBe(0);
    }
    const folded = page.getByRole('region', { name: agreeing[0]!.title });
    await folded.getByRole('button', { name: agreeing[0]!.title }).click();
    expect(await folded.getByRole('radio', { checked: true }).count()).toBe(1);
    await folded.getByRole('button', { name: agreeing[0]!.title }).click();

    // Each final-level choice shows its descriptor.
    for (const row of disagreeing) {
      const region = page.getByRole('region', { name: row.title });
      for (const level of row.levels.filter((candidate) => candidate.descriptor)) {
        expect(await region.getByText(level.descriptor, { exact: true }).isVisible()).toBe(true);
        const radio = region.getByRole('radio', { name: new RegExp(`^${level.label}`) });
        const describedBy = (await radio.getAttribute('aria-describedby'))!;
        expect(await text(page.locator(`[id="${describedBy}"]`))).toBe(level.descriptor);
      }
    }
    await expectNoSeriousAxeViolations(page, 'an adjudication');
    await screenshot(page, 'readers-adjudication', { narrow: true });

    // Reader A's level on every disagreeing row, with a reason.
    const finals: Record<string, string> = {};
    for (const row of disagreeing) {
      const region = page.getByRole('region', { name: row.title });
      const choice = region.getByRole('radio', { name: /chosen by reader A/ });
      await choice.check();
      // the level's own label is the first part of the radio's name
      const labelId = (await choice.getAttribute('aria-labelledby'))!.split(' ')[0]!;
      finals[row.title] = await text(page.locator(`[id="${labelId}"]`));
      await region.getByLabel(/Reason for the disagreement/).selectOption('evidence_ambiguous');
    }
    await page.getByRole('button', { name: 'Record the final levels' }).click();
    await shown(page, page.getByRole('heading', { name: 'Final levels' }));
    expect(await text(page.getByRole('status'))).toContain('The adjudication is recorded.');
    expect((await focused(page)).text).toBe('Next case');
    expect(await text(page.getByRole('group', { name: 'The queue' }))).toContain('5 cases wait');
    await screenshot(page, 'readers-adjudication-recorded', { narrow: true });

    // Next case: another case, claimed and opened.
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => /\/adjudications\/\d+$/.test(url.pathname) && url.pathname !== `/adjudications/${caseId}`);
    const nextId = Number(new URL(page.url()).pathname.split('/').pop());
    await shown(page, page.getByRole('heading', { name: `Adjudicate submission ${nextId}` }));
    expect(nextId).not.toBe(caseId);

    // The recorded case heads the list of cases recorded, with its final levels.
    await page.getByRole('link', { name: '← Adjudications' }).click();
    await page.waitForURL(`${dashboard.base}/adjudications`);
    await shown(page, page.getByText('5 submissions wait for adjudication.'));
    const recorded = page.getByRole('region', { name: 'Cases you recorded' });
    const newest = recorded.getByRole('row').nth(1);
    await shown(page, newest.getByRole('link', { name: `Submission ${caseId}` }));
    const line = await text(newest);
    for (const [title, label] of Object.entries(finals)) expect(line).toContain(`${title}: ${label}`);
    expect(line).toContain('≠ readers disagreed');
    expect(line).toContain(String(new Date().getFullYear()));
    await expectNoSeriousAxeViolations(page, 'Adjudications, with a case recorded');
    await screenshot(page, 'readers-adjudications-recorded', { narrow: true });

    // It opens read-only, and the walk raised no script error.
    await newest.getByRole('link', { name: `Submission ${caseId}` }).click();
    await shown(page, page.getByRole('heading', { name: 'Final levels' }));
    expect(dashboard.pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
});
