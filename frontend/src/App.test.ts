import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import { reportFixture } from './views/report-fixture.test-support';

/** The app reads the URL and this tab's session when it starts. */
async function start(path: string) {
  history.replaceState(null, '', path);
  return render(App);
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const researcher = { id: 1, name: 'Rita Researcher', email: 'rita@example.org', roles: ['researcher'], conflictOrganisations: [], createdAt: '' };
const assessor = { id: 2, name: 'Sam Assessor', email: 'sam@example.org', roles: ['assessor'], conflictOrganisations: [], createdAt: '' };

function signedInAs(user: typeof researcher) {
  sessionStorage.setItem('concord.token', 'tok');
  sessionStorage.setItem('concord.user', JSON.stringify(user));
}

describe('App', () => {
  const fetch = vi.fn<typeof globalThis.fetch>();

  // The app loads each view on first use; load them once here so that compiling a view on a busy
  // machine does not count against the one-second wait of findBy* in the tests below.
  beforeAll(async () => {
    await Promise.all([
      import('./views/CredentialsView.svelte'),
      import('./views/ReportView.svelte'),
      import('./views/AssessorsView.svelte'),
      import('./views/MyAssignmentsView.svelte'),
      import('./views/ImportView.svelte'),
      import('./views/ChangePasswordView.svelte'),
    ]);
  }, 60_000);

  beforeEach(() => {
    sessionStorage.clear();
    fetch.mockReset();
    vi.stubGlobal('fetch', fetch);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends a signed-out visitor of a deep link to /sign-in, and back to the link after signing in', async () => {
    await start('/credentials/1/versions/1/report');
    await waitFor(() => expect(location.pathname).toBe('/sign-in'));
    expect(new URLSearchParams(location.search).get('next')).toBe('/credentials/1/versions/1/report');

    fetch.mockResolvedValueOnce(json(200, { token: 'tok-9', expiresAt: '', user: researcher }));
    fetch.mockResolvedValue(json(200, reportFixture()));
    await fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'rita@example.org' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'secret' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(location.pathname).toBe('/credentials/1/versions/1/report'));
    expect(sessionStorage.getItem('concord.token')).toBe('tok-9');
    expect(screen.getByText('Rita Researcher')).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 1, name: 'Performance Assessment Design' })).toBeTruthy();
    expect(document.title).toBe('Validation report: credential 1, version 1 · Concord');
    const request = fetch.mock.calls[1]![0] as Request;
    expect(new URL(request.url).pathname).toBe('/api/credentials/1/rubric-versions/1/report');
    expect(request.headers.get('Authorization')).toBe('Bearer tok-9');
  });

  it('shows the API message for a wrong password and stays on sign-in', async () => {
    await start('/sign-in');
    fetch.mockResolvedValueOnce(json(401, { statusCode: 401, error: 'Unauthorized', message: 'wrong email or password' }));
    await fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'rita@example.org' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Wrong email or password.');
    expect(location.pathname).toBe('/sign-in');
  });

  it('sends an assessor from / to their assignments', async () => {
    signedInAs(assessor);
    // A fresh Response per call: the queue reads its pending page, then its scored page.
    fetch.mockImplementation(async () => json(200, { items: [], total: 0, page: 1, pageSize: 20 }));
    await start('/');
    await waitFor(() => expect(location.pathname).toBe('/my/assignments'));
    expect(await screen.findByText('Nothing to score right now.')).toBeTruthy();
  });

  it('tells an assessor a researcher view is not theirs without calling the API', async () => {
    signedInAs(assessor);
    await start('/import');
    expect(await screen.findByRole('heading', { name: 'Not available to you' })).toBeTruthy();
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows the error with a retry, and the retry loads again', async () => {
    signedInAs(researcher);
    fetch.mockResolvedValueOnce(json(500, { statusCode: 500, message: 'internal error' }));
    await start('/credentials/1/versions/1/report');
    expect((await screen.findByRole('alert')).textContent).toContain('The server failed');
    fetch.mockResolvedValueOnce(json(200, reportFixture()));
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: /Quality of the scoring tool/ })).toBeTruthy();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('goes to /sign-in when the API answers 401 (an expired session)', async () => {
    signedInAs(researcher);
    fetch.mockResolvedValueOnce(json(401, { statusCode: 401, message: 'token expired' }));
    await start('/assessors');
    await waitFor(() => expect(location.pathname).toBe('/sign-in'));
    expect(new URLSearchParams(location.search).get('next')).toBe('/assessors');
    expect(sessionStorage.getItem('concord.token')).toBeNull();
  });

  it('follows in-app links without reloading and marks the current section', async () => {
    signedInAs(researcher);
    fetch.mockResolvedValue(json(200, { items: [{ id: 1 }], total: 1 }));
    await start('/');
    await fireEvent.click(screen.getByRole('link', { name: 'Assessors' }));
    expect(location.pathname).toBe('/assessors');
    expect(await screen.findByRole('heading', { name: 'Assessors' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Assessors' }).getAttribute('aria-current')).toBe('page');
    expect(document.title).toBe('Assessors · Concord');
  });

  it('signs out: forgets the token and shows sign-in', async () => {
    signedInAs(researcher);
    fetch.mockResolvedValue(json(200, { items: [{ id: 1 }], total: 1 }));
    await start('/');
    fetch.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(location.pathname).toBe('/sign-in'));
    expect(sessionStorage.getItem('concord.token')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });

  it('says a disabled account is disabled, not that the password is wrong', async () => {
    await start('/sign-in');
    fetch.mockResolvedValueOnce(json(403, { statusCode: 403, error: 'Forbidden', message: 'this account is disabled: ask an administrator', code: 'account_disabled' }));
    await fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'sam@example.org' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'right-password' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This account is disabled, so it cannot sign in. Ask an administrator to enable it again.');
    expect(location.pathname).toBe('/sign-in');
  });

  it('holds a person with a temporary password on the password screen until they change it, then lets them in', async () => {
    await start('/sign-in?next=%2Fmy%2Fassignments');
    fetch.mockResolvedValueOnce(json(200, { token: 'tok-t', expiresAt: '', user: { ...assessor, mustChangePassword: true } }));
    await fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'sam@example.org' } });
    await fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'plum orbit kettle 42' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(location.pathname).toBe('/my/password'));
    expect(await screen.findByText('Your password is temporary.')).toBeTruthy();
    // no way elsewhere: no menu, and any other address comes back here
    expect(screen.queryByRole('navigation', { name: 'Main' })?.querySelectorAll('a') ?? []).toHaveLength(0);
    history.pushState(null, '', '/my/assignments');
    dispatchEvent(new PopStateEvent('popstate'));
    await waitFor(() => expect(location.pathname).toBe('/my/password'));

    fetch.mockResolvedValueOnce(new Response(null, { status: 204 }));
    fetch.mockImplementation(async () => json(200, { items: [], total: 0, page: 1, pageSize: 20 }));
    await fireEvent.input(await screen.findByLabelText('Temporary password'), { target: { value: 'plum orbit kettle 42' } });
    await fireEvent.input(screen.getByLabelText('New password'), { target: { value: 'saffron glacier tuesday' } });
    await fireEvent.input(screen.getByLabelText('New password again'), { target: { value: 'saffron glacier tuesday' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Change the password' }));
    await waitFor(() => expect(location.pathname).toBe('/my/assignments'));
    expect(await screen.findByText('Nothing to score right now.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'My assignments' })).toBeTruthy();
    const change = fetch.mock.calls.map((call) => call[0] as Request).find((request) => new URL(request.url).pathname === '/api/auth/password')!;
    expect(change.method).toBe('PUT');
  });

  it('links every signed-in person to their password from the header', async () => {
    signedInAs(researcher);
    fetch.mockResolvedValue(json(200, { items: [], total: 0, page: 1, pageSize: 20 }));
    await start('/');
    await fireEvent.click(screen.getByRole('link', { name: 'Change password' }));
    expect(location.pathname).toBe('/my/password');
    expect(await screen.findByRole('heading', { level: 1, name: 'Change your password' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Change password' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByLabelText('Current password')).toBeTruthy();
  });
});
