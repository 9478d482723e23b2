import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '../lib/router.svelte';
import { credentialPage, item, pools, rubricVersion, signInAs, versionSummaries } from './certification-fixture.test-support';
import { fakeApi } from './fake-api.test-support';
import MaterialView from './MaterialView.svelte';

const BASE = '/api/credentials/1/rubric-versions/1';

const ambiguous = item({
  id: 41,
  status: 'ambiguous',
  confirmedBy: { id: 5, name: 'Tess Quinn' },
  confirmedAt: '2026-03-02T10:00:00.000Z',
  rows: [
    { key: 'scoring_tool', finalLevel: '2', disagreed: true, confirmedLevel: '3', trueLevel: '2', rationale: 'Observable features.' },
    { key: 'criteria', finalLevel: 'yes', disagreed: false, confirmedLevel: 'yes', trueLevel: 'yes', rationale: null },
  ],
});
const confirmed = item({ id: 42, status: 'confirmed', provenance: 'agreed', borderline: false, pool: 'qualifying', confirmedBy: { id: 5, name: 'Tess Quinn' }, confirmedAt: '2026-03-02T10:00:00.000Z' });

function routes(overrides: Record<string, Parameters<typeof fakeApi>[0][string]> = {}) {
  return fakeApi({
    'GET /api/credentials': { status: 200, body: credentialPage },
    'GET /api/credentials/1/rubric-versions': { status: 200, body: versionSummaries },
    [`GET ${BASE}`]: { status: 200, body: rubricVersion },
    [`GET ${BASE}/calibration/pools`]: { status: 200, body: pools() },
    [`GET ${BASE}/calibration/candidates`]: { status: 200, body: { items: [item(), ambiguous, confirmed], total: 3, page: 1, pageSize: 20 } },
    ...overrides,
  });
}

function open(path = '/material') {
  history.replaceState(null, '', path);
  router.sync();
  return render(MaterialView);
}

