import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialDetailResponse, RubricVersionResponse, ValidationWindowResponse } from '../lib/api/schema';
import FirstRubricView from './FirstRubricView.svelte';
import { signInAs, stubFetch, type Call } from './report-fixture.test-support';

/** A rubric file as `concord analyze --rubric` reads it (the demo's format: levels as objects). */
const demoRubric = JSON.stringify({
  title: 'Performance Assessment Design',
  version: 1,
  criteria: [
    {
      key: 'learning_targets',
      title: 'Alignment to learning targets',
      scale: 'ordinal',
      descriptor: 'The assessment task measures the learning targets it claims to measure.',
      levels: [
        { value: '1', label: 'Beginning', descriptor: 'Targets are absent or unrelated to the task.' },
        { value: '2', label: 'Developing', descriptor: 'Targets are stated but the task measures only some of them.' },
        { value: '3', label: 'Proficient', descriptor: 'Every target is measured by at least one part of the task.' },
      ],
    },
    { key: 'success_criteria', title: 'Success criteria shared', scale: 'nominal', levels: [{ value: 'no', label: 'Not shared' }, { value: 'yes', label: 'Shared' }] },
  ],
});

const credential: CredentialDetailResponse = { id: 4, title: 'Data Literacy', description: '', createdAt: '2026-03-01T00:00:00.000Z', latestVersion: null, versions: [] };

function version(body: { rows: RubricVersionResponse['rows'] }): RubricVersionResponse {
  return {
    version: 1,
    previousVersion: null,
    createdAt: '2026-03-01T00:00:00.000Z',
    locked: false,
    validationStatus: null,
    credentialId: 4,
    rows: body.rows.map((row) => ({ ...row, descriptor: row.descriptor ?? '', carriedOver: false, levels: row.levels.map((level) => ({ ...level, descriptor: level.descriptor ?? '' })) })),
  };
}

function opened(body: Partial<ValidationWindowResponse>): ValidationWindowResponse {
  return {
    id: 9,
    credentialId: 4,
    rubricVersion: 1,
    status: 'collecting',
    targetSubmissions: 50,
    readersPerSubmission: 2,
    threshold: 0.8,
    minimumPaired: 20,
    seed: 1,
    readersCertified: false,
    openedAt: '2026-03-01T00:00:00.000Z',
    adjudicatingAt: null,
    completedAt: null,
    progress: { targetSubmissions: 50, studySubmissions: 0, scoresExpected: 0, scoresReceived: 0, fullyScoredSubmissions: 0, disagreeingSubmissions: 0, adjudicatedSubmissions: 0, awaitingAdjudication: 0 },
    awaitingReader: 0,
    ...body,
  };
}

function routes() {
  const publish = vi.fn((call: Call) => ({ status: 201, body: version(call.body as { rows: RubricVersionResponse['rows'] }) }));
  const openWindow = vi.fn((call: Call) => ({ status: 201, body: opened(call.body as Partial<ValidationWindowResponse>) }));
  stubFetch({
    'GET /api/credentials/4': { status: 200, body: credential },
    'POST /api/credentials/4/rubric-versions': publish,
    'POST /api/credentials/4/rubric-versions/1/validation': openWindow,
  });
  return { publish, openWindow };
}

