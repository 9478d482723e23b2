import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../lib/session.svelte';
import ChangePasswordView from './ChangePasswordView.svelte';
import { stubFetch } from './report-fixture.test-support';

function signedIn(mustChangePassword: boolean) {
  sessionStorage.setItem('concord.token', 'tok-test');
  sessionStorage.setItem('concord.user', JSON.stringify({ id: 4, name: 'Tim Temporary', email: 'tim@demo.concord', roles: ['assessor'], mustChangePassword }));
  session.restore();
}

async function fill(current: string, next: string, repeated = next) {
  await fireEvent.input(screen.getByLabelText(/^(Current|Temporary) password$/), { target: { value: current } });
  await fireEvent.input(screen.getByLabelText('New password'), { target: { value: next } });
  await fireEvent.input(screen.getByLabelText('New password again'), { target: { value: repeated } });
  await fireEvent.click(screen.getByRole('button', { name: 'Change the password' }));
}

describe('ChangePasswordView', () => {
  beforeEach(() => {
    sessionStorage.clear();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('says the policy before typing, and checks the length, the email and the repetition before asking the API', async () => {
    signedIn(false);
    const { calls } = stubFetch({});
    render(ChangePasswordView, { props: { ondone: vi.fn() } });
    const rules = screen.getByRole('list', { name: 'The password must be' });
    expect(rules.textContent).toContain('At least 8 characters.');
    expect(rules.textContent).toContain('Not the email address');
    expect(rules.textContent).toContain('Not a common or breached password');
    expect(screen.getByLabelText('New password').getAttribute('aria-describedby')).toBe('password-rules');

    await fill('old-secret', 'short');
    expect(screen.getByText('Needs at least 8 characters.')).toBeTruthy();
    await fill('old-secret', 'TIM@demo.concord');
    expect(screen.getByText('Must not be the email address.')).toBeTruthy();
    expect(screen.getByLabelText('New password').getAttribute('aria-invalid')).toBe('true');
    await fill('old-secret', 'river lantern copper', 'river lantern coppers');
    expect(screen.getByText('The two new passwords differ.')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('puts the API’s refusals under their fields in plain words', async () => {
    signedIn(false);
    stubFetch({
      'PUT /api/auth/password': (call) =>
        (call.body as { currentPassword: string }).currentPassword === 'wrong-one'
          ? { status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'validation failed', errors: [{ field: 'currentPassword', message: 'currentPassword is wrong' }] } }
          : { status: 400, body: { statusCode: 400, error: 'Bad Request', message: 'validation failed', errors: [{ field: 'newPassword', message: 'newPassword is a common or breached password, or too close to one: choose a longer, less common one (several unrelated words work well)' }] } },
    });
    render(ChangePasswordView, { props: { ondone: vi.fn() } });
    await fill('wrong-one', 'river lantern copper');
    expect(await screen.findByText('This is not the current password.')).toBeTruthy();
    await fill('old-secret', 'password123');
    expect(await screen.findByText(/^Too common: it is a known or breached password/)).toBeTruthy();
    expect(document.body.textContent).not.toContain('newPassword');
  });

  it('changes the password, says other sessions ended, and stays when the change was the person’s own choice', async () => {
    signedIn(false);
    const { calls } = stubFetch({ 'PUT /api/auth/password': { status: 204 } });
    const ondone = vi.fn();
    render(ChangePasswordView, { props: { ondone } });
    await fill('old-secret', 'river lantern copper');
    expect(await screen.findByText('Your password is changed. Any other session you had open has ended.')).toBeTruthy();
    expect(calls[0]).toMatchObject({ method: 'PUT', url: '/api/auth/password', body: { currentPassword: 'old-secret', newPassword: 'river lantern copper' } });
    expect(ondone).not.toHaveBeenCalled();
  });

  it('after a temporary password: says so, asks for the temporary one, and once changed frees the session and moves on', async () => {
    signedIn(true);
    stubFetch({ 'PUT /api/auth/password': { status: 204 } });
    const ondone = vi.fn();
    render(ChangePasswordView, { props: { ondone } });
    expect(screen.getByText('Your password is temporary.')).toBeTruthy();
    await fill('plum orbit kettle 42', 'saffron glacier tuesday');
    await waitFor(() => expect(ondone).toHaveBeenCalledTimes(1));
    expect(session.user?.mustChangePassword).toBe(false);
    expect(JSON.parse(sessionStorage.getItem('concord.user')!).mustChangePassword).toBe(false);
  });
});
