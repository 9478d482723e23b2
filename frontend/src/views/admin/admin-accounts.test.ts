import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UserResponse } from '../../lib/api/schema';
import { router } from '../../lib/router.svelte';
import { signInAs, stubFetch } from '../report-fixture.test-support';
import AdminConflictsView from './AdminConflictsView.svelte';
import AdminUsersView from './AdminUsersView.svelte';
import AdminUserView from './AdminUserView.svelte';

const person = (id: number, name: string, roles: UserResponse['roles'], extra: Partial<UserResponse> = {}): UserResponse => ({
  id,
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}@demo.concord`,
  roles,
  conflictOrganisations: [],
  conflictsRecordedByAdmin: [],
  disabled: false,
  mustChangePassword: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

const ada = person(7, 'Ada Reader', ['assessor'], { conflictOrganisations: ['Northfield Middle School', 'Riverside High'], conflictsRecordedByAdmin: ['Northfield Middle School'] });
const page = (items: UserResponse[], total = items.length, pageSize = 50) => ({ items, total, page: 1, pageSize });

describe('the admin’s accounts screens', () => {
  beforeEach(() => {
    sessionStorage.clear();
    // the signed-in admin is person 3 (Dee Signer)
    signInAs(['admin']);
    history.replaceState(null, '', '/admin/users');
    router.sync();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  describe('the users list', () => {
    it('asks the API for a text and a role, keeps them in the URL, and says when nothing matches', async () => {
      const { calls } = stubFetch({
        'GET /api/users': (call) => ({ status: 200, body: call.url.includes('search=') ? page([]) : page([ada, person(8, 'Bo Admin', ['admin'])], 120) }),
      });
      render(AdminUsersView);
      await screen.findByRole('table');
      expect(screen.getByRole('navigation', { name: 'Pages of users' }).textContent).toContain('Page 1 of 3');
      expect(screen.getByRole('link', { name: 'Next page' }).getAttribute('href')).toBe('/admin/users?page=2');

      await fireEvent.input(screen.getByLabelText('Name or email contains'), { target: { value: ' nobody ' } });
      await fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'assessor' } });
      await fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
      await waitFor(() => expect(location.search).toBe('?search=nobody&role=assessor'));
      await waitFor(() => expect(calls.at(-1)!.url).toBe('/api/users?page=1&pageSize=50&search=nobody&role=assessor'));
      expect(await screen.findByText('No user matches these filters.')).toBeTruthy();
      expect(screen.getByRole('link', { name: 'Clear filters' }).getAttribute('href')).toBe('/admin/users');
    });

    it('says how to start when there is nobody yet', async () => {
      stubFetch({ 'GET /api/users': { status: 200, body: page([]) } });
      render(AdminUsersView);
      expect(await screen.findByText('No users yet: create the first with New user.')).toBeTruthy();
    });

    it('creates a user with a generated temporary password, shown once to copy, and lists them', async () => {
      const created = person(9, 'New Person', ['assessor', 'trainer'], { mustChangePassword: true });
      let listed: UserResponse[] = [ada];
      const { calls } = stubFetch({
        'GET /api/users': () => ({ status: 200, body: page(listed) }),
        'POST /api/users': () => {
          listed = [ada, created];
          return { status: 201, body: created };
        },
      });
      const writeText = vi.fn(async () => undefined);
      vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
      render(AdminUsersView);
      await screen.findByRole('table');
      await fireEvent.click(screen.getByRole('button', { name: 'New user' }));
      const form = screen.getByRole('form', { name: 'New user' });

      // nothing filled in: each field says what is missing, and nothing is sent
      await fireEvent.click(within(form).getByRole('button', { name: 'Create the user' }));
      expect(within(form).getAllByText('Cannot be empty.')).toHaveLength(2);
      expect(within(form).getByText('Choose at least one.')).toBeTruthy();
      expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);

      await fireEvent.input(within(form).getByLabelText('Name'), { target: { value: 'New Person' } });
      await fireEvent.input(within(form).getByLabelText('Email'), { target: { value: 'new@demo.concord' } });
      await fireEvent.click(within(form).getByRole('checkbox', { name: /^assessor/ }));
      await fireEvent.click(within(form).getByRole('checkbox', { name: /^trainer/ }));
      // assessor with trainer: never drawn as a reader, and the form says so
      expect(form.querySelector('[data-separation]')?.textContent).toContain('never drawn as a reader');
      await fireEvent.click(within(form).getByRole('button', { name: 'Create the user' }));

      const secret = await screen.findByRole('group', { name: 'Temporary password for New Person' });
      const post = calls.find((call) => call.method === 'POST')!;
      const body = post.body as { name: string; email: string; roles: string[]; password: string; temporaryPassword: boolean };
      expect(body).toMatchObject({ name: 'New Person', email: 'new@demo.concord', roles: ['trainer', 'assessor'], temporaryPassword: true });
      expect(body.password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect(secret.querySelector('[data-secret]')!.textContent).toBe(body.password);
      await fireEvent.click(within(secret).getByRole('button', { name: 'Copy the password' }));
      expect(writeText).toHaveBeenCalledWith(body.password);
      expect(await within(secret).findByText(/Copied\./)).toBeTruthy();
      expect(screen.getByRole('link', { name: 'Open their account' }).getAttribute('href')).toBe('/admin/users/9');
      await waitFor(() => expect(within(screen.getByRole('table')).getByRole('link', { name: 'New Person' })).toBeTruthy());
    });

    it('puts the API’s refusals under their fields in plain words: a typed password too common, an email taken', async () => {
      const { calls } = stubFetch({
        'GET /api/users': { status: 200, body: page([ada]) },
        'POST /api/users': (call) =>
          (call.body as { email: string }).email === 'taken@demo.concord'
            ? { status: 409, body: { statusCode: 409, error: 'Conflict', message: 'a user with email taken@demo.concord already exists', code: 'duplicate_email' } }
            : {
                status: 400,
                body: {
                  statusCode: 400,
                  error: 'Bad Request',
                  message: 'validation failed',
                  errors: [{ field: 'password', message: 'password is a common or breached password, or too close to one: choose a longer, less common one (several unrelated words work well)' }],
                },
              },
      });
      render(AdminUsersView);
      await screen.findByRole('table');
      await fireEvent.click(screen.getByRole('button', { name: 'New user' }));
      const form = screen.getByRole('form', { name: 'New user' });
      await fireEvent.input(within(form).getByLabelText('Name'), { target: { value: 'Pat' } });
      await fireEvent.input(within(form).getByLabelText('Email'), { target: { value: 'pat@demo.concord' } });
      await fireEvent.click(within(form).getByRole('checkbox', { name: /^assessor/ }));
      await fireEvent.click(within(form).getByRole('radio', { name: 'Type one' }));
      const typed = within(form).getByLabelText('Password to give them');
      await fireEvent.input(typed, { target: { value: 'short' } });
      await fireEvent.click(within(form).getByRole('button', { name: 'Create the user' }));
      expect(within(form).getByText('Needs at least 8 characters.')).toBeTruthy();
      expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);

      await fireEvent.input(typed, { target: { value: 'password1' } });
      await fireEvent.click(within(form).getByRole('button', { name: 'Create the user' }));
      expect(await within(form).findByText(/^Too common: it is a known or breached password/)).toBeTruthy();
      expect(typed.getAttribute('aria-invalid')).toBe('true');
      expect(form.textContent).not.toContain('password is a common');

      await fireEvent.input(within(form).getByLabelText('Email'), { target: { value: 'taken@demo.concord' } });
      await fireEvent.input(typed, { target: { value: 'amber falcon ninety' } });
      await fireEvent.click(within(form).getByRole('button', { name: 'Create the user' }));
      expect(await within(form).findByText('Another account already uses this email.')).toBeTruthy();
    });
  });

  describe('one account', () => {
    it('disables only after a confirmation that defaults to Cancel and says every session ends, then shows Disabled; enables again', async () => {
      const { calls } = stubFetch({
        'GET /api/users/7': { status: 200, body: ada },
        'POST /api/users/7/disable': { status: 200, body: { ...ada, disabled: true } },
        'POST /api/users/7/enable': { status: 200, body: ada },
      });
      render(AdminUserView, { props: { userId: 7 } });
      expect(await screen.findByRole('heading', { level: 1, name: 'Ada Reader' })).toBeTruthy();
      expect(document.querySelector('[data-state]')!.textContent).toBe('Active');

      await fireEvent.click(screen.getByRole('button', { name: 'Disable the account' }));
      const dialog = await screen.findByRole('dialog', { name: 'Disable Ada Reader’s account?' });
      expect(dialog.textContent).toContain('every session they have open ends now');
      await waitFor(() => expect(document.activeElement?.textContent).toBe('Cancel'));
      await fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
      expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0);

      await fireEvent.click(screen.getByRole('button', { name: 'Disable the account' }));
      await fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Disable the account' }));
      await waitFor(() => expect(document.querySelector('[data-state]')!.textContent).toBe('Disabled'));
      expect(calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual(['/api/users/7/disable']);
      expect(screen.getByText('Disabled: they cannot sign in, and every session they had open has ended.')).toBeTruthy();

      await fireEvent.click(screen.getByRole('button', { name: 'Enable the account' }));
      await waitFor(() => expect(document.querySelector('[data-state]')!.textContent).toBe('Active'));
      expect(calls.at(-1)!.url).toBe('/api/users/7/enable');
    });

    it('offers no disabling of one’s own account', async () => {
      stubFetch({ 'GET /api/users/3': { status: 200, body: person(3, 'Dee Signer', ['admin']) } });
      render(AdminUserView, { props: { userId: 3 } });
      expect(await screen.findByText('This is your own account: another admin must disable it.')).toBeTruthy();
      expect(screen.queryByRole('button', { name: 'Disable the account' })).toBeNull();
    });

    it('changes roles with checkboxes, says what assessor with an unblinded role means, and says a refusal in words', async () => {
      const { calls } = stubFetch({
        'GET /api/users/7': { status: 200, body: ada },
        'PUT /api/users/7/roles': (call) => {
          const roles = (call.body as { roles: UserResponse['roles'] }).roles;
          return roles.includes('admin')
            ? { status: 409, body: { statusCode: 409, error: 'Conflict', message: 'an administrator cannot take away their own admin role', code: 'cannot_remove_own_admin' } }
            : { status: 200, body: { ...ada, roles } };
        },
      });
      render(AdminUserView, { props: { userId: 7 } });
      const roles = await screen.findByRole('group', { name: 'Roles of Ada Reader' });
      const save = screen.getByRole('button', { name: 'Save roles' }) as HTMLButtonElement;
      expect(save.disabled).toBe(true);
      expect(roles.querySelector('[data-separation]')).toBeNull();
      await fireEvent.click(within(roles).getByRole('checkbox', { name: /^researcher/ }));
      expect(roles.querySelector('[data-separation]')!.textContent).toContain('With the researcher role, this person sees earners or other readers’ scores, so they are never drawn as a reader');
      await fireEvent.click(save);
      await waitFor(() => expect(screen.getByText('Roles saved: researcher, assessor.')).toBeTruthy());
      expect(calls.find((call) => call.method === 'PUT')!.body).toEqual({ roles: ['researcher', 'assessor'] });

      await fireEvent.click(within(roles).getByRole('checkbox', { name: /^admin/ }));
      await fireEvent.click(save);
      expect((await screen.findByRole('alert')).textContent).toBe('You cannot take away your own admin role: another admin must.');
    });

    it('sets a temporary password: generated and shown once, or typed and checked first', async () => {
      const { calls } = stubFetch({
        'GET /api/users/7': { status: 200, body: ada },
        'POST /api/users/7/temporary-password': { status: 200, body: { ...ada, mustChangePassword: true } },
      });
      render(AdminUserView, { props: { userId: 7 } });
      await screen.findByRole('heading', { level: 1, name: 'Ada Reader' });
      await fireEvent.click(screen.getByRole('button', { name: 'Set a temporary password' }));
      const secret = await screen.findByRole('group', { name: 'Temporary password for Ada Reader' });
      const sent = (calls.find((call) => call.method === 'POST')!.body as { password: string }).password;
      expect(secret.querySelector('[data-secret]')!.textContent).toBe(sent);
      expect(sent).toHaveLength(19);
      expect(screen.getByText(/must change password at next sign-in/)).toBeTruthy();

      await fireEvent.click(screen.getByRole('radio', { name: 'Type one' }));
      await fireEvent.input(screen.getByLabelText('Password to give them'), { target: { value: 'ada@demo.concord' } });
      await fireEvent.click(screen.getByRole('button', { name: 'Set a temporary password' }));
      expect(screen.getByText('Must not be the email address.')).toBeTruthy();
      expect(calls.filter((call) => call.method === 'POST')).toHaveLength(1);
    });

    it('records and removes the conflicts an admin recorded, and leaves those the person declared to them', async () => {
      const { calls } = stubFetch({
        'GET /api/users/7': { status: 200, body: ada },
        'PUT /api/users/7/conflicts': (call) => {
          const organisations = (call.body as { organisations: string[] }).organisations;
          return { status: 200, body: { ...ada, conflictsRecordedByAdmin: organisations, conflictOrganisations: [...organisations, 'Riverside High'] } };
        },
      });
      render(AdminUserView, { props: { userId: 7 } });
      await screen.findByRole('heading', { level: 1, name: 'Ada Reader' });
      expect(screen.queryByRole('button', { name: 'Remove Riverside High' })).toBeNull();
      await fireEvent.input(screen.getByLabelText('Organisation'), { target: { value: '  Eastgate Academy ' } });
      await fireEvent.click(screen.getByRole('button', { name: 'Record the conflict' }));
      await waitFor(() => expect(screen.getByText('Recorded: Ada Reader has a conflict with Eastgate Academy.')).toBeTruthy());
      expect(calls.at(-1)!.body).toEqual({ organisations: ['Northfield Middle School', 'Eastgate Academy'] });

      await fireEvent.click(screen.getByRole('button', { name: 'Remove Northfield Middle School' }));
      await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove Northfield Middle School' })).toBeNull());
      expect(calls.at(-1)!.body).toEqual({ organisations: ['Eastgate Academy'] });

      await fireEvent.input(screen.getByLabelText('Organisation'), { target: { value: 'eastgate academy' } });
      await fireEvent.click(screen.getByRole('button', { name: 'Record the conflict' }));
      expect(screen.getByText('Already recorded.')).toBeTruthy();
      expect(calls.filter((call) => call.method === 'PUT')).toHaveLength(2);
    });

    it('says so when the account does not exist', async () => {
      stubFetch({ 'GET /api/users/99': { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'user 99 does not exist' } } });
      render(AdminUserView, { props: { userId: 99 } });
      expect(await screen.findByText('Not found')).toBeTruthy();
    });
  });

  describe('the conflicts screen', () => {
    it('records a conflict for a chosen person and removes one an admin recorded, without leaving the screen', async () => {
      const bo = person(8, 'Bo Reader', ['assessor']);
      const { calls } = stubFetch({
        'GET /api/users': { status: 200, body: page([ada, bo], 2, 200) },
        'PUT /api/users/8/conflicts': (call) => {
          const organisations = (call.body as { organisations: string[] }).organisations;
          return { status: 200, body: { ...bo, conflictOrganisations: organisations, conflictsRecordedByAdmin: organisations } };
        },
        'PUT /api/users/7/conflicts': (call) => {
          const organisations = (call.body as { organisations: string[] }).organisations;
          return { status: 200, body: { ...ada, conflictOrganisations: [...organisations, 'Riverside High'], conflictsRecordedByAdmin: organisations } };
        },
      });
      render(AdminConflictsView);
      await waitFor(() => expect(screen.getByRole('status').textContent).toBe('1 of 2 people have a conflict; 1 shown.'));

      await fireEvent.click(screen.getByRole('button', { name: 'Record the conflict' }));
      expect(screen.getByText('Choose a person.')).toBeTruthy();
      await fireEvent.change(screen.getByLabelText('Person'), { target: { value: '8' } });
      await fireEvent.input(screen.getByLabelText('Organisation'), { target: { value: 'Eastgate Academy' } });
      await fireEvent.click(screen.getByRole('button', { name: 'Record the conflict' }));
      await waitFor(() => expect(screen.getByRole('status').textContent).toBe('2 of 2 people have a conflict; 2 shown.'));
      expect(calls.at(-1)!).toMatchObject({ method: 'PUT', url: '/api/users/8/conflicts', body: { organisations: ['Eastgate Academy'] } });
      const row = document.querySelector<HTMLElement>('tr[data-user="8"]')!;
      expect(row.textContent).toContain('Eastgate Academy (recorded by an admin)');
      expect(within(row).getByRole('link', { name: 'Open the account of Bo Reader' }).getAttribute('href')).toBe('/admin/users/8');

      await fireEvent.click(screen.getByRole('button', { name: 'Remove Northfield Middle School from Ada Reader' }));
      await waitFor(() => expect(screen.getByText('Removed Northfield Middle School from Ada Reader’s conflicts.')).toBeTruthy());
      expect(calls.at(-1)!).toMatchObject({ url: '/api/users/7/conflicts', body: { organisations: [] } });
      // what Ada declared herself stays, with no button to remove it
      expect(document.querySelector('tr[data-user="7"]')!.textContent).toContain('Riverside High (declared by them)');
      expect(screen.queryByRole('button', { name: /Remove Riverside High/ })).toBeNull();
    });
  });
});
