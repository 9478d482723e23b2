/**
 * The validation report walked in Chromium, as a researcher reads it: the decision banner, the
 * footnotes, the interval axis focused on the data, the small multiples, Back after opening rows,
 * a version that does not exist, and the two printouts (the full report and the one-page summary,
 * made into PDFs by Chromium). The harness (server, browser, screenshots, axe) is
 * test/support/browser.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { call, dashboard, expectNoSeriousAxeViolations, newPage, requireBrowser, screenshot, shown, signIn, text, tokenFor, useDemoDashboard } from './support/browser.js';

const RESEARCHER = 'researcher@demo.concord';
const PDFS = join('test-output', 'pdf');
const report1Title = 'Performance Assessment Design';

interface ReportRow {
  criterion: string;
  title: string;
  decision: string;
  notes: string[];
  evidence_interval: [number, number] | null;
  comments: { comment: string }[];
  adjudication_notes: { note: string }[];
}
interface Report {
  credentialTitle: string;
  window: { status: string; awaitingAdjudication: number };
  rows: ReportRow[];
}

async function reportOf(version: number): Promise<Report> {
  return call<Report>('GET', `/credentials/1/rubric-versions/${version}/report`, await tokenFor(RESEARCHER));
}

/** Pages of a PDF that Chromium made: its page objects (`/Type /Page`, not `/Pages`). */
function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

/** Replaces the browser's print dialog, which a headless page cannot show, by a counter. */
async function catchPrint(page: Page): Promise<void> {
  await page.evaluate<void>('window.__printed = 0; window.print = () => { window.__printed += 1; }');
}

async function openReport(page: Page, version: number): Promise<void> {
  await page.goto(`${dashboard.base}/credentials/1/versions/${version}/report`);
  await shown(page, page.locator('.banner'));
}

/** Runs axe's heading-order rule alone (a moderate one, which the serious-or-critical check lets pass). */
async function headingOrderViolations(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`axe.run(document, { runOnly: ['heading-order'] }).then((r) => r.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' '))))`);
}

