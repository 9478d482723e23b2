import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditPageResponse } from '../lib/api/schema';
import { router } from '../lib/router.svelte';
import AuditView from './AuditView.svelte';
import { signInAs, stubFetch } from './report-fixture.test-support';

const entry = (id: number, actorId: number | null, actorName: string | null, action: string) => ({
  id,
  actorId,
  actorName,
  at: `2026-01-0${(id % 9) + 1}T10:00:00.000Z`,
  action,
  entityType: action.split('.')[0]!,
  entityId: String(id),
  details: { rubricVersion: 1 },
});

const firstPage: AuditPageResponse = {
  items: [entry(60, 2, 'Rae Whitfield', 'validation_window.opened'), entry(59, 2, 'Rae Whitfield', 'credential.created'), entry(58, null, null, 'validation_window.completed')],
  total: 60,
  page: 1,
  pageSize: 25,
};

describe('AuditView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    history.replaceState(null, '', '/audit');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the newest entries with who, what and which record, pages to older ones, and filters by a name in the log', async () => {
    signInAs(['researcher']);
    const { calls } = stubFetch({ 'GET /api/audit': { status: 200, body: firstPage } });
    render(AuditView);
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(table.textContent).toContain('validation_window opened'.replace(' ', '.'));
    expect(table.textContent).toContain('Concord');
    expect(screen.getByRole('link', { name: 'Older entries' }).getAttribute('href')).toBe('/audit?page=2');
    expect(screen.queryByRole('navigation', { name: 'Admin screens' })).toBeNull();
    expect(calls[0]!.url).toBe('/api/audit?page=1&pageSize=25');
    // on a phone each entry becomes a card whose parts are named by their column
    expect(table.classList.contains('stack')).toBe(true);
    const first = within(table).getAllByRole('row')[1]!;
    expect([...first.querySelectorAll('td')].map((cell) => cell.dataset.label)).toEqual(['When', 'Who', 'Action', 'Record', 'Details']);
    expect(first.querySelector('td[data-label="Action"]')!.textContent).toBe('validation_window.opened');

    const rae = within(table).getAllByRole('link', { name: /Rae Whitfield/ })[0]!;
    expect(rae.getAttribute('href')).toBe('/audit?actor=2');
    router.navigate('/audit?actor=2');
    await waitFor(() => expect(calls.at(-1)!.url).toBe('/api/audit?page=1&pageSize=25&actorId=2'));
  });

  it('puts the filters in the URL and asks the API for them: action, record and whole days', async () => {
    signInAs(['admin']);
    const { calls } = stubFetch({
      'GET /api/audit': { status: 200, body: firstPage },
      'GET /api/users': { status: 200, body: { items: [{ id: 2, name: 'Rae Whitfield', email: 'r@x', roles: ['researcher'], conflictOrganisations: [], createdAt: '' }], total: 1, page: 1, pageSize: 200 } },
    });
    render(AuditView);
    expect(await screen.findByRole('navigation', { name: 'Admin screens' })).toBeTruthy();
    const who = await screen.findByRole('combobox', { name: 'Who' });
    await fireEvent.change(who, { target: { value: '2' } });
    await fireEvent.input(screen.getByLabelText('Action'), { target: { value: 'credential.created' } });
    await fireEvent.input(screen.getByLabelText('From (day, UTC)'), { target: { value: '2026-01-01' } });
    await fireEvent.input(screen.getByLabelText('To (day included, UTC)'), { target: { value: '2026-01-31' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(location.search).toBe('?actor=2&action=credential.created&from=2026-01-01&to=2026-01-31'));
    await waitFor(() =>
      expect(calls.filter((call) => call.url.startsWith('/api/audit')).at(-1)!.url).toBe(
        '/api/audit?page=1&pageSize=25&actorId=2&action=credential.created&from=2026-01-01T00%3A00%3A00.000Z&to=2026-02-01T00%3A00%3A00.000Z',
      ),
    );
    expect(screen.getByRole('link', { name: 'Clear filters' }).getAttribute('href')).toBe('/audit');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('60 entries by Rae Whitfield · credential.created · 2026-01-01 to 2026-01-31'));
  });

  it('says when nothing matches, and why the log failed', async () => {
    signInAs(['researcher']);
    history.replaceState(null, '', '/audit?action=nothing.here');
    router.sync();
    stubFetch({ 'GET /api/audit': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 25 } } });
    const first = render(AuditView);
    expect(await screen.findByText('No entry matches these filters.')).toBeTruthy();
    first.unmount();
    stubFetch({ 'GET /api/audit': { status: 403, body: { statusCode: 403, error: 'Forbidden', message: 'this requires one of the roles: researcher, admin', code: 'role_required' } } });
    render(AuditView);
    expect(await screen.findByText('Not available to you')).toBeTruthy();
  });
});
