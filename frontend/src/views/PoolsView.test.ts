import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { credentialPage, pools, rubricVersion, settings, signInAs, versionSummaries } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';
import PoolsView from './PoolsView.svelte';

const BASE = '/api/credentials/1/rubric-versions/1';

function routes(extra: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    'GET /api/credentials': { status: 200, body: credentialPage },
    'GET /api/credentials/1/rubric-versions': { status: 200, body: versionSummaries },
    [`GET ${BASE}`]: { status: 200, body: rubricVersion },
    [`GET ${BASE}/calibration/pools`]: { status: 200, body: pools() },
    'GET /api/credentials/1/certification-settings': { status: 200, body: settings() },
    ...extra,
  });
}

function open() {
  history.replaceState(null, '', '/pools?credential=1&version=1');
  router.sync();
  return render(PoolsView);
}

describe('PoolsView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['trainer']);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows every pool with its items, borderline items and a coverage table that marks a missing level in words', async () => {
    vi.stubGlobal('fetch', routes().fetch);
    open();

    const qualifying = await screen.findByRole('region', { name: 'Qualifying' });
    expect(qualifying.textContent).toContain('9 items, 3 borderline');
    expect(qualifying.textContent).toContain('Missing: Quality of the scoring tool at Beginning.');
    const table = within(qualifying).getByRole('table', { name: /Qualifying pool: items at each true level/ });
    const tool = within(table).getByRole('row', { name: /Quality of the scoring tool/ });
    const cells = [...tool.querySelectorAll('td')].map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim());
    expect(cells).toEqual(['Beginning missing', 'Developing 5', 'Proficient 4']);
    expect(tool.querySelector('td.missing')?.getAttribute('data-level')).toBe('1');
    const criteria = within(table).getByRole('row', { name: /Success criteria shared/ });
    expect(criteria.querySelectorAll('td')[2]!.textContent).toContain('no such level');

    expect(screen.getByRole('region', { name: 'Anchor' }).textContent).toContain('Every level of every row is covered.');
    expect(screen.getByText(/A qualifying or calibration set holds 10 items/)).toBeTruthy();
  });

  it('draws the pools with the seed given and says how many items were drawn', async () => {
    const drawn = pools({ material: { candidate: 3, ambiguous: 1, confirmed: 30, unpooled: 0 } });
    const api = routes({ [`POST ${BASE}/calibration/pools`]: { status: 200, body: drawn } });
    vi.stubGlobal('fetch', api.fetch);
    open();

    await fireEvent.input(await screen.findByLabelText(/Seed/), { target: { value: ' pilot-2026 ' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Draw pools' }));
    expect((await screen.findByRole('status')).textContent).toContain('4 items drawn into the pools.');
    expect(api.callsTo('POST', `${BASE}/calibration/pools`)[0]!.body).toEqual({ seed: 'pilot-2026' });
    expect((screen.getByRole('button', { name: 'Draw pools' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText(/Every confirmed item is already in a pool/)).toBeTruthy();
  });

  it('shows the refusal when nothing waits for a pool', async () => {
    const api = routes({
      [`POST ${BASE}/calibration/pools`]: {
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: 'every confirmed item is already in a pool: confirm more material first', code: 'nothing_to_pool' },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    open();

    await fireEvent.click(await screen.findByRole('button', { name: 'Draw pools' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The pools were not drawn');
    expect(alert.textContent).toContain('confirm more material first');
  });

  it('says so when nothing is pooled yet, and shows a researcher no draw form', async () => {
    signInAs(['researcher']);
    const empty = pools({
      material: { candidate: 50, ambiguous: 0, confirmed: 0, unpooled: 0 },
      pools: pools().pools.map((pool) => ({ ...pool, items: 0, borderline: 0, rows: pool.rows.map((row) => ({ ...row, levels: row.levels.map((level) => ({ ...level, count: 0 })) })) })),
    });
    vi.stubGlobal('fetch', routes({ [`GET ${BASE}/calibration/pools`]: { status: 200, body: empty } }).fetch);
    open();

    expect(await screen.findByText('Nothing is pooled yet: confirm material, then draw the pools.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Draw pools' })).toBeNull();
    expect(screen.getAllByText('No items in this pool.')).toHaveLength(5);
  });
});