describe('FirstRubricView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signInAs(['researcher']);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('refuses an empty title in plain words before sending anything', async () => {
    const { publish } = routes();
    render(FirstRubricView, { props: { credentialId: 4 } });
    await screen.findByRole('heading', { level: 1, name: 'Data Literacy' });
    await fireEvent.click(screen.getByRole('button', { name: 'Publish version 1' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Row 1: the title is required.');
    expect(alert.textContent).toContain('Row 1, level 1: the label is required.');
    expect(screen.getByLabelText('Title').getAttribute('aria-invalid')).toBe('true');
    expect(publish).not.toHaveBeenCalled();
    expect(document.body.textContent).not.toMatch(/must be longer than|rows\.\d/);
  });

  it('publishes typed rows (keys made from titles), then opens the window with the settings chosen', async () => {
    const { publish, openWindow } = routes();
    const { container } = render(FirstRubricView, { props: { credentialId: 4 } });
    await screen.findByRole('heading', { level: 1, name: 'Data Literacy' });
    const first = container.querySelector<HTMLElement>('li.row')!;
    await fireEvent.input(within(first).getByLabelText('Title'), { target: { value: 'Reads the axis' } });
    const labels = within(first).getAllByLabelText('Label');
    await fireEvent.input(labels[0]!, { target: { value: 'Not yet' } });
    await fireEvent.input(labels[1]!, { target: { value: 'Yes' } });
    await fireEvent.change(within(first).getByLabelText('Scale'), { target: { value: 'nominal' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add a row' }));
    const second = container.querySelectorAll<HTMLElement>('li.row')[1]!;
    // every label names its own field: no id is used twice
    const ids = [...container.querySelectorAll('[id]')].map((element) => element.id);
    expect(new Set(ids).size).toBe(ids.length);
    await fireEvent.input(within(second).getByLabelText('Key'), { target: { value: 'trend' } });
    await fireEvent.input(within(second).getByLabelText('Title'), { target: { value: 'Names the trend' } });
    for (const [index, label] of ['Absent', 'Present'].entries()) await fireEvent.input(within(second).getAllByLabelText('Label')[index]!, { target: { value: label } });
    await fireEvent.click(screen.getByRole('button', { name: 'Publish version 1' }));

    await waitFor(() => expect(publish).toHaveBeenCalledTimes(1));
    expect(publish.mock.calls[0]![0].body).toEqual({
      rows: [
        { key: 'reads_the_axis', title: 'Reads the axis', descriptor: '', scale: 'nominal', levels: [{ value: '1', label: 'Not yet', descriptor: '' }, { value: '2', label: 'Yes', descriptor: '' }] },
        { key: 'trend', title: 'Names the trend', descriptor: '', scale: 'ordinal', levels: [{ value: '1', label: 'Absent', descriptor: '' }, { value: '2', label: 'Present', descriptor: '' }] },
      ],
    });
    expect(await screen.findByRole('heading', { name: 'Version 1 is published' })).toBeTruthy();
    const form = screen.getByRole('form', { name: 'Open the validation window of version 1' });
    await fireEvent.input(within(form).getByLabelText('Submissions in the study'), { target: { value: '30' } });
    await fireEvent.click(within(form).getByRole('button', { name: 'Open the window' }));
    await waitFor(() => expect(openWindow).toHaveBeenCalledTimes(1));
    expect(openWindow.mock.calls[0]![0].body).toMatchObject({ targetSubmissions: 30, readersPerSubmission: 2 });
    expect(await screen.findByText('Its validation window is open')).toBeTruthy();
  });

  it("imports the CLI's rubric file into the rows, and says what is wrong with a broken one", async () => {
    const { publish } = routes();
    const { container } = render(FirstRubricView, { props: { credentialId: 4 } });
    await screen.findByRole('heading', { level: 1, name: 'Data Literacy' });
    const input = screen.getByLabelText('Rubric file (JSON)') as HTMLInputElement;
    const broken = new File(['{"criteria": [{"key": "a", "levels": ["1"]}]}'], 'broken.json', { type: 'application/json' });
    await fireEvent.change(input, { target: { files: [broken] } });
    expect((await screen.findByRole('alert')).textContent).toContain('Row 1: must list at least two levels, lowest first.');

    await fireEvent.change(input, { target: { files: [new File([demoRubric], 'design.rubric.json', { type: 'application/json' })] } });
    expect(await screen.findByText('2 rows read from design.rubric.json: check them below, then publish.')).toBeTruthy();
    expect(container.querySelectorAll('li.row')).toHaveLength(2);
    await fireEvent.click(screen.getByRole('button', { name: 'Publish version 1' }));
    await waitFor(() => expect(publish).toHaveBeenCalledTimes(1));
    const body = publish.mock.calls[0]![0].body as { rows: { key: string }[] };
    expect(body.rows.map((row) => row.key)).toEqual(['learning_targets', 'success_criteria']);
  });

  it('says so when the credential already has a rubric', async () => {
    stubFetch({ 'GET /api/credentials/4': { status: 200, body: { ...credential, latestVersion: 2 } } });
    render(FirstRubricView, { props: { credentialId: 4 } });
    expect(await screen.findByText(/already has version 2/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Publish version 1' })).toBeNull();
  });
});
