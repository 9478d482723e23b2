import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { navigationFor } from '../routes';
import AppHeader from './AppHeader.svelte';

describe('AppHeader', () => {
  it('shows the name, the roles and the links those roles open, marking the current one', () => {
    render(AppHeader, {
      props: { user: { name: 'Ada Lovelace', roles: ['researcher', 'adjudicator'] }, items: navigationFor(['researcher', 'adjudicator']), current: 'assessors' },
    });
    expect(screen.getByText('Ada Lovelace')).toBeTruthy();
    expect(screen.getByText('researcher, adjudicator')).toBeTruthy();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(['Credentials', 'Assessors', 'Certification', 'Calibration material', 'Adjudications', 'Import', 'Audit log']);
    expect(within(nav).getByRole('link', { name: 'Assessors' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Credentials' }).getAttribute('aria-current')).toBeNull();
  });

  it('links to the person’s own password beside sign out, marked while open', () => {
    render(AppHeader, { props: { user: { name: 'Ada', roles: ['assessor'] }, passwordHref: '/my/password', current: 'myPassword' } });
    const account = screen.getByRole('list', { name: 'Your account' });
    const link = within(account).getByRole('link', { name: 'Change password' });
    expect(link.getAttribute('href')).toBe('/my/password');
    expect(link.getAttribute('aria-current')).toBe('page');
    expect(within(account).getByRole('button', { name: 'Sign out' })).toBeTruthy();
  });

  it('calls onsignout from the sign out button', async () => {
    const onsignout = vi.fn();
    render(AppHeader, { props: { user: { name: 'Ada', roles: ['assessor'] }, onsignout } });
    await fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(onsignout).toHaveBeenCalledTimes(1);
  });

  it('shows no navigation and no sign out before sign-in, but keeps the skip link', () => {
    render(AppHeader, { props: { user: null } });
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Skip to content' }).getAttribute('href')).toBe('#main');
  });
});
