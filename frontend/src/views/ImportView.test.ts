import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CredentialPageResponse, ImportResultResponse, RubricVersionSummaryResponse } from '../lib/api/schema';
import ImportView from './ImportView.svelte';
import { fakeApi, signIn } from './fake-api.test-support';

const credentials: CredentialPageResponse = {
  items: [
    { id: 1, title: 'Performance Assessment Design', description: '', createdAt: '', latestVersion: 2 },
    { id: 7, title: 'Import pilot', description: '', createdAt: '', latestVersion: 1 },
  ],
  page: 1,
  pageSize: 200,
  total: 2,
};

const versionsOf1: RubricVersionSummaryResponse[] = [
  { version: 1, createdAt: '', locked: true, previousVersion: null, validationStatus: 'complete' },
  { version: 2, createdAt: '', locked: true, previousVersion: 1, validationStatus: 'collecting' },
];

const clean: ImportResultResponse = { dryRun: true, applied: false, submissions: 2, scores: 4, ratings: 24, problems: [], truncated: false, windowStatus: 'collecting' };
const broken: ImportResultResponse = {
  ...clean,
  submissions: 1,
  scores: 1,
  ratings: 11,
  problems: [
    { line: 3, field: 'level', message: 'level "9" is not a level of criterion "scoring_tool" (levels: 1, 2, 3, 4)' },
    { line: 8, field: 'assessor', message: 'no assessor account has the email "nobody@example.org"' },
  ],
  truncated: true,
};

const IMPORT = '/api/credentials/1/rubric-versions/2/scores/import';
const csv = 'submission,assessor,criterion,level\nP-1,alex.moreno@demo.concord,scoring_tool,9\n';

function routes(dryRun: ImportResultResponse, extra: Record<string, { status: number; body?: unknown }> = {}) {
  return fakeApi({
    'GET /api/credentials': { status: 200, body: credentials },
    'GET /api/credentials/1/rubric-versions': { status: 200, body: versionsOf1 },
    [`POST ${IMPORT}?dryRun=true`]: { status: 200, body: dryRun },
    ...extra,
  });
}

async function chooseFile(text = csv, name = 'scores.csv') {
  const input = (await screen.findByLabelText('Choose a CSV file')) as HTMLInputElement;
  await waitFor(() => expect(input.disabled).toBe(false));
  await fireEvent.change(input, { target: { files: [new File([text], name, { type: 'text/csv' })] } });
}

function confirmButton(): HTMLButtonElement {
  return screen.getByRole('button', { name: 'Confirm import' }) as HTMLButtonElement;
}

