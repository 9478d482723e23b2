import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { reportFixture, signInAs, stubFetch } from './report-fixture.test-support';
import ReportView from './ReportView.svelte';

const REPORT = '/api/credentials/1/rubric-versions/1/report';

function open(search = '') {
  history.replaceState(null, '', `/credentials/1/versions/1/report${search}`);
  router.sync();
  return render(ReportView, { props: { credentialId: 1, version: 1 } });
}

/** The rubric rows in the order the table shows them, by key. */
function shownOrder(container: HTMLElement): string[] {
  return [...container.querySelectorAll('tbody.rubric-row')].map((body) => body.getAttribute('data-key') ?? '');
}

async function loaded() {
  await screen.findByRole('button', { name: /Quality of the scoring tool/ });
}

describe('ReportView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['researcher']);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('reads the report of the version and heads it with the credential, the window and the threshold', async () => {
    const { calls } = stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    open();
    expect(await screen.findByRole('heading', { level: 1, name: 'Performance Assessment Design' })).toBeTruthy();
    expect(calls[0]!.url).toBe(REPORT);
    expect(calls[0]!.headers.Authorization).toBe('Bearer tok-test');
    expect(document.body.textContent).toContain('50 of 50 study submissions fully scored.');
    expect(document.body.textContent).toContain('Threshold 80% agreement');
    expect(document.body.textContent).toContain('3 rows: 1 validated, 1 meets the rule but not demonstrated, 1 needs revision.');
  });

  it('heads the report with one decision for the version, naming the row to revise', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const { container } = open();
    await loaded();
    const banner = container.querySelector<HTMLElement>('.banner')!;
    expect(banner.querySelector('.headline')?.textContent).toBe('Version 1 is not ready: revise Quality of the scoring tool; 1 row passes but is not yet conclusive.');
    expect(banner.dataset.tone).toBe('bad');
    // the banner comes before the table
    expect(banner.compareDocumentPosition(container.querySelector('table.rows')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('says a version is validated when every row is, and counts the rows', async () => {
    const fixture = reportFixture();
    const rows = fixture.rows.map((row) => ({ ...row, decision: 'validated' as const }));
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: { ...fixture, rows } } });
    const { container } = open();
    await loaded();
    expect(container.querySelector('.banner .headline')?.textContent).toBe('Version 1 is validated: all 3 rows demonstrated.');
    expect(container.querySelector('.banner .counts')?.textContent).toBe('3 rows: 3 validated.');
  });

  it('says it is too early to call while the window collects', async () => {
    const fixture = reportFixture();
    const rows = fixture.rows.map((row) => ({ ...row, decision: 'too_early' as const }));
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: { ...fixture, window: { ...fixture.window, status: 'collecting' as const, fullyScored: 12 }, rows } } });
    const { container } = open();
    await loaded();
    expect(container.querySelector('.banner .headline')?.textContent).toBe('Collecting: 12 of 50 submissions; too early to call.');
  });

  it('says when the window’s readers were not yet certified, and nothing when they were', async () => {
    const fixture = reportFixture();
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: { ...fixture, window: { ...fixture.window, readersCertified: false } } } });
    open();
    await screen.findByRole('heading', { level: 1, name: 'Performance Assessment Design' });
    expect(document.body.textContent).toContain('The readers were not yet certified');
  });

  it('says nothing of certification when the window’s readers had to be certified', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    open();
    await screen.findByRole('heading', { level: 1, name: 'Performance Assessment Design' });
    expect(document.body.textContent).not.toContain('not yet certified');
  });

  it('lists the rows in rubric order, then by agreement lowest or highest first, keeping the order in the URL', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const { container } = open();
    await loaded();
    expect(shownOrder(container)).toEqual(['learning_targets', 'scoring_tool', 'success_criteria']);

    await fireEvent.click(screen.getByRole('button', { name: 'Lowest agreement first' }));
    expect(shownOrder(container)).toEqual(['scoring_tool', 'learning_targets', 'success_criteria']);
    expect(new URLSearchParams(location.search).get('sort')).toBe('agreement');
    expect(screen.getByRole('button', { name: 'Lowest agreement first' }).getAttribute('aria-pressed')).toBe('true');

    await fireEvent.click(screen.getByRole('button', { name: 'Highest agreement first' }));
    expect(shownOrder(container)).toEqual(['success_criteria', 'learning_targets', 'scoring_tool']);

    await fireEvent.click(screen.getByRole('button', { name: 'Rubric order' }));
    expect(shownOrder(container)).toEqual(['learning_targets', 'scoring_tool', 'success_criteria']);
    expect(location.search).toBe('');
  });

  it('opens sorted by agreement when the link says so', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const { container } = open('?sort=agreement');
    await loaded();
    expect(shownOrder(container)).toEqual(['scoring_tool', 'learning_targets', 'success_criteria']);
  });

  it('shows each row’s numbers: agreement with its interval, Cohen’s kappa, ordinal or nominal alpha, AC1 (each with its recommended interval when it has one) and n', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const { container } = open();
    await loaded();
    const cells = (key: string) =>
      [...container.querySelectorAll(`tbody[data-key="${key}"] tr.main td:not(.chart-cell)`)].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim());
    expect(cells('scoring_tool')).toEqual(['64% 50%–76%', '0.51 Cohen 95% interval 0.30 to 0.70', '0.81 ordinal', '0.52', '50', 'status: Needs revision']);
    expect(cells('success_criteria')).toEqual(['92% 81%–97%', '−0.04 Cohen', '−0.03 nominal', '0.91', '50', 'status: Validated']);
    // one status per row, never a verdict beside a contradicting evidence chip
    expect(cells('learning_targets')).toEqual(['86% 74%–93%', '0.80 Cohen', '0.93 ordinal', '0.82', '50', 'status: Meets rule, not demonstrated about 272 more to settle']);
    for (const body of container.querySelectorAll('tbody.rubric-row')) expect(body.querySelectorAll('.chip')).toHaveLength(1);
    const dot = within(container.querySelector('tbody[data-key="scoring_tool"]')!).getByRole('img');
    expect(dot.getAttribute('aria-label')).toBe('Quality of the scoring tool: Agreement 64%, interval 50% to 76%, threshold 80%: interval below the threshold.');
  });

  it('writes each note once below the table, with numbered markers on the rows it concerns', async () => {
    const fixture = reportFixture();
    const straddles = (low: string, high: string, more: number) =>
      `With 50 submissions scored twice, the 95% interval of agreement (${low} to ${high}) straddles the 80% threshold: agreement meets the rule, but the data do not yet demonstrate it. If agreement goes on at 86%, about ${more} more paired submissions would settle it as validated with 80% probability.`;
    const rows = fixture.rows.map((row, index) => ({ ...row, notes: index === 2 ? row.notes : [straddles(`7${index}%`, '94%', 100 + index), ...row.notes] }));
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: { ...fixture, rows } } });
    const { container } = open();
    await loaded();
    const markers = (key: string) => [...container.querySelectorAll(`tbody[data-key="${key}"] .note-ref`)].map((a) => [a.textContent, a.getAttribute('href')]);
    expect(markers('learning_targets')).toEqual([
      ['note 1', '#note-1'],
      ['note 2', '#note-2'],
    ]);
    expect(markers('scoring_tool')).toEqual([
      ['note 1', '#note-1'],
      ['note 3', '#note-3'],
    ]);
    expect(markers('success_criteria')).toEqual([['note 4', '#note-4']]);
    const footnotes = [...container.querySelectorAll('ol.footnotes > li')];
    expect(footnotes.map((li) => li.id)).toEqual(['note-1', 'note-2', 'note-3', 'note-4']);
    // the shared note once, its rows listed under it with their own numbers
    expect(document.body.textContent?.match(/95% interval of agreement straddles the 80% threshold/g)).toHaveLength(1);
    expect([...footnotes[0]!.querySelectorAll('.note-rows > li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Alignment to learning targets: interval 70% to 94%, about 100 more',
      'Quality of the scoring tool: interval 71% to 94%, about 101 more',
    ]);
    expect(footnotes[3]!.textContent).toContain('This is the kappa paradox');
    // no note is left inside the table
    expect(container.querySelector('table.rows')?.textContent).not.toContain('kappa paradox');
  });

  it('focuses the interval axis on the rows’ intervals, shades the pass band and explains the colours', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const { container } = open();
    await loaded();
    const axis = container.querySelector<HTMLElement>('thead .percent-axis')!;
    // the lowest bound is 50%: the axis runs from 40% to 100%
    expect(axis.dataset.from).toBe('0.4');
    expect(axis.dataset.to).toBe('1');
    expect([...axis.querySelectorAll('.tick')].map((tick) => tick.textContent)).toContain('40%');
    expect(axis.querySelector('.band')).not.toBeNull();
    const dots = [...container.querySelectorAll('tbody.rubric-row svg.interval-dot')];
    expect(dots.map((dot) => dot.getAttribute('class')?.match(/tone-(\w+)/)?.[1])).toEqual(['warn', 'bad', 'good']);
    for (const dot of dots) expect(dot.querySelector('rect.band')).not.toBeNull();
    const legend = container.querySelector('.legend')!.textContent!.replace(/\s+/g, ' ');
    expect(legend).toContain('Validated: the whole interval at or above 80%');
    expect(legend).toContain('Meets rule, not demonstrated:');
    expect(legend).toContain('Needs revision: agreement below 80%');
    expect(legend).toContain('shaded: the pass band, at or above 80%');
  });

  it('shows every row’s trend side by side on shared scales, each with a text alternative', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const { container } = open();
    await loaded();
    const multiples = [...container.querySelectorAll<HTMLElement>('.trend-multiples figure')];
    expect(multiples.map((figure) => figure.dataset.key)).toEqual(['learning_targets', 'scoring_tool', 'success_criteria']);
    const labels = multiples.map((figure) => figure.querySelector('svg')!.getAttribute('aria-label'));
    expect(labels[1]).toMatch(/^Quality of the scoring tool: agreement over submissions\. 12 submissions in order\. Cumulative agreement 66% after submission 12/);
    expect(labels[0]).toContain('No scored submissions yet.');
    expect(multiples[1]!.querySelector('figcaption')?.textContent).toContain('Needs revision');
    expect(multiples[1]!.querySelector('path.cumulative')?.getAttribute('d')).toMatch(/^M/);
  });

  it('marks the row that needs revision, and only that row', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const { container } = open();
    await loaded();
    const failing = container.querySelector('tbody[data-key="scoring_tool"]')!;
    expect(failing.classList.contains('needs-revision')).toBe(true);
    expect(within(failing as HTMLElement).getByText('Needs revision')).toBeTruthy();
    for (const key of ['learning_targets', 'success_criteria']) {
      const body = container.querySelector(`tbody[data-key="${key}"]`)!;
      expect(body.classList.contains('needs-revision')).toBe(false);
      expect(body.textContent).not.toContain('Needs revision');
    }
  });

  it('shows one provisional status per row while the window collects', async () => {
    const fixture = reportFixture();
    const decisions = ['too_early', 'likely_needs_revision', 'undetermined'] as const;
    const collecting = {
      ...fixture,
      window: { ...fixture.window, status: 'collecting' as const, fullyScored: 25 },
      summary: { ...fixture.summary, validated: 0, meetsRuleNotDemonstrated: 0, needsRevision: 0, tooEarly: 1, likelyNeedsRevision: 1, undetermined: 1 },
      rows: fixture.rows.map((row, index) => ({ ...row, decision: decisions[index]!, early_signal: decisions[index]!, more_submissions: null })),
    };
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: collecting } });
    const { container } = open();
    await loaded();
    const status = (key: string) => container.querySelector(`tbody[data-key="${key}"] td.verdict`)?.textContent?.replace(/\s+/g, ' ').trim();
    expect(status('learning_targets')).toBe('provisional status: Too early to tell');
    expect(status('scoring_tool')).toBe('provisional status: Likely needs revision');
    expect(status('success_criteria')).toBe('provisional status: Undetermined so far');
    expect(screen.getByRole('columnheader', { name: 'Status so far' })).toBeTruthy();
    expect(document.body.textContent).toContain('1 likely needs revision, 1 undetermined so far, 1 too early to tell');
    expect(document.body.textContent?.replace(/\s+/g, ' ')).toContain('too early before 20 submissions scored twice');
  });

  it('opens a row’s detail (trend, heatmap, the split in words) from its title, and names the row in the URL', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const { container } = open();
    await loaded();
    // as in the app, which follows Back and Forward
    const stop = router.start();
    onTestFinished(stop);
    expect(container.querySelector('tr.detail')).toBeNull();

    const toggle = screen.getByRole('button', { name: /Quality of the scoring tool/ });
    await fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(new URLSearchParams(location.search).get('row')).toBe('scoring_tool');

    const detail = container.querySelector<HTMLElement>('#detail-scoring_tool')!;
    expect(detail).not.toBeNull();
    expect(detail.querySelector('.trend-chart svg path.cumulative')?.getAttribute('d')).toMatch(/^M/);
    expect(detail.querySelector('.trend-chart svg line.closed')).not.toBeNull();
    expect(detail.querySelectorAll('.heatmap svg rect.cell')).toHaveLength(16);
    expect([...detail.querySelectorAll('.heatmap svg text.level-label title')].map((t) => t.textContent)).toContain('Developing');
    expect(within(detail).getByText('Readers split between 2 (Developing) and 3 (Proficient) 13 times; adjudication settled at level 2 in 13 cases.')).toBeTruthy();
    expect(within(detail).getByText('Readers split between 3 (Proficient) and 4 (Exemplary) 5 times; adjudication settled at level 3 in 2 cases, at level 4 in 3 cases.')).toBeTruthy();
    expect(detail.textContent).toContain('Rubric unclear');
    expect(detail.textContent).toContain('Levels 2 and 3 both say the tool is clear.');
    expect(detail.textContent).toContain('A scoring tool exists but its levels are vague.');

    await fireEvent.click(toggle);
    await waitFor(() => expect(container.querySelector('#detail-scoring_tool')).toBeNull());
    expect(new URLSearchParams(location.search).get('row')).toBeNull();
  });

  it('opens the row a link names', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const { container } = open('?row=scoring_tool');
    await loaded();
    expect(container.querySelector('#detail-scoring_tool .heatmap svg')).not.toBeNull();
    expect(screen.getByRole('button', { name: /Quality of the scoring tool/ }).getAttribute('aria-expanded')).toBe('true');
  });

  it('downloads the CSV from ?format=csv with the token, saved under the API’s file name', async () => {
    const { calls } = stubFetch({
      [`GET ${REPORT}`]: { status: 200, body: reportFixture() },
      [`GET ${REPORT}?format=csv`]: { status: 200, text: 'criterion,title\nscoring_tool,Quality\n', type: 'text/csv' },
    });
    const created = vi.fn((blob: Blob) => (void blob, 'blob:report'));
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
    const clicks: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ download: this.download, href: this.href });
    });
    open();
    await loaded();

    await fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(clicks).toHaveLength(1));
    const csvCall = calls.find((call) => call.url.includes('format=csv'))!;
    expect(csvCall.url).toBe(`${REPORT}?format=csv`);
    expect(csvCall.headers.Authorization).toBe('Bearer tok-test');
    expect(clicks[0]).toEqual({ download: 'report-credential-1-v1.csv', href: 'blob:report' });
    expect(await created.mock.calls[0]![0].text()).toBe('criterion,title\nscoring_tool,Quality\n');
  });

  it('keeps several rows open at once; opening the first is one history entry, so Back closes them', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const { container } = open();
    await loaded();
    const stop = router.start();
    try {
      const before = history.length;
      await fireEvent.click(screen.getByRole('button', { name: /Quality of the scoring tool/ }));
      expect(history.length).toBe(before + 1);
      await fireEvent.click(screen.getByRole('button', { name: /Alignment to learning targets/ }));
      expect(history.length).toBe(before + 1);
      expect(new URLSearchParams(location.search).get('row')).toBe('scoring_tool,learning_targets');
      expect(container.querySelectorAll('tr.detail')).toHaveLength(2);

      // sorting keeps the rows open and adds no entry either
      await fireEvent.click(screen.getByRole('button', { name: 'Lowest agreement first' }));
      expect(history.length).toBe(before + 1);
      expect(container.querySelectorAll('tr.detail')).toHaveLength(2);

      history.back();
      await waitFor(() => expect(container.querySelectorAll('tr.detail')).toHaveLength(0));
      expect(new URLSearchParams(location.search).get('row')).toBeNull();
    } finally {
      stop();
    }
  });

  it('closing the last open row goes back over the entry its opening made', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    open();
    await loaded();
    const back = vi.spyOn(history, 'back');
    const toggle = screen.getByRole('button', { name: /Quality of the scoring tool/ });
    await fireEvent.click(toggle);
    await fireEvent.click(toggle);
    expect(back).toHaveBeenCalledTimes(1);
  });

  it('says which version does not exist, links to those that do and back, and does not retry a 404', async () => {
    const { calls } = stubFetch({
      'GET /api/credentials/1/rubric-versions/9/report': { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'credential 1 has no rubric version 9', code: 'not_found' } },
      'GET /api/credentials/1': {
        status: 200,
        body: { id: 1, title: 'Performance Assessment Design', description: '', createdAt: '2026-01-01T00:00:00.000Z', latestVersion: 2, versions: [{ version: 1 }, { version: 2 }] },
      },
    });
    history.replaceState(null, '', '/credentials/1/versions/9/report');
    router.sync();
    render(ReportView, { props: { credentialId: 1, version: 9 } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Version 9 of Performance Assessment Design does not exist' })).toBeTruthy();
    expect(document.body.textContent).toContain('Its versions are 1 and 2.');
    expect(screen.getByRole('link', { name: 'Report of version 2' }).getAttribute('href')).toBe('/credentials/1/versions/2/report');
    expect(screen.getByRole('link', { name: 'Back to the credentials' }).getAttribute('href')).toBe('/');
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(document.body.textContent).not.toContain('Credential 1');
    expect(calls.filter((call) => call.url.endsWith('/report'))).toHaveLength(1);
  });

  it('says a credential does not exist', async () => {
    stubFetch({
      'GET /api/credentials/5/rubric-versions/1/report': { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'no credential 5', code: 'not_found' } },
      'GET /api/credentials/5': { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'no credential 5', code: 'not_found' } },
    });
    history.replaceState(null, '', '/credentials/5/versions/1/report');
    router.sync();
    render(ReportView, { props: { credentialId: 5, version: 1 } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Credential 5 does not exist' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('offers to try again when the report failed for another reason', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'the database is locked' } } });
    open();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the database is locked');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('prints the full report with every row’s detail and every comment, whichever rows are open', async () => {
    const fixture = reportFixture();
    const comments = Array.from({ length: 9 }, (_, i) => ({ sequence: i + 1, reader: 'A', level: 2, comment: `Comment number ${i + 1}.` }));
    const rows = fixture.rows.map((row) => (row.criterion === 'learning_targets' ? { ...row, comments } : row));
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: { ...fixture, rows } } });
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const { container } = open('?row=scoring_tool');
    await loaded();
    expect(container.querySelector('.print-details')).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Print full report' }));
    expect(print).toHaveBeenCalledTimes(1);
    expect(container.querySelector('.report-view')?.getAttribute('data-print')).toBe('full');
    const details = container.querySelector('.print-details')!;
    expect([...details.querySelectorAll('h3')].map((h) => h.textContent)).toEqual([
      'Alignment to learning targets: where readers disagree',
      'Quality of the scoring tool: where readers disagree',
      'Success criteria shared with students: where readers disagree',
    ]);
    // every comment is in the printed detail (the screen shows six until asked)
    for (const comment of comments) expect(details.textContent).toContain(comment.comment);
    // the open row is not printed twice
    expect(container.querySelector('tr.detail')).toBeNull();

    window.dispatchEvent(new Event('afterprint'));
    await waitFor(() => expect(container.querySelector('.print-details')).toBeNull());
    expect(container.querySelector('tr.detail')).not.toBeNull();
  });

  it('prints the full report from the browser’s own print command too', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const { container } = open();
    await loaded();
    window.dispatchEvent(new Event('beforeprint'));
    expect(container.querySelectorAll('.print-details .row-detail')).toHaveLength(3);
    window.dispatchEvent(new Event('afterprint'));
  });

  it('prints a one-page summary on request', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const { container } = open();
    await loaded();
    await fireEvent.click(screen.getByRole('button', { name: 'Print summary' }));
    expect(print).toHaveBeenCalledTimes(1);
    expect(container.querySelector('.report-view')?.getAttribute('data-print')).toBe('summary');
    expect(container.querySelector('.print-details')).toBeNull();
    // what the summary leaves out is marked so, the banner and the rows are not
    expect(container.querySelector('.multiples')?.classList.contains('full-only')).toBe(true);
    expect(container.querySelector('.banner')?.classList.contains('full-only')).toBe(false);
    expect(container.querySelector('.footnotes-section')?.classList.contains('full-only')).toBe(false);
    window.dispatchEvent(new Event('afterprint'));
  });
});
