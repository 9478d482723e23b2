import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SampleSizePlanResponse } from '../../lib/api/schema';
import { signInAs, stubFetch } from '../report-fixture.test-support';
import SampleSizePlanner from './SampleSizePlanner.svelte';

/** What `GET /api/plan` answers for a true agreement of 0.9 at 0.8 (the figures of `concord plan`). */
function planFor(query: URLSearchParams, overrides: Partial<SampleSizePlanResponse> = {}): SampleSizePlanResponse {
  const at = Number(query.get('at'));
  const powerAt = [
    { submissions: 25, power: 0.072 },
    { submissions: 50, power: 0.431 },
    { submissions: 60, power: 0.437 },
    { submissions: 100, power: 0.759 },
    { submissions: 200, power: 0.98 },
  ].filter((point) => [25, 50, 100, 200, at].includes(point.submissions));
  return {
    expected: Number(query.get('expected')),
    threshold: Number(query.get('threshold')),
    power: Number(query.get('power')),
    readers: Number(query.get('readers')),
    alpha: 0.025,
    submissions: 113,
    firstReaching: 107,
    checkedTo: 214,
    powerAtSubmissions: 0.803,
    powerAt,
    method: Number(query.get('readers')) > 2 ? 'exact_binomial_conservative' : 'exact_binomial',
    notes: [],
    ...overrides,
  };
}

const queryOf = (url: string) => new URL(url, 'http://localhost').searchParams;

describe('SampleSizePlanner', () => {
  beforeEach(() => signInAs(['designer']));
  afterEach(() => {
    vi.unstubAllGlobals();
    sessionStorage.clear();
  });

  it('asks the API with its defaults and says what 50 submissions show at the expected agreement', async () => {
    const { calls } = stubFetch({ 'GET /api/plan': (call) => ({ status: 200, body: planFor(queryOf(call.url)) }) });
    render(SampleSizePlanner);
    await waitFor(() => expect(screen.getByTestId('planner-needed').textContent).toContain('113'));
    expect(Object.fromEntries(queryOf(calls[0].url))).toEqual({ expected: '0.9', threshold: '0.8', power: '0.8', readers: '2', at: '50' });
    expect(screen.getByTestId('planner-power').textContent).toBe('43.1%');
    expect(screen.getByText('With 50 submissions a row at 90% true agreement is shown validated 43.1% of the time.')).toBeTruthy();
    expect(document.body.textContent).toContain('power first reaches it at 107');
    // its own fields, with their defaults
    expect((screen.getByLabelText('Agreement threshold') as HTMLInputElement).value).toBe('0.8');
    expect((screen.getByLabelText('Wanted power') as HTMLInputElement).value).toBe('0.8');
    expect((screen.getByLabelText('Readers per submission') as HTMLInputElement).value).toBe('2');
  });

  it('asks again when a value changes, and names the field the API refuses', async () => {
    const { calls } = stubFetch({
      'GET /api/plan': (call) => {
        const query = queryOf(call.url);
        if (Number(query.get('expected')) <= Number(query.get('threshold')))
          return {
            status: 422,
            body: { statusCode: 422, error: 'Unprocessable Entity', message: 'Unprocessable Entity', errors: [{ field: 'expected', message: 'the expected agreement (0.75) must exceed the threshold (0.8)' }] },
          };
        return { status: 200, body: planFor(query) };
      },
    });
    render(SampleSizePlanner);
    await waitFor(() => expect(screen.getByTestId('planner-needed').textContent).toContain('113'));
    const expected = screen.getByLabelText('Expected agreement');
    await fireEvent.input(expected, { target: { value: '0.75' } });
    await waitFor(() => expect(expected.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('The expected agreement (0.75) must exceed the threshold (0.8).')).toBeTruthy();
    expect(screen.queryByTestId('planner-needed')).toBeNull();
    await fireEvent.input(screen.getByLabelText('Agreement threshold'), { target: { value: '0.7' } });
    await waitFor(() => expect(screen.getByTestId('planner-needed')).toBeTruthy());
    expect(Object.fromEntries(queryOf(calls.at(-1)!.url))).toMatchObject({ expected: '0.75', threshold: '0.7' });
    expect(expected.getAttribute('aria-invalid')).toBeNull();
  });

  it('follows a window’s size, threshold and readers when handed them, instead of its own fields', async () => {
    const { calls } = stubFetch({ 'GET /api/plan': (call) => ({ status: 200, body: planFor(queryOf(call.url)) }) });
    const { rerender } = render(SampleSizePlanner, { submissions: 60, threshold: 0.8, readers: 3 });
    await waitFor(() => expect(screen.getByTestId('planner-power').textContent).toBe('43.7%'));
    expect(Object.fromEntries(queryOf(calls[0].url))).toEqual({ expected: '0.9', threshold: '0.8', power: '0.8', readers: '3', at: '60' });
    expect(screen.queryByLabelText('Agreement threshold')).toBeNull();
    expect(screen.queryByLabelText('Readers per submission')).toBeNull();
    expect(document.body.textContent).toContain('For this window: 60 submissions, threshold 80%, 3 readers per submission.');
    expect(screen.getByText('With 60 submissions a row at 90% true agreement is shown validated 43.7% of the time.')).toBeTruthy();
    expect(screen.getByTestId('planner-needed').textContent).toContain('113 at most');

    // the window's size typed anew, then emptied (the API's default of 50)
    await rerender({ submissions: 100, threshold: 0.8, readers: 3 });
    await waitFor(() => expect(screen.getByText('With 100 submissions a row at 90% true agreement is shown validated 75.9% of the time.')).toBeTruthy());
    await rerender({ submissions: null, threshold: null, readers: null });
    await waitFor(() => expect(queryOf(calls.at(-1)!.url).get('at')).toBe('50'));
    expect(Object.fromEntries(queryOf(calls.at(-1)!.url))).toMatchObject({ threshold: '0.8', readers: '2' });

    // settings out of range: no call, a word instead
    const before = calls.length;
    await rerender({ submissions: 50, threshold: 0.8, readers: 1 });
    expect(await screen.findByText('The plan follows the window’s settings above once they are in range.')).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(calls.length).toBe(before);
  });

  it('keeps Enter in its fields from submitting a form it sits in', async () => {
    stubFetch({ 'GET /api/plan': (call) => ({ status: 200, body: planFor(queryOf(call.url)) }) });
    render(SampleSizePlanner);
    const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    screen.getByLabelText('Expected agreement').dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
  });
});