describe('ImportView', () => {
  beforeEach(() => {
    sessionStorage.clear();
    signIn(['researcher']);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('picks the first credential and its version still collecting', async () => {
    vi.stubGlobal('fetch', routes(clean).fetch);
    render(ImportView);
    const credential = (await screen.findByLabelText('Credential')) as HTMLSelectElement;
    expect(credential.value).toBe('1');
    const version = screen.getByLabelText('Rubric version') as HTMLSelectElement;
    await waitFor(() => expect(version.value).toBe('2'));
    expect(within(version).getByRole('option', { name: 'Version 1 — complete' })).toBeTruthy();
    expect(confirmButton().disabled).toBe(true);
  });

  it('sends the chosen file as text/csv for a dry run and lists its problems with line, field and message; confirm stays disabled', async () => {
    const api = routes(broken);
    vi.stubGlobal('fetch', api.fetch);
    render(ImportView);
    await chooseFile();

    const table = await screen.findByRole('table');
    const dryRuns = api.callsTo('POST', IMPORT);
    expect(dryRuns).toHaveLength(1);
    expect(dryRuns[0]!.query.get('dryRun')).toBe('true');
    expect(dryRuns[0]!.body).toBe(csv);
    expect(dryRuns[0]!.headers['Content-Type']).toBe('text/csv');

    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Line', 'Field', 'Problem']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent))).toEqual([
      ['3', 'level', 'level "9" is not a level of criterion "scoring_tool" (levels: 1, 2, 3, 4)'],
      ['8', 'assessor', 'no assessor account has the email "nobody@example.org"'],
    ]);
    expect(screen.getByText('More problems not shown.')).toBeTruthy();
    expect(screen.getByText(/2 problems or more/)).toBeTruthy();
    expect(screen.getByText('11')).toBeTruthy();
    expect(confirmButton().disabled).toBe(true);
    expect(screen.getByText('A file with problems cannot be imported.')).toBeTruthy();
  });

  it('confirm, after a clean dry run, posts the same file without dryRun and shows the window status after the import', async () => {
    const api = routes(clean, { [`POST ${IMPORT}`]: { status: 200, body: { ...clean, dryRun: false, applied: true, windowStatus: 'adjudicating' } } });
    vi.stubGlobal('fetch', api.fetch);
    render(ImportView);
    await chooseFile();

    expect(await screen.findByText(/No problems: the file would add 2 submissions with 4 scores \(24 ratings\)/)).toBeTruthy();
    expect(confirmButton().disabled).toBe(false);
    await fireEvent.click(confirmButton());

    const posts = api.callsTo('POST', IMPORT);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.query.has('dryRun')).toBe(false);
    expect(posts[1]!.body).toBe(csv);
    expect(posts[1]!.headers['Content-Type']).toBe('text/csv');
    const status = await screen.findByText(/Window status after the import/);
    expect(status.textContent).toContain('Adjudicating');
    expect(screen.getByText(/Imported\./)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Confirm import' })).toBeNull();
  });

  it('keeps the version imported into chosen when its window moves on, though another would now be the default', async () => {
    const before: RubricVersionSummaryResponse[] = [
      { version: 1, createdAt: '', locked: true, previousVersion: null, validationStatus: 'collecting' },
      { version: 2, createdAt: '', locked: true, previousVersion: 1, validationStatus: 'complete' },
    ];
    const after: RubricVersionSummaryResponse[] = [{ ...before[0]!, validationStatus: 'adjudicating' }, before[1]!];
    const importInto1 = '/api/credentials/1/rubric-versions/1/scores/import';
    const api = fakeApi({
      'GET /api/credentials': { status: 200, body: credentials },
      'GET /api/credentials/1/rubric-versions': [
        { status: 200, body: before },
        { status: 200, body: after },
      ],
      [`POST ${importInto1}?dryRun=true`]: { status: 200, body: clean },
      [`POST ${importInto1}`]: { status: 200, body: { ...clean, dryRun: false, applied: true, windowStatus: 'adjudicating' } },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(ImportView);
    const version = (await screen.findByLabelText('Rubric version')) as HTMLSelectElement;
    await waitFor(() => expect(version.value).toBe('1'));
    await chooseFile();
    await screen.findByText(/No problems/);
    await fireEvent.click(confirmButton());

    await screen.findByText(/Window status after the import/);
    await waitFor(() => expect(api.callsTo('GET', '/api/credentials/1/rubric-versions')).toHaveLength(2));
    await waitFor(() => expect(within(version).getByRole('option', { name: 'Version 1 — adjudicating' })).toBeTruthy());
    expect(version.value).toBe('1');
  });

  it('takes a file dropped on the box', async () => {
    const api = routes(clean);
    vi.stubGlobal('fetch', api.fetch);
    render(ImportView);
    const input = (await screen.findByLabelText('Choose a CSV file')) as HTMLInputElement;
    await waitFor(() => expect(input.disabled).toBe(false));
    const zone = screen.getByRole('group', { name: 'Drop area for the CSV file' });
    await fireEvent.drop(zone, { dataTransfer: { files: [new File([csv], 'dropped.csv', { type: 'text/csv' })], dropEffect: 'copy' } });
    expect(await screen.findByText(/No problems/)).toBeTruthy();
    expect(screen.getByText('dropped.csv', { exact: false })).toBeTruthy();
    expect(api.callsTo('POST', IMPORT)).toHaveLength(1);
  });

  it('shows a refused import (422) with the line and field of each problem', async () => {
    const api = routes(clean, {
      [`POST ${IMPORT}`]: {
        status: 422,
        body: { statusCode: 422, error: 'Unprocessable Entity', message: '1 invalid field', code: 'invalid', errors: [{ field: 'line 4, submission', message: 'submission "P-1" is already in Concord' }] },
      },
    });
    vi.stubGlobal('fetch', api.fetch);
    render(ImportView);
    await chooseFile();
    await screen.findByText(/No problems/);
    await fireEvent.click(confirmButton());

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The import was refused');
    expect(within(alert).getByText('line 4, submission')).toBeTruthy();
    expect(alert.textContent).toContain('submission "P-1" is already in Concord');
  });
});
