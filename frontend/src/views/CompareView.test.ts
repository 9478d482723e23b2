import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialDetailResponse, ReportResponse } from '../lib/api/schema';
import { router } from '../lib/router.svelte';
import CompareView from './CompareView.svelte';
import { reportFixture, rubricRowsOf, signInAs, stubFetch, versionFixture, type Call } from './report-fixture.test-support';

const BASE = '/api/credentials/1/rubric-versions';

const credential: CredentialDetailResponse = {
  id: 1,
  title: 'Performance Assessment Design',
  description: '',
  createdAt: '2026-01-01T00:00:00.000Z',
  latestVersion: 2,
  versions: [
    { version: 1, previousVersion: null, createdAt: '2026-01-01T00:00:00.000Z', locked: true, validationStatus: 'complete' },
    { version: 2, previousVersion: 1, createdAt: '2026-02-01T00:00:00.000Z', locked: true, validationStatus: 'complete' },
  ],
};

/** Version 1 (scoring_tool failing) and version 2, which rewrote scoring_tool and still finds it failing. */
function fixtures() {
  const first = reportFixture();
  const second: ReportResponse = reportFixture({
    rubricVersion: 2,
    previousVersion: 1,
    rows: reportFixture().rows.map((row) => ({
      ...row,
      carriedOver: row.criterion !== 'scoring_tool',
      descriptor: row.criterion === 'scoring_tool' ? 'The scoring tool is clear and usable.' : row.descriptor,
      metrics: row.criterion === 'scoring_tool' ? { ...row.metrics, percent_agreement: { value: 0.7, se: null, ci: null, interval: null } } : row.metrics,
    })),
  });
  const v1 = versionFixture(1, null, rubricRowsOf(first));
  const v2 = versionFixture(2, 1, rubricRowsOf(second).map((row) => ({ ...row, carriedOver: row.key !== 'scoring_tool' })));
  return { first, second, v1, v2 };
}

function routes(post?: (call: Call) => { status: number; body?: unknown }) {
  const { first, second, v1, v2 } = fixtures();
  return stubFetch({
    'GET /api/credentials/1': { status: 200, body: credential },
    [`GET ${BASE}/1`]: { status: 200, body: v1 },
    [`GET ${BASE}/2`]: { status: 200, body: v2 },
    [`GET ${BASE}/1/report`]: { status: 200, body: first },
    [`GET ${BASE}/2/report`]: { status: 200, body: second },
    ...(post ? { [`POST ${BASE}`]: post } : {}),
  });
}

function open(search = '') {
  history.replaceState(null, '', `/credentials/1/compare${search}`);
  router.sync();
  return render(CompareView, { props: { credentialId: 1 } });
}

async function startRevision() {
  await fireEvent.click(await screen.findByRole('button', { name: 'Start a revision (version 3)' }));
  return screen.findByRole('button', { name: 'Save version 3' });
}

