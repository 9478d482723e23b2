import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { item, rubricVersion, signInAs } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';
import MaterialItemView from './MaterialItemView.svelte';

const BASE = '/api/credentials/1/rubric-versions/1';
const ITEM = `${BASE}/calibration/candidates/40`;

function routes(itemBody = item(), extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({ [`GET ${ITEM}`]: { status: 200, body: itemBody }, [`GET ${BASE}`]: { status: 200, body: rubricVersion }, ...extra });
}

function rowSection(title: string) {
  return screen.getByRole('region', { name: title });
}

describe('MaterialItemView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['trainer']);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the evidence and each row at its final level, marking the row the readers disagreed on and its required rationale', async () => {
    const api = routes();
    vi.stubGlobal('fetch', api.fetch);
    render(MaterialItemView, { props: { credentialId: 1, version: 1, itemId: 40 } });

    expect(await screen.findByRole('heading', { level: 1, name: 'Calibration item 40' })).toBeTruthy();
    expect(screen.getByText(/Unit portfolio: task brief/)).toBeTruthy();
    const tool = await screen.findByRole('region', { name: 'Quality of the scoring tool' });
    expect(tool.textContent).toContain('Readers disagreed live');
    expect(tool.textContent).toContain('Final level live: Developing');
    expect((within(tool).getByRole('radio', { name: /Developing/ }) as HTMLInputElement).checked).toBe(true);
    expect(within(tool).getByLabelText(/Rationale/).getAttribute('aria-required')).toBe('true');
    expect(tool.textContent).toContain('(required: the readers disagreed live)');
    const criteria = rowSection('Success criteria shared');
    expect(criteria.textContent).not.toContain('Readers disagreed live');
    expect(within(criteria).getByLabelText(/Rationale/).getAttribute('aria-required')).toBeNull();
    expect((within(criteria).getByRole('radio', { name: /Evident/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('asks for the missing rationale before sending, then confirms with every level and the rationales written', async () => {
    const api = routes(item(), {
      [`POST ${ITEM}/confirm`]: {
        status: 200,
        body: item({
          status: 'confirmed',
          confirmedBy: { id: 9, name: 'Test Person' },
          confirmedAt: '2026-03-03T10:00:00.000Z',
          rows: [
            { key: 'scoring_tool', finalLevel: '2', disagreed: true, confirmedLevel: '2', trueLevel: '2', rationale: 'Quality words only.' },
            { key: 'criteria', finalLevel: 'yes', disagreed: false, confirmedLevel: 'yes', trueLevel: 'yes', rationale: null },
          ],
        }),
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(MaterialItemView, { props: { credentialId: 1, version: 1, itemId: 40 } });
    await screen.findByRole('region', { name: 'Quality of the scoring tool' });

    await fireEvent.click(screen.getByRole('button', { name: 'Confirm the item' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Rationale for Quality of the scoring tool: the readers disagreed on this row live');
    expect(api.callsTo('POST', `${ITEM}/confirm`)).toHaveLength(0);

    await fireEvent.input(within(rowSection('Quality of the scoring tool')).getByLabelText(/Rationale/), { target: { value: ' Quality words only. ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Confirm the item' }));
    expect((await screen.findByRole('status')).textContent).toContain('Confirmed. The item can now be drawn into a pool.');
    expect(api.callsTo('POST', `${ITEM}/confirm`)[0]!.body).toEqual({ levels: { scoring_tool: '2', criteria: 'yes' }, rationales: { scoring_tool: 'Quality words only.' } });
    const table = screen.getByRole('table', { name: /Each row of item 40/ });
    expect(within(table).getByText('Quality words only.')).toBeTruthy();
  });

  it('warns before sending that a level differing from the final one makes the item ambiguous, then says it is', async () => {
    const api = routes(item(), {
      [`POST ${ITEM}/confirm`]: {
        status: 200,
        body: item({
          status: 'ambiguous',
          confirmedBy: { id: 9, name: 'Test Person' },
          rows: [
            { key: 'scoring_tool', finalLevel: '2', disagreed: true, confirmedLevel: '2', trueLevel: '2', rationale: 'Quality words only.' },
            { key: 'criteria', finalLevel: 'yes', disagreed: false, confirmedLevel: 'no', trueLevel: 'yes', rationale: null },
          ],
        }),
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(MaterialItemView, { props: { credentialId: 1, version: 1, itemId: 40 } });
    await screen.findByRole('region', { name: 'Quality of the scoring tool' });

    await fireEvent.click(within(rowSection('Success criteria shared')).getByRole('radio', { name: /Not evident/ }));
    expect(rowSection('Success criteria shared').textContent).toContain('Differs from the final level: confirming makes the item ambiguous.');
    expect(document.getElementById('confirm-help')!.textContent).toContain('Your level differs from the final level on 1 row (Success criteria shared)');

    await fireEvent.input(within(rowSection('Quality of the scoring tool')).getByLabelText(/Rationale/), { target: { value: 'Quality words only.' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Confirm the item' }));
    const outcome = await screen.findByRole('status');
    expect(outcome.textContent).toContain('The item is now ambiguous.');
    expect(outcome.textContent).toContain('1 row (Success criteria shared)');
    expect(outcome.textContent).toContain('until a second trainer settles it');
    expect(api.callsTo('POST', `${ITEM}/confirm`)[0]!.body).toMatchObject({ levels: { scoring_tool: '2', criteria: 'no' } });
  });

  it('disables confirm, with the reason, for a trainer who took part live', async () => {
    const api = routes(item({ callerTookPart: true }));
    vi.stubGlobal('fetch', api.fetch);
    render(MaterialItemView, { props: { credentialId: 1, version: 1, itemId: 40 } });

    const button = await screen.findByRole('button', { name: 'Confirm the item' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(document.getElementById(button.getAttribute('aria-describedby')!)!.textContent).toContain('You scored or adjudicated this submission live');
    expect((within(rowSection('Quality of the scoring tool')).getByLabelText(/Rationale/) as HTMLTextAreaElement).closest('fieldset')!.disabled).toBe(true);
  });

  it('lets a second trainer settle an ambiguous item, showing both levels of the row in doubt', async () => {
    const ambiguous = item({
      status: 'ambiguous',
      confirmedBy: { id: 5, name: 'Tess Quinn' },
      rows: [
        { key: 'scoring_tool', finalLevel: '2', disagreed: true, confirmedLevel: '3', trueLevel: '2', rationale: 'Observable features.' },
        { key: 'criteria', finalLevel: 'yes', disagreed: false, confirmedLevel: 'yes', trueLevel: 'yes', rationale: null },
      ],
    });
    const api = routes(ambiguous, { [`POST ${ITEM}/confirm`]: { status: 200, body: { ...ambiguous, status: 'confirmed', settledBy: { id: 9, name: 'Test Person' } } } });
    vi.stubGlobal('fetch', api.fetch);
    render(MaterialItemView, { props: { credentialId: 1, version: 1, itemId: 40 } });

    expect(await screen.findByRole('heading', { name: 'Settle the true levels' })).toBeTruthy();
    const tool = rowSection('Quality of the scoring tool');
    expect(tool.textContent?.replace(/\s+/g, ' ')).toContain('Final level live: Developing · first trainer: Proficient');
    expect(within(tool).getByRole('radio', { name: /Proficient/ }).closest('label')!.textContent).toContain('first trainer');
    expect((within(tool).getByLabelText(/Rationale/) as HTMLTextAreaElement).value).toBe('Observable features.');

    await fireEvent.click(within(tool).getByRole('radio', { name: /Proficient/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Settle the item' }));
    expect((await screen.findByRole('status')).textContent).toContain('Settled.');
    expect(api.callsTo('POST', `${ITEM}/confirm`)[0]!.body).toEqual({ levels: { scoring_tool: '3', criteria: 'yes' }, rationales: { scoring_tool: 'Observable features.' } });
  });

  it('does not let the trainer who made an item ambiguous settle it', async () => {
    const api = routes(item({ status: 'ambiguous', confirmedBy: { id: 9, name: 'Test Person' } }));
    vi.stubGlobal('fetch', api.fetch);
    render(MaterialItemView, { props: { credentialId: 1, version: 1, itemId: 40 } });

    const button = await screen.findByRole('button', { name: 'Settle the item' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/a second trainer settles it/)).toBeTruthy();
  });

  it('shows the API’s refusal with each field named by its row', async () => {
    const api = routes(item({ rows: [{ key: 'scoring_tool', finalLevel: '2', disagreed: false, confirmedLevel: null, trueLevel: null, rationale: null }] }), {
      [`POST ${ITEM}/confirm`]: {
        status: 422,
        body: { statusCode: 422, error: 'Unprocessable Entity', message: '1 invalid field', code: 'invalid', errors: [{ field: 'levels.criteria', message: 'a true level is required for every row' }] },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(MaterialItemView, { props: { credentialId: 1, version: 1, itemId: 40 } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Confirm the item' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Success criteria shared');
    expect(alert.textContent).toContain('a true level is required for every row');
  });

  it('shows a researcher the levels and rationales read-only', async () => {
    signInAs(['researcher']);
    const api = routes(item({ status: 'confirmed', rows: [{ key: 'scoring_tool', finalLevel: '2', disagreed: true, confirmedLevel: '2', trueLevel: '2', rationale: 'Quality words only.' }] }));
    vi.stubGlobal('fetch', api.fetch);
    render(MaterialItemView, { props: { credentialId: 1, version: 1, itemId: 40 } });

    const table = await screen.findByRole('table', { name: /Each row of item 40/ });
    expect(within(table).getByText('Quality words only.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Confirm/ })).toBeNull();
    expect(screen.queryAllByRole('radio')).toHaveLength(0);
  });
});
