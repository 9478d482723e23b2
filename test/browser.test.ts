/**
 * The dashboard walked in Chromium: the researcher's report, the assessor's keyboard scoring, the
 * adjudicator, imports, calibration, monitoring, a credential and its window, the admin screens.
 * The harness (server, browser, screenshots, axe) is test/support/browser.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  call,
  CLARITY_LABELS,
  CRITERIA_LABELS,
  dashboard,
  expectNoSeriousAxeViolations,
  expertPanelCsv,
  focused,
  freshCredential,
  freshStudy,
  NARROW,
  newPage,
  panelLevels,
  requireBrowser,
  screenshot,
  shown,
  signIn,
  tabTo,
  text,
  tokenFor,
  useDemoDashboard,
  type AssignmentItem,
} from './support/browser.js';

describe('the dashboard in Chromium', () => {
  useDemoDashboard();

  it('the demo server says it listens on 127.0.0.1 only, and sends its security headers with the dashboard', async () => {
    requireBrowser();
    expect(dashboard.serverOutput).toMatch(/Demo mode: listening on 127\.0\.0\.1 only/);
    const page = await fetch(`${dashboard.base}/`);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('x-powered-by')).toBeNull();
  });

  it('a researcher opens the demo report, finds the scoring-tool row needing revision, and sees its trend and heatmap drawn', async () => {
    requireBrowser();
    const page = await newPage();
    await signIn(page, 'researcher@demo.concord');
    await screenshot(page, 'credentials');
    await page.goto(`${dashboard.base}/credentials/1/versions/1/report`);

    const toggle = page.getByRole('button', { name: /Quality of the scoring tool/ });
    await toggle.waitFor();
    const row = page.getByRole('rowgroup').filter({ has: toggle });
    expect(await text(row)).toContain('Needs revision');
    await screenshot(page, 'report', { narrow: true });

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const detail = page.getByRole('region', { name: /Quality of the scoring tool/ });
    const trend = detail.getByRole('img', { name: /agreement over submissions/i });
    await trend.waitFor();
    const trendPaths = await trend.locator('path').evaluateAll((paths) => paths.map((path) => path.getAttribute('d') ?? ''));
    expect(trendPaths.filter((d) => d.length > 10).length).toBeGreaterThan(0);
    expect(await text(trend)).toMatch(/threshold 80%/);
    const heatmap = detail.getByRole('img', { name: /levels chosen/i });
    expect(await heatmap.locator('rect').count()).toBeGreaterThanOrEqual(16);
    expect(await text(heatmap)).toContain('Beginning');
    await detail.scrollIntoViewIfNeeded();
    await screenshot(page, 'report-row-open');
    await page.close();
  }, 60_000);

  it('an assessor scores an assignment with the keyboard alone, and cannot open another assessor’s assignment', async () => {
    requireBrowser();
    const page = await newPage();
    await signIn(page, 'alex.moreno@demo.concord');
    await page.waitForURL(`${dashboard.base}/my/assignments`);
    await page.getByRole('table').waitFor();
    await screenshot(page, 'my-assignments', { narrow: true });

    // From the queue to the first pending assignment: Tab to its link, Enter.
    const link = await tabTo(page, (focus) => focus.tag === 'a' && /^Score assignment \d+$/.test(focus.label), 'a "Score assignment" link');
    const assignmentId = Number(link.label.match(/\d+$/)![0]);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${dashboard.base}/assignments/${assignmentId}`);
    await page.getByRole('heading', { name: `Assignment ${assignmentId}` }).waitFor();
    const groups = await page.getByRole('group').filter({ has: page.getByRole('radio') }).count();
    expect(groups).toBeGreaterThan(1);
    await screenshot(page, 'assignment', { narrow: true });

    // Each row: Tab into its radios, then Space picks the focused level or the arrows move to another.
    const chosen: Record<string, string> = {};
    const seen = new Set<string>();
    for (let row = 0; row < groups; row++) {
      const focus = await tabTo(page, (f) => f.type === 'radio' && !seen.has(f.name), `the radios of row ${row + 1}`);
      seen.add(focus.name);
      if (row % 3 === 0) await page.keyboard.press('Space');
      else if (row % 3 === 1) await page.keyboard.press('ArrowDown');
      else {
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowUp');
      }
      const after = await focused(page);
      expect(after.checked, `row ${focus.group} has a level`).toBe(true);
      chosen[focus.group] = after.value;
    }
    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Submit score', 'the submit button');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Submit this score?' }).waitFor();
    expect((await focused(page)).text).toBe('Cancel');
    await screenshot(page, 'assignment-confirm');
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).text).toBe('Confirm');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Your sealed score' }).waitFor();
    expect(await text(page.getByRole('status'))).toContain('Your score is submitted and sealed.');
    await screenshot(page, 'assignment-sealed', { narrow: true });

    // The API holds exactly the levels chosen with the keyboard.
    const alex = await tokenFor('alex.moreno@demo.concord');
    const stored = await call<{ status: string; myScore: { levels: Record<string, string> }; rubric: { key: string; title: string }[] }>('GET', `/assignments/${assignmentId}`, alex);
    expect(stored.status).toBe('scored');
    expect(Object.fromEntries(stored.rubric.map((row) => [row.title, stored.myScore.levels[row.key]]))).toEqual(chosen);

    // Another assessor's assignment, its id taken from that assessor's own queue.
    const other = dashboard.assessorEmails.find((email) => email !== 'alex.moreno@demo.concord')!;
    const theirs = await call<{ items: AssignmentItem[] }>('GET', '/my/assignments', await tokenFor(other));
    const foreignId = theirs.items[0]!.assignmentId;
    await page.goto(`${dashboard.base}/assignments/${foreignId}`);
    await page.getByRole('heading', { name: 'This assignment is not in your queue' }).waitFor();
    expect(await page.getByRole('radio').count()).toBe(0);
    await screenshot(page, 'assignment-forbidden', { narrow: true });
    await page.close();
  }, 90_000);

  it('an adjudicator settles a disagreement: reason required, then the final levels recorded', async () => {
    requireBrowser();
    // A one-submission study scored in disagreement by its two assigned readers, all through the API.
    const { credentialId } = await freshStudy('Browser test: adjudication', 1);
    const researcher = await tokenFor('researcher@demo.concord');
    const submission = await call<{ id: number; readersAssigned: number }>('POST', `/credentials/${credentialId}/submissions`, researcher, {
      earnerName: 'Jo Earner',
      evidenceText: 'Lesson plan with a task brief and a one-line rubric.',
    });
    expect(submission.readersAssigned).toBe(2);
    const readers: { token: string; assignmentId: number }[] = [];
    for (const email of dashboard.assessorEmails) {
      const token = await tokenFor(email);
      const queue = await call<{ items: AssignmentItem[] }>('GET', '/my/assignments?status=pending&pageSize=200', token);
      const mine = queue.items.find((item) => item.credentialId === credentialId);
      if (mine) readers.push({ token, assignmentId: mine.assignmentId });
    }
    expect(readers).toHaveLength(2);
    await call('POST', `/assignments/${readers[0]!.assignmentId}/score`, readers[0]!.token, { levels: { clarity: '2', criteria: 'yes' }, comments: { clarity: 'The product is vague.' } });
    await call('POST', `/assignments/${readers[1]!.assignmentId}/score`, readers[1]!.token, { levels: { clarity: '3', criteria: 'yes' } });

    const page = await newPage();
    await signIn(page, 'adjudicator@demo.concord');
    await page.waitForURL(`${dashboard.base}/adjudications`);
    const open = page.getByRole('link', { name: `Adjudicate submission ${submission.id}` });
    await open.waitFor();
    await screenshot(page, 'adjudications', { narrow: true });
    await open.click();
    await page.getByRole('heading', { name: `Adjudicate submission ${submission.id}` }).waitFor();

    const clarity = page.getByRole('region', { name: 'Clarity of the task' });
    expect(await text(clarity)).toContain('Readers disagree');
    // The slots (A, B) are the server's draw, not the order the readers scored in: either may hold either level.
    const slots = (await text(clarity)).match(/Reader ([AB])\s*Developing\s*“The product is vague\.”.*Reader ([AB])\s*Proficient|Reader ([AB])\s*Proficient.*Reader ([AB])\s*Developing\s*“The product is vague\.”/);
    expect(slots, await text(clarity)).not.toBeNull();
    expect(new Set(slots!.slice(1).filter(Boolean))).toEqual(new Set(['A', 'B']));
    expect(await text(page.locator('main'))).not.toContain('Jo Earner');
    const criteria = page.getByRole('region', { name: 'Criteria shared' });
    expect(await text(criteria)).toContain('Readers agree');
    expect(await text(criteria)).toContain('Both readers: Shared. Final level: Shared.');
    await criteria.getByRole('button', { name: 'Criteria shared' }).click();
    expect(await criteria.getByRole('radio', { name: /^Shared/ }).isChecked()).toBe(true);
    await screenshot(page, 'adjudication', { narrow: true });

    // A level without a reason is not enough.
    await clarity.getByRole('radio', { name: /^Proficient/ }).check();
    await page.getByRole('button', { name: 'Record the final levels' }).click();
    const summary = page.getByRole('alert');
    expect(await text(summary)).toContain('Clarity of the task, reason: the readers disagree: choose a reason');
    await screenshot(page, 'adjudication-missing-reason');

    await clarity.getByLabel(/Reason for the disagreement/).selectOption('rubric_unclear');
    await clarity.getByLabel(/Note/).fill('Levels 2 and 3 both fit a named but vague product.');
    await page.getByRole('button', { name: 'Record the final levels' }).click();
    await page.getByRole('heading', { name: 'Final levels' }).waitFor();
    expect(await text(page.getByRole('status'))).toContain('The adjudication is recorded.');
    await screenshot(page, 'adjudication-recorded', { narrow: true });

    const window = await call<{ status: string }>('GET', `/credentials/${credentialId}/rubric-versions/1/validation`, researcher);
    expect(window.status).toBe('complete');
    await page.close();
  }, 90_000);

  it('a researcher imports a broken CSV and sees the line and field of each problem, then a valid one', async () => {
    requireBrowser();
    const title = 'Browser test: import';
    const { credentialId } = await freshStudy(title, 2);
    const [first, second] = dashboard.assessorEmails as [string, string];
    const page = await newPage();
    await signIn(page, 'researcher@demo.concord');
    await page.goto(`${dashboard.base}/import`);
    await page.getByLabel('Credential').selectOption({ label: title });
    const version = page.getByLabel('Rubric version');
    // polled from the test: a string predicate polled in the page is an eval, which the Content-Security-Policy refuses
    await expect.poll(() => version.locator('option:checked').textContent(), { timeout: 15_000 }).toContain('collecting');
    expect(await version.inputValue()).toBe('1');

    const lines = (rows: string[][]) => ['submission,assessor,criterion,level,comment', ...rows.map((row) => row.join(','))].join('\n') + '\n';
    const broken = lines([
      ['IMP-1', first, 'clarity', '3', ''],
      ['IMP-1', first, 'criteria', '9', 'not a level'],
      ['IMP-1', 'nobody@demo.concord', 'clarity', '2', ''],
      ['IMP-1', 'nobody@demo.concord', 'criteria', 'yes', ''],
    ]);
    const file = page.getByLabel(/^Choose (a|another) CSV file$/);
    await file.setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
    const problems = page.getByRole('table');
    await problems.waitFor();
    const cells = await problems.getByRole('row').evaluateAll((rows) =>
      rows.slice(1).map((row) => [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim())),
    );
    expect(cells).toContainEqual(['3', 'level', expect.stringContaining('level "9" is not a level of criterion "criteria"')]);
    expect(cells.some(([line, field]) => line === '4' && field === 'assessor')).toBe(true);
    expect(await page.getByRole('button', { name: 'Confirm import' }).isDisabled()).toBe(true);
    await screenshot(page, 'import-problems', { narrow: true });

    const valid = lines([
      ['IMP-1', first, 'clarity', '3', 'Clear product and audience.'],
      ['IMP-1', first, 'criteria', 'yes', ''],
      ['IMP-1', second, 'clarity', '3', ''],
      ['IMP-1', second, 'criteria', 'yes', ''],
      ['IMP-2', first, 'clarity', '2', ''],
      ['IMP-2', first, 'criteria', 'no', ''],
      ['IMP-2', second, 'clarity', '2', ''],
      ['IMP-2', second, 'criteria', 'no', ''],
    ]);
    await file.setInputFiles({ name: 'valid.csv', mimeType: 'text/csv', buffer: Buffer.from(valid) });
    const verdict = page.getByText(/No problems/);
    await shown(page, verdict);
    expect(await text(verdict)).toContain('the file would add 2 submissions with 4 scores (8 ratings)');
    await screenshot(page, 'import-dry-run');
    const confirm = page.getByRole('button', { name: 'Confirm import' });
    expect(await confirm.isEnabled()).toBe(true);
    await confirm.click();
    const done = page.getByText(/Window status after the import/);
    await done.waitFor();
    const researcher = await tokenFor('researcher@demo.concord');
    const window = await call<{ status: string; progress: { studySubmissions: number } }>('GET', `/credentials/${credentialId}/rubric-versions/1/validation`, researcher);
    expect(window.progress.studySubmissions).toBe(2);
    expect((await text(done)).toLowerCase()).toContain(window.status);
    await screenshot(page, 'import-done', { narrow: true });
    await page.close();
  }, 90_000);

  it('a trainer uploads and confirms calibration material and draws its pools; an assessor takes a qualifying set blind and then sees its feedback', async () => {
    requireBrowser();
    // A fresh credential whose numbers fit a short walk: sets of 3, anchors and practice kept small.
    const title = 'Browser test: certification';
    const { credentialId } = await freshCredential(title);
    const trainer = await tokenFor('trainer@demo.concord');
    await call('PUT', `/credentials/${credentialId}/certification-settings`, trainer, {
      policy: { setSize: 3, practiceSize: 2, anchorsPerLevel: 1, minBorderline: 0, poolShares: { qualifying: 1, calibration: 0, validity: 0 } },
    });

    // The trainer: a broken expert-panel file first (line and column of each problem), then a good one.
    const page = await newPage();
    await signIn(page, 'trainer@demo.concord');
    await page.goto(`${dashboard.base}/material?credential=${credentialId}&version=1`);
    await shown(page, page.getByText('Version 1 has no calibration material yet', { exact: false }));
    const file = page.getByLabel('Expert-panel CSV file');
    await file.setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('item,criterion,level\nCAL-X,clarity,9\nCAL-X,criteria,yes\n') });
    await page.getByRole('button', { name: 'Upload broken.csv' }).click();
    const problems = page.getByRole('table', { name: /Problems in the expert-panel file/ });
    await shown(page, problems);
    const cells = await problems.getByRole('row').evaluateAll((rows) => rows.slice(1).map((row) => [...row.querySelectorAll('td')].map((cell) => (cell.textContent ?? '').trim())));
    expect(cells).toContainEqual(['2', 'level', expect.stringContaining('"9" is not a level of clarity')]);
    expect(cells.some(([line, column]) => line === '3' && column === 'evidence_text')).toBe(true);
    await screenshot(page, 'material-file-problems', { narrow: true });

    const ITEMS = 15;
    await file.setInputFiles({ name: 'panel.csv', mimeType: 'text/csv', buffer: Buffer.from(expertPanelCsv(ITEMS)) });
    await page.getByRole('button', { name: 'Upload panel.csv' }).click();
    await shown(page, page.getByText(`${ITEMS} expert-panel items from panel.csv added as candidates.`));
    const firstCandidate = page.getByRole('link', { name: /^Confirm item \d+$/ }).first();
    await shown(page, firstCandidate);
    await screenshot(page, 'material', { narrow: true });

    // One candidate confirmed on its page: each row at the panel's level, the panel's rationale kept.
    const itemId = Number((await firstCandidate.textContent())!.match(/\d+$/)![0]);
    await firstCandidate.click();
    await page.waitForURL(`${dashboard.base}/credentials/${credentialId}/versions/1/material/${itemId}`);
    const clarityRow = page.getByRole('region', { name: 'Clarity of the task' });
    await shown(page, clarityRow);
    expect(await clarityRow.getByRole('radio', { name: /Beginning/ }).isChecked()).toBe(true);
    expect(await clarityRow.getByLabel(/Rationale/).inputValue()).toContain('Clarity is beginning');
    await screenshot(page, 'material-confirm', { narrow: true });
    await page.getByRole('button', { name: 'Confirm the item' }).click();
    await shown(page, page.getByRole('status').filter({ hasText: 'Confirmed.' }));
    const confirmed = await call<{ status: string; rows: { key: string; trueLevel: string; rationale: string | null }[] }>(
      'GET',
      `/credentials/${credentialId}/rubric-versions/1/calibration/candidates/${itemId}`,
      trainer,
    );
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.rows.find((row) => row.key === 'clarity')).toMatchObject({ trueLevel: '1', rationale: expect.stringContaining('Clarity is beginning') });

    // The other candidates through the API, then the pools drawn on the page with a seed.
    const candidates = await call<{ items: { id: number; rows: { key: string; finalLevel: string; rationale: string | null }[] }[] }>(
      'GET',
      `/credentials/${credentialId}/rubric-versions/1/calibration/candidates?status=candidate&pageSize=200`,
      trainer,
    );
    expect(candidates.items).toHaveLength(ITEMS - 1);
    for (const candidate of candidates.items) {
      await call('POST', `/credentials/${credentialId}/rubric-versions/1/calibration/candidates/${candidate.id}/confirm`, trainer, {
        levels: Object.fromEntries(candidate.rows.map((row) => [row.key, row.finalLevel])),
        rationales: Object.fromEntries(candidate.rows.map((row) => [row.key, row.rationale ?? ''])),
      });
    }
    await page.goto(`${dashboard.base}/pools?credential=${credentialId}&version=1`);
    await page.getByLabel(/Seed/).fill('browser-walk');
    await page.getByRole('button', { name: 'Draw pools' }).click();
    await shown(page, page.getByText(`${ITEMS} items drawn into the pools.`));
    expect(await text(page.getByRole('region', { name: 'Qualifying', exact: true }))).toContain('Every level of every row is covered.');
    await screenshot(page, 'pools', { narrow: true });

    // The assessor (one who never read this credential live) may now be drawn a qualifying set.
    const walker = dashboard.assessorEmails.at(-1)!;
    const list = await call<{ items: { assessorId: number; name: string }[] }>('GET', `/credentials/${credentialId}/assessors`, trainer);
    const walkerName = dashboard.serverOutput.match(new RegExp(`^\\s*assessor\\s+${walker.replace(/[.]/g, '\\.')}\\s+(.+?)\\s*$`, 'm'))![1]!;
    const walkerId = list.items.find((entry) => entry.name === walkerName)!.assessorId;
    const sets = await call<{ kind: string; available: boolean; problem: string | null }[]>('GET', `/credentials/${credentialId}/rubric-versions/1/calibration/sets?assessorId=${walkerId}`, trainer);
    expect(sets.find((set) => set.kind === 'qualifying'), JSON.stringify(sets)).toMatchObject({ available: true });

    const desk = await newPage();
    await signIn(desk, walker);
    await desk.goto(`${dashboard.base}/my/calibration`);
    const card = desk.getByRole('article', { name: title });
    await shown(desk, card);
    expect(await text(card)).toContain('In training');
    await screenshot(desk, 'my-calibration', { narrow: true });
    await card.getByRole('button', { name: 'Start a qualifying set' }).click();
    await desk.waitForURL(/\/my\/calibration\/attempts\/\d+$/);
    const attemptId = Number(new URL(desk.url()).pathname.split('/').pop());

    // Item by item with the blind form: the true levels except one clarity answer a level off, and
    // nothing about the true levels on screen until the last item is sealed.
    let total = Number.POSITIVE_INFINITY;
    for (let position = 1; position <= total; position++) {
      const heading = desk.getByRole('heading', { name: new RegExp(`^Item ${position} of \\d+$`) });
      await shown(desk, heading);
      total = Number((await heading.textContent())!.match(/of (\d+)/)![1]);
      const evidence = await text(desk.getByRole('region', { name: 'Evidence' }));
      const truth = panelLevels(Number(evidence.match(/Lesson plan (\d+)/)![1]));
      const clarity = position === 1 ? ({ '1': '2', '2': '3', '3': '2' } as Record<string, string>)[truth.clarity]! : truth.clarity;
      await desk.getByRole('group', { name: 'Clarity of the task' }).getByRole('radio', { name: CLARITY_LABELS[clarity], exact: true }).check();
      await desk.getByRole('group', { name: 'Criteria shared' }).getByRole('radio', { name: CRITERIA_LABELS[truth.criteria], exact: true }).check();
      expect(await desk.getByText('True level').count()).toBe(0);
      expect(await desk.getByText('Clarity is', { exact: false }).count()).toBe(0);
      if (position === 2) await screenshot(desk, 'qualifying-item', { narrow: true });
      await desk.getByRole('button', { name: 'Submit score' }).click();
      await desk.getByRole('dialog', { name: 'Submit this score?' }).getByRole('button', { name: 'Confirm' }).click();
    }
    expect(total).toBe(3);

    // Then the result, with why it was not passed, and each item against its true levels.
    await shown(desk, desk.getByRole('heading', { name: 'Your result' }));
    expect(await text(desk.locator('.judgement .chip').first())).toContain('Not passed');
    expect(await text(desk.locator('main'))).toContain('Exact agreement over all 6 decisions was 83%; a pass needs 85%.');
    const items = desk.getByRole('region', { name: /^Item \d$/ });
    expect(await items.count()).toBe(3);
    expect(await desk.locator('.item-feedback .chip[data-value="adjacent"]').count()).toBe(1);
    expect(await desk.locator('.item-feedback .chip[data-value="exact"]').count()).toBe(5);
    expect(await text(items.first())).toContain('Clarity is');
    await screenshot(desk, 'qualifying-feedback', { narrow: true });
    const attempt = await call<{ status: string; label: string }>('GET', `/my/calibration/attempts/${attemptId}`, await tokenFor(walker));
    expect(attempt).toMatchObject({ status: 'failed', label: 'A' });

    await desk.goto(`${dashboard.base}/my/calibration`);
    await shown(desk, desk.getByRole('article', { name: title }).getByText('Take qualifying set B', { exact: false }));
    await desk.close();

    // The trainer sees it in the assessor's timeline.
    await page.goto(`${dashboard.base}/credentials/${credentialId}/assessors/${walkerId}`);
    const timeline = page.getByRole('table', { name: 'Status timeline, oldest first' });
    await shown(page, timeline);
    expect(await text(timeline)).toContain('Did not pass qualifying set A');
    await screenshot(page, 'assessor-certification', { narrow: true });
    await page.close();
  }, 120_000);

  it('a trainer reads an assessor’s monitoring profile and an assessor their own, at 1280 and 390 px', async () => {
    requireBrowser();
    const trainer = await tokenFor('trainer@demo.concord');
    const list = await call<{ items: { assessorId: number; name: string; status: string }[] }>('GET', '/credentials/1/assessors', trainer);
    const certified = list.items.find((entry) => entry.status === 'qualified');
    expect(certified, JSON.stringify(list.items)).toBeDefined();

    const page = await newPage();
    await signIn(page, 'trainer@demo.concord');
    await page.goto(`${dashboard.base}/credentials/1/assessors/${certified!.assessorId}`);
    await shown(page, page.getByRole('heading', { level: 1, name: certified!.name }));
    await page.getByRole('navigation', { name: /certification or monitoring/ }).getByRole('link', { name: /^Monitoring/ }).click();
    await page.waitForURL(/\?tab=monitoring$/);
    await shown(page, page.getByRole('region', { name: 'Flags and findings' }));
    await shown(page, page.getByRole('img', { name: /^CUSUM on misses of / }));
    await shown(page, page.getByRole('img', { name: /^EWMA of the signed deviation of / }));
    const rasch = page.getByRole('region', { name: 'Severity and fit (many-facet Rasch)' });
    expect(await text(rasch)).toMatch(/logits|No severity estimate yet/);
    expect(await page.getByRole('heading', { name: 'Monitoring actions' }).count()).toBe(1);
    await screenshot(page, 'assessor-monitoring', { narrow: true });
    await page.close();

    const desk = await newPage();
    await signIn(desk, 'alex.moreno@demo.concord');
    await desk.goto(`${dashboard.base}/my/calibration`);
    await shown(desk, desk.getByRole('link', { name: 'My profile' }).first());
    await desk.getByRole('link', { name: 'My profile' }).first().click();
    await desk.waitForURL(/\/my\/calibration\/credentials\/\d+\/profile$/);
    await shown(desk, desk.getByRole('region', { name: 'What the checks say' }));
    await shown(desk, desk.getByRole('img', { name: /^Your CUSUM on misses/ }));
    await screenshot(desk, 'my-profile', { narrow: true });
    await desk.goto(`${dashboard.base}/my/validity-feedback`);
    await shown(desk, desk.getByRole('heading', { level: 1, name: 'Validity feedback' }));
    await screenshot(desk, 'validity-feedback', { narrow: true });
    await desk.close();
  }, 90_000);

  it('a researcher creates a credential and, once its rubric is published, opens its validation window with chosen settings, at 1280 and 390 px', async () => {
    requireBrowser();
    const title = 'Browser test: a researcher’s credential';
    const page = await newPage();
    await signIn(page, 'researcher@demo.concord');
    await page.getByRole('button', { name: 'New credential' }).click();
    const form = page.getByRole('form', { name: 'New credential' });
    await form.getByRole('button', { name: 'Create the credential' }).click();
    await shown(page, form.getByText('Cannot be empty.'));
    await expectNoSeriousAxeViolations(page, 'the new-credential form');
    await screenshot(page, 'credential-new', { narrow: true });
    await form.getByLabel('Title').fill(title);
    await form.getByLabel('Description (optional)').fill('Made by a researcher in the browser tests.');
    await form.getByRole('button', { name: 'Create the credential' }).click();
    await shown(page, page.getByRole('status').filter({ hasText: `“${title}” is created` }));

    // A designer publishes its rubric (their screen is not this walk's); the researcher opens the window.
    const researcher = await tokenFor('researcher@demo.concord');
    const list = await call<{ items: { id: number; title: string }[] }>('GET', '/credentials?pageSize=200', researcher);
    const credentialId = list.items.find((item) => item.title === title)!.id;
    const designer = await tokenFor('designer@demo.concord');
    await call('POST', `/credentials/${credentialId}/rubric-versions`, designer, {
      rows: [{ key: 'clarity', title: 'Clarity of the task', scale: 'ordinal', levels: ['1', '2', '3'].map((value) => ({ value, label: `Level ${value}` })) }],
    });
    await page.reload();
    const card = page.getByRole('article', { name: title });
    await card.getByRole('button', { name: 'Open validation window of version 1' }).click();
    const settings = card.getByRole('form', { name: 'Open the validation window of version 1' });
    await settings.getByLabel('Submissions in the study').fill('12');
    await settings.getByLabel('Readers per submission').fill('1');
    await settings.getByLabel('Agreement threshold').fill('0.75');
    await settings.getByLabel('Seed of the draw (optional)').fill('42');
    await settings.getByRole('button', { name: 'Open the window' }).click();
    await shown(page, settings.getByText('Must be at least 2.'));
    expect(await text(settings)).not.toContain('readersPerSubmission');
    await expectNoSeriousAxeViolations(page, 'the open-window form with a field message');
    await screenshot(page, 'window-settings', { narrow: true });
    await settings.getByLabel('Readers per submission').fill('2');
    await settings.getByRole('button', { name: 'Open the window' }).click();
    const line = card.locator('li.version-line[data-version="1"]');
    await shown(page, line.getByRole('progressbar', { name: /received: 0 of 12/ }));
    expect(await text(line)).toContain('threshold 75% · seed 42');
    const window = await call<{ status: string; targetSubmissions: number; readersPerSubmission: number; threshold: number; seed: number }>('GET', `/credentials/${credentialId}/rubric-versions/1/validation`, researcher);
    expect(window).toMatchObject({ status: 'collecting', targetSubmissions: 12, readersPerSubmission: 2, threshold: 0.75, seed: 42 });
    await expectNoSeriousAxeViolations(page, 'the credentials page');
    await screenshot(page, 'credentials-window-open', { narrow: true });
    await page.close();
  }, 90_000);

  it('an admin gets only the screens the API answers them, and reads the audit log filtered by an action, each admin screen at 1280 and 390 px', async () => {
    requireBrowser();
    const page = await newPage();
    await signIn(page, 'admin@demo.concord');
    const menu = page.getByRole('navigation', { name: 'Main' });
    const labels = (await menu.getByRole('link').allTextContents()).map((label) => label.trim());
    expect(labels).toContain('Admin');
    expect(labels).not.toContain('My assignments');
    expect(labels).not.toContain('Adjudications');

    await menu.getByRole('link', { name: 'Admin' }).click();
    await page.waitForURL(`${dashboard.base}/admin`);
    const adminScreens = page.getByRole('navigation', { name: 'Admin screens' });
    for (const [name, ready] of [
      ['Users', page.getByRole('rowheader', { name: 'Sol Admin' })],
      ['Credentials and versions', page.getByRole('article', { name: 'Performance Assessment Design' })],
      ['Validation windows', page.getByRole('link', { name: 'Performance Assessment Design, version 1' })],
      ['Conflicts of interest', page.getByRole('cell', { name: /Northfield Middle School/ })],
    ] as const) {
      await adminScreens.getByRole('link', { name }).click();
      await shown(page, ready);
      await expectNoSeriousAxeViolations(page, name);
      await screenshot(page, `admin-${name.toLowerCase().replace(/ /g, '-')}`, { narrow: true });
    }

    await adminScreens.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${dashboard.base}/audit`);
    await shown(page, page.getByRole('table'));
    await page.getByLabel('Action').fill('validation_window.opened');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\/audit\?action=validation_window\.opened$/);
    await shown(page, page.getByRole('status').filter({ hasText: /entr(y|ies) · validation_window\.opened/ }));
    const actions = await page.locator('tbody tr td:nth-of-type(3)').allTextContents();
    expect(actions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(actions.map((action) => action.trim()))).toEqual(new Set(['validation_window.opened']));
    await expectNoSeriousAxeViolations(page, 'the audit log');
    await screenshot(page, 'audit-filtered', { narrow: true });

    // A name in the log narrows it to what that person did.
    await page.getByRole('link', { name: /^Dev Arora/ }).first().click();
    await page.waitForURL(/actor=\d+/);
    await shown(page, page.getByRole('status').filter({ hasText: 'by Dev Arora' }));
    await page.close();
  }, 120_000);

  it('the assessor-pair heatmap shows every assessor at 390 px without scrolling', async () => {
    requireBrowser();
    const page = await newPage(NARROW);
    await signIn(page, 'researcher@demo.concord');
    await page.goto(`${dashboard.base}/assessors`);
    const heatmap = page.locator('.pairwise-heatmap');
    await shown(page, heatmap.locator('svg'));
    const [drawn, box] = await page.evaluate<[number, number]>(
      `(() => { const figure = document.querySelector('.pairwise-heatmap'); return [Number(figure.querySelector('svg').getAttribute('width')), figure.clientWidth]; })()`,
    );
    expect(drawn, 'the matrix is wider than its box').toBeLessThanOrEqual(box);
    expect(await heatmap.locator('text.name').count()).toBe(16);
    await screenshot(page, 'assessors-pairwise-390');
    await page.close();
  }, 60_000);

  it('raised no uncaught error in any page', () => {
    requireBrowser();
    expect(dashboard.pageErrors).toEqual([]);
  });
});
