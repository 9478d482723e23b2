import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialPageResponse, CredentialSummaryResponse, ValidationWindowResponse, VersionOverviewResponse } from '../lib/api/schema';
import { router } from '../lib/router.svelte';
import CredentialsView from './CredentialsView.svelte';
import { signInAs, stubFetch } from './report-fixture.test-support';

/** A report's decision counts: the rows not counted otherwise are too early. */
const counts = (validated: number, meetsRuleNotDemonstrated: number, needsRevision: number, rows = 4) => ({
  rows,
  validated,
  meetsRuleNotDemonstrated,
  needsRevision,
  likelyValidated: 0,
  likelyNeedsRevision: 0,
  undetermined: 0,
  tooEarly: rows - validated - meetsRuleNotDemonstrated - needsRevision,
  undefined: 0,
});

const page: CredentialPageResponse = {
  items: [{ id: 1, title: 'Performance Assessment Design', description: 'Educators design an assessment.', createdAt: '2026-01-01T00:00:00.000Z', latestVersion: 3 }],
  total: 1,
  page: 1,
  pageSize: 20,
};

function windowOf(version: number, status: ValidationWindowResponse['status'], progress: Partial<ValidationWindowResponse['progress']>): ValidationWindowResponse {
  return {
    id: version,
    credentialId: 1,
    rubricVersion: version,
    status,
    targetSubmissions: 50,
    readersPerSubmission: 2,
    threshold: 0.8,
    minimumPaired: 20,
    seed: 1,
    readersCertified: false,
    openedAt: '',
    adjudicatingAt: null,
    completedAt: null,
    progress: { studySubmissions: 50, targetSubmissions: 50, scoresExpected: 100, scoresReceived: 100, fullyScoredSubmissions: 50, disagreeingSubmissions: 10, adjudicatedSubmissions: 10, awaitingAdjudication: 0, ...progress },
    awaitingReader: 0,
  };
}

const versions: VersionOverviewResponse[] = [
  { version: 1, previousVersion: null, createdAt: '2026-01-01T00:00:00.000Z', locked: true, validationStatus: 'complete', window: windowOf(1, 'complete', {}), verdicts: counts(2, 1, 1) },
  {
    version: 2,
    previousVersion: 1,
    createdAt: '2026-02-01T00:00:00.000Z',
    locked: true,
    validationStatus: 'collecting',
    window: windowOf(2, 'collecting', { studySubmissions: 30, fullyScoredSubmissions: 25, scoresReceived: 50, disagreeingSubmissions: 0, adjudicatedSubmissions: 0 }),
    verdicts: counts(3, 2, 0),
  },
  { version: 3, previousVersion: 2, createdAt: '2026-03-01T00:00:00.000Z', locked: false, validationStatus: null, window: null, verdicts: null },
];

const summary: CredentialSummaryResponse = { ...page.items[0]!, versions };
const SUMMARY = 'GET /api/credentials/1/summary';
const OPEN_V3 = 'POST /api/credentials/1/rubric-versions/3/validation';

