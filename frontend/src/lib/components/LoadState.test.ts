import { fireEvent, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import LoadState from './LoadState.svelte';

const content = createRawSnippet(() => ({ render: () => '<p>the rows</p>' }));

describe('LoadState', () => {
  it('shows a status while loading, and not the content', () => {
    render(LoadState, { props: { loading: true, children: content, loadingMessage: 'Loading the report…' } });
    expect(screen.getByRole('status').textContent).toContain('Loading the report…');
    expect(screen.queryByText('the rows')).toBeNull();
  });

  it('shows the content once loaded and not empty', () => {
    render(LoadState, { props: { loading: false, children: content } });
    expect(screen.getByText('the rows')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the empty message instead of the content when there is nothing', () => {
    render(LoadState, { props: { loading: false, empty: true, emptyMessage: 'No credentials yet.', children: content } });
    expect(screen.getByText('No credentials yet.')).toBeTruthy();
    expect(screen.queryByText('the rows')).toBeNull();
  });

  it.each([
    [new ApiError(403, 'researchers only'), 'Not available to you', 'researchers only'],
    [new ApiError(404, 'no credential 9'), 'Not found', 'no credential 9'],
    [new ApiError(0, 'The server could not be reached.', 'network'), 'Cannot reach the server', 'The server could not be reached.'],
    [new ApiError(500, 'internal error'), 'The server failed', 'internal error'],
    [new ApiError(502, 'Bad Gateway'), 'Cannot reach the server', 'The API did not answer.'],
    [new ApiError(409, 'already scored'), 'The request was refused', 'already scored'],
    [new Error('boom'), 'Something went wrong', 'boom'],
  ])('explains %s as "%s" with its message', (error, title, detail) => {
    render(LoadState, { props: { loading: false, error, children: content } });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(title);
    expect(alert.textContent).toContain(detail);
    expect(screen.queryByText('the rows')).toBeNull();
  });

  it('offers a retry that calls onretry', async () => {
    const onretry = vi.fn();
    render(LoadState, { props: { loading: false, error: new Error('boom'), onretry } });
    await fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onretry).toHaveBeenCalledTimes(1);
  });

  it('offers no retry button without onretry', () => {
    render(LoadState, { props: { loading: false, error: new Error('boom') } });
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('holds its minimum height while loading so the page does not jump', () => {
    render(LoadState, { props: { loading: true, minHeight: '20rem' } });
    expect(screen.getByRole('status').style.minHeight).toBe('20rem');
  });
});
