import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialSummaryResponse, UserResponse, ValidationWindowResponse } from '../../lib/api/schema';
import { router } from '../../lib/router.svelte';
import AdminView from '../AdminView.svelte';
import { signInAs, stubFetch } from '../report-fixture.test-support';
import AdminConflictsView from './AdminConflictsView.svelte';
import AdminCredentialsView from './AdminCredentialsView.svelte';
import AdminUsersView from './AdminUsersView.svelte';
import AdminWindowsView from './AdminWindowsView.svelte';

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

const person = (id: number, name: string, roles: UserResponse['roles'], conflictOrganisations: string[] = []): UserResponse => ({
  id,
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}@demo.concord`,
  roles,
  conflictOrganisations,
  conflictsRecordedByAdmin: [],
  disabled: false,
  mustChangePassword: false,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const people = [person(1, 'Sol Admin', ['admin']), { ...person(2, 'Alex Moreno', ['assessor'], ['Northfield Middle School']), conflictsRecordedByAdmin: ['Northfield Middle School'] }, person(3, 'Carl Jensen', ['assessor'], ['Riverside High']), person(4, 'Bea Nwosu', ['assessor'])];
const usersPage = { items: people, total: people.length, page: 1, pageSize: 200 };

function windowOf(id: number, status: ValidationWindowResponse['status'], awaiting = 0): ValidationWindowResponse {
  return {
    id,
    credentialId: 1,
    rubricVersion: id,
    status,
    targetSubmissions: 50,
    readersPerSubmission: 2,
    threshold: 0.8,
    minimumPaired: 20,
    seed: 2026 + id,
    readersCertified: id === 2,
    openedAt: '2026-01-01T00:00:00.000Z',
    adjudicatingAt: null,
    completedAt: status === 'complete' ? '2026-02-01T00:00:00.000Z' : null,
    progress: { studySubmissions: 50, targetSubmissions: 50, scoresExpected: 100, scoresReceived: 100, fullyScoredSubmissions: 50, disagreeingSubmissions: 12, adjudicatedSubmissions: 12 - awaiting, awaitingAdjudication: awaiting },
    awaitingReader: id === 2 ? 3 : 0,
  };
}

const summary: CredentialSummaryResponse = {
  id: 1,
  title: 'Performance Assessment Design',
  description: '',
  createdAt: '2026-01-01T00:00:00.000Z',
  latestVersion: 3,
  versions: [
    { version: 1, previousVersion: null, createdAt: '2026-01-01T00:00:00.000Z', locked: true, validationStatus: 'complete', window: windowOf(1, 'complete'), verdicts: counts(5, 1, 1) },
    { version: 2, previousVersion: 1, createdAt: '2026-02-01T00:00:00.000Z', locked: true, validationStatus: 'adjudicating', window: windowOf(2, 'adjudicating', 4), verdicts: counts(6, 2, 0) },
    { version: 3, previousVersion: 2, createdAt: '2026-03-01T00:00:00.000Z', locked: false, validationStatus: null, window: null, verdicts: null },
  ],
};
const credentialsPage = { items: [{ id: 1, title: summary.title, description: '', createdAt: summary.createdAt, latestVersion: 3 }], total: 1, page: 1, pageSize: 200 };

describe('the admin screens', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['admin']);
    history.replaceState(null, '', '/admin');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('the start page links every admin screen, Users first', async () => {
    render(AdminView);
    const nav = screen.getByRole('navigation', { name: 'Admin screens' });
    expect(within(nav).getAllByRole('link').map((link) => link.textContent)).toEqual(['Users', 'Credentials and versions', 'Validation windows', 'Conflicts of interest', 'Audit log']);
    expect(screen.getByRole('heading', { level: 2, name: 'Audit log' })).toBeTruthy();
  });

  it('lists the users with their roles, each opening their account', async () => {
    const { calls } = stubFetch({ 'GET /api/users': { status: 200, body: { ...usersPage, pageSize: 50 } } });
    render(AdminUsersView);
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(5);
    expect(within(table).getByRole('rowheader', { name: 'Sol Admin' })).toBeTruthy();
    expect(within(table).getByRole('link', { name: 'Alex Moreno' }).getAttribute('href')).toBe('/admin/users/2');
    expect(calls[0]!.url).toBe('/api/users?page=1&pageSize=50');
    expect(within(screen.getByRole('navigation', { name: 'Admin screens' })).getByRole('link', { name: 'Users' }).getAttribute('aria-current')).toBe('page');
  });

  it('shows each person’s conflicts, narrowed to those with one or to an organisation', async () => {
    stubFetch({ 'GET /api/users': { status: 200, body: usersPage } });
    render(AdminConflictsView);
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('2 of 4 people have a conflict; 2 shown.'));
    const table = screen.getByRole('table');
    expect(within(table).getByText('Northfield Middle School').textContent).toBe('Northfield Middle School (recorded by an admin)');
    expect(within(table).getByText('Riverside High').textContent).toBe('Riverside High (declared by them)');
    expect(within(table).queryByText('Bea Nwosu')).toBeNull();
    await fireEvent.input(screen.getByLabelText('Organisation contains'), { target: { value: 'river' } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('1 shown'));
    await fireEvent.input(screen.getByLabelText('Organisation contains'), { target: { value: '' } });
    await fireEvent.click(screen.getByLabelText('Only people with a conflict'));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('4 shown'));
    expect(within(screen.getByRole('table')).getAllByText('none')).toHaveLength(2);
  });

  it('lists every window with its settings and progress, narrowed by status', async () => {
    stubFetch({ 'GET /api/credentials': { status: 200, body: credentialsPage }, 'GET /api/credentials/1/summary': { status: 200, body: summary } });
    render(AdminWindowsView);
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    const second = table.querySelector<HTMLElement>('[data-window="2"]')!;
    expect(second.textContent?.replace(/\s+/g, ' ')).toContain('8 of 12 disagreements settled, 4 waiting');
    expect(second.textContent?.replace(/\s+/g, ' ')).toContain('3 assignments wait for a reader: no eligible reader could take them over');
    expect(table.querySelector('[data-window="1"]')!.textContent).not.toContain('wait for a reader');
    expect(second.textContent).toContain('threshold 80%, seed 2028, certified readers');
    expect(within(second).getByRole('link', { name: 'Performance Assessment Design, version 2' }).getAttribute('href')).toBe('/credentials/1/versions/2/report');
    await fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'complete' } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('1 of 2 windows shown.'));
  });

  it('lists every credential with its versions, and a version’s rows on demand', async () => {
    const { calls } = stubFetch({
      'GET /api/credentials': { status: 200, body: credentialsPage },
      'GET /api/credentials/1/summary': { status: 200, body: summary },
      'GET /api/credentials/1/rubric-versions/3': {
        status: 200,
        body: { credentialId: 1, version: 3, previousVersion: 2, createdAt: '', locked: false, validationStatus: null, rows: [{ key: 'scoring_tool', title: 'Quality of the scoring tool', descriptor: '', scale: 'ordinal', carriedOver: false, levels: [{ value: '1', label: 'Beginning', descriptor: '' }, { value: '2', label: 'Developing', descriptor: '' }] }] },
      },
    });
    render(AdminCredentialsView);
    const card = await screen.findByRole('article', { name: 'Performance Assessment Design' });
    expect(card.textContent).toContain('3 versions');
    expect(within(card).getAllByRole('link', { name: /^Report for/ })).toHaveLength(2);
    const show = within(card).getByRole('button', { name: 'Show rows of Performance Assessment Design, version 3' });
    await fireEvent.click(show);
    const rows = await within(card).findByRole('table', { name: 'Rows of Performance Assessment Design, version 3' });
    expect(rows.textContent).toContain('Beginning · Developing');
    expect(show.getAttribute('aria-expanded')).toBe('true');
    expect(calls.filter((call) => call.url === '/api/credentials/1/rubric-versions/3')).toHaveLength(1);
  });

  it('says why the windows could not be listed', async () => {
    stubFetch({ 'GET /api/credentials': { status: 503, body: { statusCode: 503, error: 'Service Unavailable', message: 'busy' } } });
    render(AdminWindowsView);
    expect(await screen.findByText('Cannot reach the server')).toBeTruthy();
  });
});