describe('CredentialsView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['researcher']);
    history.replaceState(null, '', '/');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lists each credential’s versions, newest first, with the window’s phase, its progress, the verdict counts and links, from one summary call', async () => {
    const { calls } = stubFetch({ 'GET /api/credentials': { status: 200, body: page }, [SUMMARY]: { status: 200, body: summary } });
    const { container } = render(CredentialsView);
    expect(await screen.findByRole('heading', { name: 'Performance Assessment Design' })).toBeTruthy();
    await waitFor(() => expect(container.querySelector('[data-version="1"]')?.textContent).toContain('needing revision'));

    const lines = [...container.querySelectorAll<HTMLElement>('li.version-line')];
    expect(lines.map((line) => line.getAttribute('data-version'))).toEqual(['3', '2', '1']);
    const [third, second, first] = lines as [HTMLElement, HTMLElement, HTMLElement];
    expect(third.textContent).toContain('no validation window yet');
    expect(within(third).queryByRole('link')).toBeNull();
    expect(second.textContent?.replace(/\s+/g, ' ')).toContain('3 validated 2 not yet demonstrated 0 needing revision');
    expect(second.textContent).toContain('30 received, 50 of 100 scores in');
    expect(within(second).getByRole('progressbar', { name: /received: 30 of 50/ })).toBeTruthy();
    expect(second.textContent).toContain('threshold 80% · seed 1');
    expect(first.textContent).toContain('Complete');
    expect(first.textContent?.replace(/\s+/g, ' ')).toContain('2 validated 1 not yet demonstrated 1 needing revision');
    expect(within(first).getByRole('link', { name: 'Report for version 1' }).getAttribute('href')).toBe('/credentials/1/versions/1/report');
    expect(screen.getByRole('link', { name: 'Compare v2 with v3' }).getAttribute('href')).toBe('/credentials/1/compare?from=2&to=3');
    expect(calls.map((call) => call.url)).toEqual(['/api/credentials?page=1&pageSize=20', '/api/credentials/1/summary']);
  });

  it('gives no verdict counts for a window with no fully scored submission yet', async () => {
    const empty = windowOf(3, 'collecting', { studySubmissions: 0, fullyScoredSubmissions: 0, scoresReceived: 0 });
    const fresh = { ...summary, versions: [{ ...versions[2]!, locked: true, validationStatus: 'collecting' as const, window: empty, verdicts: counts(0, 1, 1) }] };
    stubFetch({ 'GET /api/credentials': { status: 200, body: page }, [SUMMARY]: { status: 200, body: fresh } });
    const { container } = render(CredentialsView);
    await waitFor(() => expect(container.querySelector('[data-version="3"]')?.textContent).toContain('no decisions until a submission is fully scored'));
    expect(container.querySelector('[data-version="3"]')?.textContent).not.toContain('needing revision');
  });

  it('says so when there are no credentials, and when a credential has no rubric yet', async () => {
    stubFetch({ 'GET /api/credentials': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } } });
    render(CredentialsView);
    expect(await screen.findByText('No credentials yet.')).toBeTruthy();
  });

  it('shows why the summary failed, with a retry', async () => {
    stubFetch({ 'GET /api/credentials': { status: 200, body: page }, [SUMMARY]: { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'boom' } } });
    render(CredentialsView);
    expect(await screen.findByText('The server failed')).toBeTruthy();
    expect(screen.getByRole('button', { name: /try again/i })).toBeTruthy();
  });

  it('creates a credential, with the API’s refusal beside the title in plain words', async () => {
    let created = false;
    const { calls } = stubFetch({
      'GET /api/credentials': () => ({ status: 200, body: created ? { ...page, items: [...page.items, { id: 2, title: 'Data Literacy', description: '', createdAt: '', latestVersion: null }], total: 2 } : page }),
      [SUMMARY]: { status: 200, body: summary },
      'GET /api/credentials/2/summary': { status: 200, body: { id: 2, title: 'Data Literacy', description: '', createdAt: '', latestVersion: null, versions: [] } },
      'POST /api/credentials': (call) => {
        if ((call.body as { title: string }).title === '') {
          return { status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'Bad Request', errors: [{ field: 'title', message: 'title must be longer than or equal to 1 characters' }] } };
        }
        created = true;
        return { status: 201, body: { id: 2, title: 'Data Literacy', description: '', createdAt: '', latestVersion: null } };
      },
    });
    render(CredentialsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'New credential' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Create the credential' }));
    const title = screen.getByLabelText('Title');
    await waitFor(() => expect(title.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Cannot be empty.')).toBeTruthy();
    expect(document.body.textContent).not.toContain('must be longer than');

    await fireEvent.input(title, { target: { value: 'Data Literacy' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Create the credential' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('“Data Literacy” is created'));
    expect(await screen.findByRole('heading', { name: 'Data Literacy' })).toBeTruthy();
    expect(await screen.findByText(/No rubric version yet/)).toBeTruthy();
    // who may publish a rubric is led to the first-rubric screen, from the message and from the card
    expect(within(screen.getByRole('status')).getByRole('link', { name: 'Publish its first rubric' }).getAttribute('href')).toBe('/credentials/2/rubric');
    expect(screen.getByRole('link', { name: 'Publish its first rubric (Data Literacy)' }).getAttribute('href')).toBe('/credentials/2/rubric');
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([
      { title: '', description: '' },
      { title: 'Data Literacy', description: '' },
    ]);
  });

  it('opens a version’s window with its settings; a bad setting is named beside its field and a refusal above the buttons', async () => {
    const answers = [
      { status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'Bad Request', errors: [{ field: 'readersPerSubmission', message: 'readersPerSubmission must not be less than 2' }] } },
      { status: 409, body: { statusCode: 409, error: 'Conflict', message: 'too few eligible assessors: 3 needed, 1 available' } },
      { status: 201, body: windowOf(3, 'collecting', { studySubmissions: 0, fullyScoredSubmissions: 0, scoresReceived: 0, targetSubmissions: 12 }) },
    ];
    const plan = { expected: 0.9, threshold: 0.8, power: 0.8, readers: 2, alpha: 0.025, submissions: 113, firstReaching: 107, checkedTo: 214, powerAtSubmissions: 0.8, powerAt: [{ submissions: 12, power: 0 }], method: 'exact_binomial', notes: [] };
    const { calls } = stubFetch({
      'GET /api/credentials': { status: 200, body: page },
      [SUMMARY]: { status: 200, body: summary },
      [OPEN_V3]: () => answers.shift()!,
      'GET /api/plan': { status: 200, body: plan },
    });
    const { container } = render(CredentialsView);
    await fireEvent.click(await screen.findByRole('button', { name: 'Open validation window of version 3' }));
    const form = screen.getByRole('form', { name: 'Open the validation window of version 3' });
    await fireEvent.input(within(form).getByLabelText('Submissions in the study'), { target: { value: '12' } });
    // the planner beside the settings follows the window's size
    await waitFor(() => expect(within(form).getByText(/With 12 submissions a row at 90% true agreement is shown validated 0% of the time/)).toBeTruthy());
    expect(new URL(calls.filter((call) => call.url.startsWith('/api/plan')).at(-1)!.url, 'http://localhost').searchParams.get('at')).toBe('12');
    await fireEvent.input(within(form).getByLabelText('Readers per submission'), { target: { value: '1' } });
    await fireEvent.input(within(form).getByLabelText('Agreement threshold'), { target: { value: '0.75' } });
    await fireEvent.input(within(form).getByLabelText('Seed of the draw (optional)'), { target: { value: '42' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Open the window' }));
    await waitFor(() => expect(within(form).getByText('Must be at least 2.')).toBeTruthy());
    expect(within(form).getByLabelText('Readers per submission').getAttribute('aria-invalid')).toBe('true');

    await fireEvent.input(within(form).getByLabelText('Readers per submission'), { target: { value: '3' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Open the window' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('too few eligible assessors');

    await fireEvent.click(within(form).getByRole('button', { name: 'Open the window' }));
    await waitFor(() => expect(container.querySelector('[data-version="3"]')?.textContent).toContain('Collecting'));
    expect(calls.filter((call) => call.method === 'POST').at(-1)!.body).toEqual({ targetSubmissions: 12, readersPerSubmission: 3, threshold: 0.75, minimumPaired: 20, seed: 42 });
  });

  it('offers the forms only to the roles the API lets create credentials and open windows', async () => {
    signInAs(['trainer']);
    stubFetch({ 'GET /api/credentials': { status: 200, body: page }, [SUMMARY]: { status: 200, body: summary } });
    const { container } = render(CredentialsView);
    await waitFor(() => expect(container.querySelector('[data-version="3"]')).not.toBeNull());
    expect(screen.queryByRole('button', { name: 'New credential' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Open validation window/ })).toBeNull();
  });
});