describe('MaterialView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['trainer']);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('lists the material of the newest version with a completed window, with the counts and both levels of an ambiguous item', async () => {
    const api = routes();
    vi.stubGlobal('fetch', api.fetch);
    open();

    const table = await screen.findByRole('table', { name: /Calibration items of version 1/ });
    expect(api.calls.some((call) => call.url === `${BASE}/calibration/candidates?page=1&pageSize=20`)).toBe(true);
    expect(screen.getByText(/candidates to confirm/).textContent).toContain('3');
    expect(screen.getByRole('link', { name: '4 not yet in a pool' }).getAttribute('href')).toBe('/pools?credential=1&version=1');

    const [candidateRow, ambiguousRow, confirmedRow] = within(table).getAllByRole('row').slice(1);
    expect(within(candidateRow!).getByRole('link', { name: 'Confirm item 40' }).getAttribute('href')).toBe('/credentials/1/versions/1/material/40');
    expect(candidateRow!.textContent).toContain('1 row disagreed live: Quality of the scoring tool');
    expect(candidateRow!.textContent).toContain('Borderline');
    expect(within(ambiguousRow!).getByRole('link', { name: 'Settle item 41' })).toBeTruthy();
    expect(ambiguousRow!.textContent?.replace(/\s+/g, ' ')).toContain('Quality of the scoring tool: first trainer Proficient, final level Developing');
    expect(ambiguousRow!.textContent).not.toContain('Success criteria shared:');
    expect(within(confirmedRow!).getByRole('link', { name: 'Open item 42' })).toBeTruthy();
    expect(confirmedRow!.textContent).toContain('Qualifying pool');
    expect(confirmedRow!.textContent).toContain('Tess Quinn');
  });

  it('filters by status through the URL and asks the API for that status only', async () => {
    const api = routes({
      [`GET ${BASE}/calibration/candidates?page=1&pageSize=20&status=ambiguous`]: { status: 200, body: { items: [ambiguous], total: 1, page: 1, pageSize: 20 } },
    });
    vi.stubGlobal('fetch', api.fetch);
    open('/material?credential=1&version=1');
    await screen.findByRole('table', { name: /Calibration items/ });

    await fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'ambiguous' } });
    expect(new URLSearchParams(location.search).get('status')).toBe('ambiguous');
    await waitFor(() => expect(screen.getAllByRole('link', { name: /item \d+$/ })).toHaveLength(1));
    expect(screen.getByRole('link', { name: 'Settle item 41' })).toBeTruthy();
  });

  it('makes candidates from the completed window and says how many', async () => {
    const api = routes({ [`POST ${BASE}/calibration/candidates/from-window`]: { status: 200, body: { created: 12, skipped: 38 } } });
    vi.stubGlobal('fetch', api.fetch);
    open('/material?credential=1&version=1');
    await screen.findByRole('table', { name: /Calibration items/ });

    await fireEvent.click(screen.getByRole('button', { name: 'Make candidates from the completed window' }));
    expect((await screen.findByText(/12 candidates made/)).textContent).toContain('38 submissions were skipped');
    expect(api.callsTo('POST', `${BASE}/calibration/candidates/from-window`)).toHaveLength(1);
    await waitFor(() => expect(api.callsTo('GET', `${BASE}/calibration/candidates`)).toHaveLength(2));
  });

  it('keeps the window button disabled, with the reason, while the window still collects', async () => {
    const api = routes({
      'GET /api/credentials/1/rubric-versions/2': { status: 200, body: { ...rubricVersion, version: 2, validationStatus: 'collecting' } },
      'GET /api/credentials/1/rubric-versions/2/calibration/pools': { status: 200, body: pools({ material: { candidate: 0, ambiguous: 0, confirmed: 0, unpooled: 0 } }) },
      'GET /api/credentials/1/rubric-versions/2/calibration/candidates': { status: 200, body: { items: [], total: 0, page: 1, pageSize: 20 } },
    });
    vi.stubGlobal('fetch', api.fetch);
    open('/material?credential=1&version=2');

    const button = await screen.findByRole('button', { name: 'Make candidates from the completed window' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(document.getElementById(button.getAttribute('aria-describedby')!)!.textContent).toContain('The window of version 2 is collecting: candidates come from a completed window.');
    expect(await screen.findByText(/Version 2 has no calibration material yet/)).toBeTruthy();
  });

  it('uploads an expert panel’s CSV as it is, and lists every problem of a refused file by line and column', async () => {
    const api = routes({
      [`POST ${BASE}/calibration/candidates/import`]: [
        {
          status: 422,
          body: {
            statusCode: 422,
            error: 'Unprocessable Entity',
            message: '2 invalid fields',
            code: 'invalid',
            errors: [
              { field: 'line 3, level', message: '"9" is not a level of criteria (levels: no, yes)' },
              { field: 'line 2, evidence_text', message: 'item EP-1 has no evidence (evidence_text or evidence_url)' },
            ],
          },
        },
        { status: 200, body: { created: 2, skipped: 0 } },
      ],
    });
    vi.stubGlobal('fetch', api.fetch);
    open('/material?credential=1&version=1');
    await screen.findByRole('table', { name: /Calibration items/ });

    const csv = 'item,criterion,level\nEP-1,scoring_tool,2\nEP-1,criteria,9\n';
    await fireEvent.change(screen.getByLabelText('Expert-panel CSV file'), { target: { files: [new File([csv], 'panel.csv', { type: 'text/csv' })] } });
    const upload = await screen.findByRole('button', { name: 'Upload panel.csv' });
    await fireEvent.click(upload);

    const problems = await screen.findByRole('table', { name: /Problems in the expert-panel file/ });
    const cells = within(problems)
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim()));
    expect(cells).toEqual([
      ['2', 'evidence_text', 'item EP-1 has no evidence (evidence_text or evidence_url)'],
      ['3', 'level', '"9" is not a level of criteria (levels: no, yes)'],
    ]);
    expect(screen.getByText(/2 problems in the file: nothing was added/)).toBeTruthy();
    const sent = api.callsTo('POST', `${BASE}/calibration/candidates/import`)[0]!;
    expect(sent.body).toBe(csv);
    expect(sent.headers['Content-Type']).toBe('text/csv');

    await fireEvent.click(screen.getByRole('button', { name: 'Upload panel.csv' }));
    expect(await screen.findByText('2 expert-panel items from panel.csv added as candidates.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: /Problems in the expert-panel file/ })).toBeNull();
  });

  it('adds one expert-panel item: says what is missing first, then sends the levels, rationales and evidence', async () => {
    const api = routes({ [`POST ${BASE}/calibration/candidates`]: { status: 201, body: item({ id: 57, provenance: 'expert_panel' }) } });
    vi.stubGlobal('fetch', api.fetch);
    open('/material?credential=1&version=1');
    await screen.findByRole('table', { name: /Calibration items/ });

    await fireEvent.click(screen.getByRole('button', { name: 'Add an expert-panel item' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Add the item as a candidate' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Evidence text: give the evidence');
    expect(summary.textContent).toContain('Quality of the scoring tool: choose the panel’s level');
    expect(api.callsTo('POST', `${BASE}/calibration/candidates`)).toHaveLength(0);

    const form = screen.getByRole('button', { name: 'Add the item as a candidate' }).closest('form')!;
    await fireEvent.input(within(form).getByLabelText('Panel reference (optional, unique in this version)'), { target: { value: 'EP-9' } });
    await fireEvent.input(within(form).getByLabelText('Evidence text'), { target: { value: ' A unit plan with a rubric. ' } });
    const [toolLevel, criteriaLevel] = within(form).getAllByLabelText('The panel’s level');
    await fireEvent.change(toolLevel!, { target: { value: '3' } });
    await fireEvent.change(criteriaLevel!, { target: { value: 'no' } });
    await fireEvent.input(within(form).getAllByLabelText(/Rationale/)[0]!, { target: { value: 'Observable features throughout.' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add the item as a candidate' }));

    expect((await screen.findByText(/Item 57 added as a candidate/)).closest('[role="status"]')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Confirm item 57' }).getAttribute('href')).toBe('/credentials/1/versions/1/material/57');
    expect(api.callsTo('POST', `${BASE}/calibration/candidates`)[0]!.body).toEqual({
      externalRef: 'EP-9',
      evidenceText: 'A unit plan with a rubric.',
      levels: { scoring_tool: '3', criteria: 'no' },
      rationales: { scoring_tool: 'Observable features throughout.' },
    });
  });

  it('shows a researcher the material without the ways to add it', async () => {
    signInAs(['researcher']);
    const api = routes();
    vi.stubGlobal('fetch', api.fetch);
    open('/material?credential=1&version=1');

    await screen.findByRole('table', { name: /Calibration items/ });
    expect(screen.queryByRole('heading', { name: 'Add material' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Open item 40' })).toBeTruthy();
    expect(screen.getByText(/Trainers confirm material and draw the pools/)).toBeTruthy();
  });

  it('says so when the list cannot be read, and tries again', async () => {
    const api = routes({
      [`GET ${BASE}/calibration/candidates`]: [
        { status: 500, body: { statusCode: 500, error: 'Internal Server Error', message: 'database unavailable' } },
        { status: 200, body: { items: [item()], total: 1, page: 1, pageSize: 20 } },
      ],
    });
    vi.stubGlobal('fetch', api.fetch);
    open('/material?credential=1&version=1');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The server failed');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Confirm item 40' })).toBeTruthy();
  });
});
