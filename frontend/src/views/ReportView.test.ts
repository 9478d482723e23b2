import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
    expect(container.querySelector('tbody[data-key="success_criteria"] tr.notes')?.textContent).toContain('This is the kappa paradox.');
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
    expect(within(detail).getByText('Readers split between 2 (Developing) and 3 (Proficient) 13 times; adjudication settled on 2 in 13.')).toBeTruthy();
    expect(within(detail).getByText('Readers split between 3 (Proficient) and 4 (Exemplary) 5 times; adjudication settled on 3 in 2, on 4 in 3.')).toBeTruthy();
    expect(detail.textContent).toContain('Rubric unclear');
    expect(detail.textContent).toContain('Levels 2 and 3 both say the tool is clear.');
    expect(detail.textContent).toContain('A scoring tool exists but its levels are vague.');

    await fireEvent.click(toggle);
    expect(container.querySelector('#detail-scoring_tool')).toBeNull();
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

  it('says why when the version has no report, and offers to try again', async () => {
    stubFetch({ [`GET ${REPORT}`]: { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'no validation window yet', code: 'not_found' } } });
    open();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not found');
    expect(alert.textContent).toContain('no validation window yet');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
