import { render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '../../lib/router.svelte';
import ReportView from '../ReportView.svelte';
import { reportFixture, signInAs, stubFetch } from '../report-fixture.test-support';
import RowDetail from './RowDetail.svelte';

const REPORT = '/api/credentials/1/rubric-versions/1/report';

function openRow(row: string) {
  history.replaceState(null, '', `/credentials/1/versions/1/report?row=${row}`);
  router.sync();
  stubFetch({ [`GET ${REPORT}`]: { status: 200, body: reportFixture() } });
  return render(ReportView, { props: { credentialId: 1, version: 1 } });
}

describe('RowDetail: "Revise this row"', () => {
  beforeEach(() => sessionStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('links a failing row to the draft of the next version at that row, with this version as the evidence', async () => {
    signInAs(['designer']);
    openRow('scoring_tool');
    const link = await screen.findByRole('link', { name: 'Revise this row (Quality of the scoring tool)' });
    expect(link.getAttribute('href')).toBe('/credentials/1/compare?revise=scoring_tool&evidence=1');
  });

  it('offers nothing on a row that does not fail, nor to a researcher, who does not revise rubrics', async () => {
    signInAs(['designer']);
    const passing = openRow('learning_targets');
    await screen.findByRole('heading', { name: /Alignment to learning targets: where readers disagree/ });
    expect(screen.queryByRole('link', { name: /Revise this row/ })).toBeNull();
    passing.unmount();
    signInAs(['researcher']);
    openRow('scoring_tool');
    await screen.findByRole('heading', { name: /Quality of the scoring tool: where readers disagree/ });
    expect(screen.queryByRole('link', { name: /Revise this row/ })).toBeNull();
  });

  it('renders the action only when given where it leads', async () => {
    const row = reportFixture().rows[1]!;
    const { rerender } = render(RowDetail, { props: { row, threshold: 0.8, headingId: 'h', reviseHref: null } });
    expect(screen.queryByRole('link', { name: /Revise this row/ })).toBeNull();
    await rerender({ row, threshold: 0.8, headingId: 'h', reviseHref: '/somewhere' });
    await waitFor(() => expect(screen.getByRole('link', { name: /Revise this row/ }).getAttribute('href')).toBe('/somewhere'));
  });
});