describe('the validation report in Chromium', () => {
  useDemoDashboard();

  it('a researcher reads version 1 at a glance: one decision, footnotes once, an axis on the data, every row’s trend', async () => {
    requireBrowser();
    const report = await reportOf(1);
    const page = await newPage();
    await signIn(page, RESEARCHER);
    await openReport(page, 1);

    // The banner: the decision for the version, then one count per decision adding up to the rows.
    expect(await text(page.locator('.banner .headline'))).toBe('Version 1 is not ready: revise Quality of the scoring tool; 3 rows pass but are not yet conclusive.');
    expect(await text(page.locator('.banner .counts'))).toBe('6 rows: 2 validated, 3 meet the rule but not demonstrated, 1 needs revision.');
    // one status per row
    for (const row of report.rows) expect(await page.locator(`tbody[data-key="${row.criterion}"] .chip`).count()).toBe(1);

    // Notes: each kind once below the table, a marker per note on its row, none lost.
    const noteCount = report.rows.reduce((sum, row) => sum + row.notes.length, 0);
    const footnotes = page.locator('ol.footnotes > li');
    expect(await footnotes.count()).toBe(3);
    expect(noteCount).toBeGreaterThan(3);
    for (const row of report.rows) expect(await page.locator(`tbody[data-key="${row.criterion}"] .note-ref`).count()).toBe(row.notes.length);
    expect((await text(page.locator('main'))).match(/95% interval of agreement straddles the 80% threshold/g)).toHaveLength(1);
    expect(await text(page.locator('table.rows'))).not.toContain('Sharpening the descriptors');
    const straddling = report.rows.filter((row) => row.notes.some((note) => note.includes('straddles')));
    expect(await footnotes.nth(0).locator('.note-rows > li').count()).toBe(straddling.length);
    // a marker leads to its footnote
    await page.locator('tbody[data-key="scoring_tool"] .note-ref').first().click();
    expect(new URL(page.url()).hash).toBe('#note-2');

    // The axis runs from the tenth below the lowest bound of any interval (49%) to 100%.
    const lowest = Math.min(...report.rows.map((row) => row.evidence_interval![0]));
    expect(lowest).toBeGreaterThan(0.4);
    expect(lowest).toBeLessThan(0.5);
    const axis = page.locator('thead .percent-axis');
    expect(await axis.getAttribute('data-from')).toBe('0.4');
    const ticks = await axis.locator('.tick').allTextContents();
    expect(ticks[0]).toBe('40%');
    expect(ticks.at(-1)).toBe('100%');
    expect(ticks).not.toContain('0%');
    expect(await text(page.locator('.legend'))).toContain('shaded: the pass band, at or above 80%');

    // Small multiples: one trend per row, each an image that says its numbers.
    const multiples = page.locator('.trend-multiples figure svg[role="img"]');
    expect(await multiples.count()).toBe(report.rows.length);
    const labels = await multiples.evaluateAll((svgs) => svgs.map((svg) => svg.getAttribute('aria-label') ?? ''));
    expect(labels.map((label) => label.split(':')[0])).toEqual(report.rows.map((row) => row.title));
    // the first submissions' rolling values (over one submission, two…) are never named as the lowest
    for (const label of labels) expect(label).not.toMatch(/at submission 1\b|lowest, 0%/);
    expect(labels.join(' ')).toMatch(/Rolling agreement over 10 submissions is lowest, \d+%, over submissions \d+ to \d+\./);

    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'report-glance', { narrow: true });
    await expectNoSeriousAxeViolations(page, 'the report at a glance');
    expect(await headingOrderViolations(page)).toEqual([]);

    // The failing row opened: its detail follows the heading order, and splits are marked in its heatmap.
    await page.getByRole('button', { name: /Quality of the scoring tool/ }).click();
    const detail = page.getByRole('region', { name: /Quality of the scoring tool/ });
    await detail.waitFor();
    expect(await detail.locator('polygon.split-mark').count()).toBeGreaterThan(0);
    expect(await detail.locator('rect.diagonal').count()).toBe(4);
    expect(await text(detail)).toMatch(/adjudication settled at level \d+ in \d+ cases?/);
    expect(await text(detail)).not.toMatch(/settled on \d+ in \d+/);
    await detail.scrollIntoViewIfNeeded();
    await screenshot(page, 'report-glance-row-open', { narrow: true });
    await expectNoSeriousAxeViolations(page, 'the report with a row open');
    expect(await headingOrderViolations(page)).toEqual([]);
    expect(dashboard.pageErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it('version 2 reads as meeting the rule without demonstrating it, while adjudication goes on', async () => {
    requireBrowser();
    const report = await reportOf(2);
    const page = await newPage();
    await signIn(page, RESEARCHER);
    await openReport(page, 2);
    const pending = report.rows.filter((row) => row.decision === 'meets_rule_not_demonstrated').length;
    expect(report.rows.every((row) => row.decision === 'validated' || row.decision === 'meets_rule_not_demonstrated')).toBe(true);
    expect(await text(page.locator('.banner .headline'))).toBe(`Version 2 meets the rule but is not yet demonstrated: ${pending} of 6 rows pass but are not yet conclusive.`);
    if (report.window.status === 'adjudicating') expect(await text(page.locator('.banner .counts'))).toContain(`The window is closed; ${report.window.awaitingAdjudication} cases still await adjudication.`);
    expect(await page.locator('.trend-multiples figure').count()).toBe(report.rows.length);
    await screenshot(page, 'report-glance-v2', { narrow: true });
    await expectNoSeriousAxeViolations(page, 'the report of version 2');
    await page.close();
  }, 60_000);

  it('Back after opening rows closes them and stays on the report; Back again leaves it', async () => {
    requireBrowser();
    const page = await newPage();
    await signIn(page, RESEARCHER);
    await page.goto(`${dashboard.base}/`);
    await openReport(page, 1);
    const reportPath = '/credentials/1/versions/1/report';

    await page.getByRole('button', { name: /Quality of the scoring tool/ }).click();
    await page.getByRole('button', { name: /Alignment to learning targets/ }).click();
    expect(new URL(page.url()).searchParams.get('row')).toBe('scoring_tool,learning_targets');
    expect(await page.locator('tr.detail').count()).toBe(2);

    await page.goBack();
    await page.waitForURL((url) => url.pathname === reportPath && !url.searchParams.has('row'));
    expect(await page.locator('tr.detail').count()).toBe(0);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(report1Title);

    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/');

    // Opening a row and closing it again leaves no step behind: Back leaves the report.
    await page.goForward();
    await page.waitForURL((url) => url.pathname === reportPath);
    const toggle = page.getByRole('button', { name: /Feedback plan/ });
    await toggle.click();
    await page.waitForURL((url) => url.searchParams.get('row') === 'feedback_plan');
    await toggle.click();
    await page.waitForURL((url) => url.pathname === reportPath && !url.searchParams.has('row'));
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/');
    await page.close();
  }, 60_000);

  it('a version that does not exist says so, with links back, and offers no retry', async () => {
    requireBrowser();
    const page = await newPage();
    await signIn(page, RESEARCHER);
    await page.goto(`${dashboard.base}/credentials/1/versions/9/report`);
    const heading = page.getByRole('heading', { level: 1, name: 'Version 9 of Performance Assessment Design does not exist' });
    await shown(page, heading);
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(await text(page.locator('main'))).not.toContain('Credential 1');
    expect(await page.getByRole('link', { name: 'Report of version 1' }).getAttribute('href')).toBe('/credentials/1/versions/1/report');
    await screenshot(page, 'report-missing-version', { narrow: true });
    await expectNoSeriousAxeViolations(page, 'a version that does not exist');
    await page.getByRole('link', { name: 'Back to the credentials' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.close();
  }, 60_000);

  it('prints a one-page summary for a committee and a full report with every note, comment and row detail', async () => {
    requireBrowser();
    const report = await reportOf(1);
    const page = await newPage();
    await signIn(page, RESEARCHER);
    await openReport(page, 1);
    await catchPrint(page);
    mkdirSync(PDFS, { recursive: true });

    // The summary: one page on A4 and on Letter.
    await page.getByRole('button', { name: 'Print summary' }).click();
    expect(await page.evaluate<number>('window.__printed')).toBe(1);
    await page.emulateMedia({ media: 'print' });
    const summaryText = await page.locator('main').innerText();
    expect(summaryText).toContain('Version 1 is not ready: revise Quality of the scoring tool');
    for (const row of report.rows) expect(summaryText).toContain(row.title);
    expect(summaryText).toContain('Notes');
    expect(summaryText).not.toContain('Agreement over submissions, every row');
    await page.emulateMedia({ media: null });
    const a4 = await page.pdf({ format: 'A4' });
    writeFileSync(join(PDFS, 'report-summary-a4.pdf'), a4);
    expect(pageCount(a4)).toBe(1);
    // Chromium ends each PDF with "afterprint", which puts the page back to the full report: ask again.
    await page.getByRole('button', { name: 'Print summary' }).click();
    const letter = await page.pdf({ format: 'Letter' });
    writeFileSync(join(PDFS, 'report-summary-letter.pdf'), letter);
    expect(pageCount(letter)).toBe(1);

    // The full report: every row's detail, every comment and adjudicator's note, every footnote.
    await page.getByRole('button', { name: 'Print full report' }).click();
    expect(await page.evaluate<number>('window.__printed')).toBe(3);
    await page.emulateMedia({ media: 'print' });
    const printed = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    await page.emulateMedia({ media: null });
    for (const row of report.rows) {
      expect(printed).toContain(`${row.title}: where readers disagree`);
      for (const comment of row.comments) expect(printed, `comment of ${row.criterion}`).toContain(comment.comment.replace(/\s+/g, ' '));
      for (const note of row.adjudication_notes) expect(printed, `adjudication note of ${row.criterion}`).toContain(note.note.replace(/\s+/g, ' '));
    }
    expect(report.rows.reduce((sum, row) => sum + row.comments.length, 0)).toBeGreaterThan(6);
    expect(printed).not.toMatch(/Show all \d+/);
    expect(printed).toContain('Agreement over submissions, every row');
    const full = await page.pdf({ format: 'A4' });
    writeFileSync(join(PDFS, 'report-full-a4.pdf'), full);
    expect(pageCount(full)).toBeGreaterThan(pageCount(a4));
    expect(dashboard.pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
});