describe('CompareView', () => {
  beforeEach(() => {
    sessionStorage.clear();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('compares the newest revision with the version it revises, marking the rewritten row, with a slope per row', async () => {
    signInAs(['researcher']);
    routes();
    const { container } = open();
    await screen.findByText('Version 2 against version 1:', { exact: false });
    const marks = Object.fromEntries([...container.querySelectorAll('table.compare tr[data-key]')].map((tr) => [tr.getAttribute('data-key'), tr.getAttribute('data-change')]));
    expect(marks).toEqual({ learning_targets: 'unchanged', scoring_tool: 'rewritten', success_criteria: 'unchanged' });
    expect(within(container.querySelector<HTMLElement>('tr[data-key="scoring_tool"]')!).getByText('Rewritten')).toBeTruthy();
    const slopes = container.querySelectorAll('.slope-chart g.row');
    expect(slopes).toHaveLength(3);
    expect(container.querySelector('.slope-chart g.row.changed')?.getAttribute('data-key')).toBe('scoring_tool');
    expect(container.querySelector('tr[data-key="scoring_tool"] td.number')?.textContent?.trim()).toBe('+6 pts');
    // A researcher compares but does not revise.
    expect(screen.queryByRole('button', { name: /Start a revision/ })).toBeNull();
  });

  it('opens a draft of the next version with the failing row highlighted and open for editing', async () => {
    signInAs(['designer']);
    routes();
    const { container } = open();
    const save = await startRevision();
    expect((save as HTMLButtonElement).disabled).toBe(true);
    const failing = container.querySelector<HTMLDetailsElement>('details.row[data-key="scoring_tool"]')!;
    expect(failing.classList.contains('failing')).toBe(true);
    expect(failing.open).toBe(true);
    expect(within(failing).getByText('Needs revision')).toBeTruthy();
    expect(container.querySelector<HTMLDetailsElement>('details.row[data-key="learning_targets"]')!.classList.contains('failing')).toBe(false);
    expect(container.querySelector<HTMLDetailsElement>('details.row[data-key="learning_targets"]')!.open).toBe(false);
  });

  it('undoes the edits to a row, leaving nothing to save', async () => {
    signInAs(['designer']);
    routes();
    const { container } = open();
    const save = await startRevision();
    const failing = container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!;
    await fireEvent.input(within(failing).getByLabelText('Title'), { target: { value: 'Something else' } });
    expect((save as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.click(within(failing).getByRole('button', { name: 'Undo my changes to this row' }));
    expect((within(failing).getByLabelText('Title') as HTMLInputElement).value).toBe('Quality of the scoring tool');
    expect((save as HTMLButtonElement).disabled).toBe(true);
    expect(failing.classList.contains('failing')).toBe(true);
  });

  it('saves the draft with previousVersion and only the edited row', async () => {
    signInAs(['designer']);
    const saved = vi.fn((call: Call) => {
      void call;
      return { status: 201, body: versionFixture(3, 2, rubricRowsOf(reportFixture(), true)) };
    });
    routes(saved);
    const { container } = open();
    const save = await startRevision();
    const failing = container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!;
    await fireEvent.input(within(failing).getByLabelText('Title'), { target: { value: 'Clarity of the scoring tool' } });
    const secondLevel = within(failing).getByRole('group', { name: 'Level 2' });
    await fireEvent.input(within(secondLevel).getByLabelText('Level descriptor'), { target: { value: 'Levels exist but two of them overlap.' } });
    expect((save as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.click(save);

    await waitFor(() => expect(saved).toHaveBeenCalledTimes(1));
    const body = saved.mock.calls[0]![0].body as { previousVersion: number; rows: { key: string; title: string; levels: { descriptor: string }[] }[] };
    expect(body.previousVersion).toBe(2);
    expect(body.rows.map((row) => row.key)).toEqual(['scoring_tool']);
    expect(body.rows[0]!.title).toBe('Clarity of the scoring tool');
    expect(body.rows[0]!.levels.map((level) => level.descriptor)).toEqual([
      'No scoring tool.',
      'Levels exist but two of them overlap.',
      'Distinct, mostly observable levels.',
      'Observable levels with anchor examples.',
    ]);
    expect(await screen.findByText('Version 3 is saved', { exact: false })).toBeTruthy();
    expect(location.search).toBe('?from=2&to=3');
    expect(container.querySelector('details.row')).toBeNull();
  });

  it('shows a 422 with its field path, beside the field it names', async () => {
    signInAs(['designer']);
    routes(() => ({
      status: 422,
      body: {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'rows.0.levels.1.value: value "1" is already used by rows.0.levels.0',
        code: 'invalid',
        errors: [{ field: 'rows.0.levels.1.value', message: 'value "1" is already used by rows.0.levels.0' }],
      },
    }));
    const { container } = open();
    const save = await startRevision();
    const failing = container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!;
    const secondLevel = within(failing).getByRole('group', { name: 'Level 2' });
    await fireEvent.input(within(secondLevel).getByLabelText('Value'), { target: { value: '1' } });
    await fireEvent.click(save);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('422');
    expect(within(alert).getByText('rows.0.levels.1.value')).toBeTruthy();
    expect(alert.textContent).toContain('Quality of the scoring tool, level 2, value');
    const valueInput = within(secondLevel).getByLabelText('Value');
    expect(valueInput.getAttribute('aria-invalid')).toBe('true');
    expect(within(secondLevel).getByText('value "1" is already used by rows.0.levels.0')).toBeTruthy();
  });

  it('shows a 409 when the version revised is no longer the latest', async () => {
    signInAs(['designer']);
    routes(() => ({ status: 409, body: { statusCode: 409, error: 'Conflict', message: 'only the latest version (3) can be revised', code: 'not_latest_version' } }));
    const { container } = open();
    const save = await startRevision();
    await fireEvent.input(within(container.querySelector<HTMLElement>('details.row[data-key="scoring_tool"]')!).getByLabelText('Title'), { target: { value: 'New title' } });
    await fireEvent.click(save);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('409');
    expect(alert.textContent).toContain('only the latest version (3) can be revised');
  });
});
