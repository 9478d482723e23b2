import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import CusumChart from './CusumChart.svelte';
import EwmaChart from './EwmaChart.svelte';
import RaschRuler from './RaschRuler.svelte';

/** The numbers of a visually hidden table, row by row, as text. */
function tableRows(container: HTMLElement): string[][] {
  const table = container.querySelector('.visually-hidden > table');
  expect(table, 'a visually hidden table with the numbers').not.toBeNull();
  return [...table!.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? ''));
}

describe('CusumChart', () => {
  const S = [0.51, 1.02, 1.53, 2.04, 2.55, 3.06, 2.88];

  it('draws the trace, h and the first alarm, and says so in its label and caption', () => {
    const { container } = render(CusumChart, { props: { S, h: 3, alarmIndex: 6 } });
    const image = screen.getByRole('img');
    expect(image.getAttribute('aria-label')).toMatch(/^CUSUM on misses\. 7 validity observations since the restart\..*It first reached h at observation 6 \(3\.06\): alarm\.$/);
    expect(container.querySelector('path.trace')?.getAttribute('d')).toMatch(/^M/);
    expect(container.querySelector('line.limit')).not.toBeNull();
    expect(container.querySelector('.limit-label')?.textContent).toBe('h = 3.00');
    expect(container.querySelector('.alarm .ring')).not.toBeNull();
    expect(container.querySelector('.alarm-label')?.textContent?.trim()).toBe('alarm at 6');
    expect(container.querySelectorAll('.above circle')).toHaveLength(1);
    expect(container.querySelector('figcaption')?.textContent).toContain('It first reached h at observation 6');
  });

  it('lists every S with whether it reached h in a hidden table', () => {
    const { container } = render(CusumChart, { props: { S, h: 3, alarmIndex: 6 } });
    const rows = tableRows(container);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual(['1', '0.510', 'no']);
    expect(rows[5]).toEqual(['6', '3.060', 'yes, first alarm']);
  });

  it('still draws h, with no trace and no alarm, before any observation', () => {
    const { container } = render(CusumChart, { props: { S: [], h: 2.5, alarmIndex: null } });
    expect(container.querySelector('path.trace')).toBeNull();
    expect(container.querySelector('.alarm')).toBeNull();
    expect(container.querySelector('line.limit')).not.toBeNull();
    expect(screen.getByRole('img').getAttribute('aria-label')).toContain('No validity observation since the restart yet');
  });
});

describe('EwmaChart', () => {
  const ewma = {
    z: [0.05, 0.095, 0.0855, 0.12695, 0.064255],
    ucl: [0.0703575, 0.09465633538919885, 0.11048815994482451, 0.12181281103202744, 0.13026607448136598],
    lcl: [-0.0703575, -0.09465633538919885, -0.11048815994482451, -0.12181281103202744, -0.13026607448136598],
  };

  it('draws z between its two time-varying limits over the shaded band, and rings the first alarm with its side', () => {
    const { container } = render(EwmaChart, { props: { ...ewma, firstAlarmIndex: 2, firstAlarmSide: 'upper' } });
    expect(container.querySelector('path.trace')?.getAttribute('d')).toMatch(/^M/);
    expect(container.querySelectorAll('path.limit')).toHaveLength(2);
    expect(container.querySelector('path.band')).not.toBeNull();
    expect(container.querySelector('line.target')).not.toBeNull();
    expect(container.querySelectorAll('.outside circle')).toHaveLength(2);
    expect(container.querySelector('.alarm-label')?.textContent?.trim()).toBe('first alarm at 2 (lenient)');
    expect(screen.getByRole('img').getAttribute('aria-label')).toContain('It first left them at observation 2, above the upper limit: scoring more leniently than the true levels.');
  });

  it('lists z with its limits and which side it left them in a hidden table', () => {
    const { container } = render(EwmaChart, { props: { ...ewma, firstAlarmIndex: 2, firstAlarmSide: 'upper' } });
    const rows = tableRows(container);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual(['1', '+0.050', '−0.070', '+0.070', 'no']);
    expect(rows[1]).toEqual(['2', '+0.095', '−0.095', '+0.095', 'above (lenient), first alarm']);
    expect(rows[3]![4]).toBe('above (lenient)');
  });

  it('has no alarm mark without an alarm', () => {
    const { container } = render(EwmaChart, { props: { z: [-0.01], ucl: [0.07], lcl: [-0.07], firstAlarmIndex: null, firstAlarmSide: null } });
    expect(container.querySelector('.alarm')).toBeNull();
    expect(screen.getByRole('img').getAttribute('aria-label')).toContain('no alarm');
  });
});

describe('RaschRuler', () => {
  const entries = [
    { label: 'Dana Lee', severity: -0.9, se: 0.2, self: true, expert: false },
    { label: 'Expert panel', severity: 0, se: 0.12, self: false, expert: true },
    { label: 'Alex Moreno', severity: 0.3, se: 0.25, self: false, expert: false },
  ];

  it('draws one row per rater, the experts as a square, the assessor picked out, and the zero line', () => {
    const { container } = render(RaschRuler, { props: { entries, selfName: 'Dana Lee' } });
    const raters = [...container.querySelectorAll('g.rater')];
    expect(raters).toHaveLength(3);
    expect(raters.map((row) => row.querySelector('.name title')?.textContent)).toEqual(['Dana Lee', 'Expert panel', 'Alex Moreno']);
    expect(raters[0]!.classList.contains('self')).toBe(true);
    expect(raters[1]!.classList.contains('expert')).toBe(true);
    expect(raters[1]!.querySelector('rect.mark')).not.toBeNull();
    expect(raters[2]!.querySelector('circle.mark')).not.toBeNull();
    expect(container.querySelectorAll('line.bar')).toHaveLength(3);
    expect(container.querySelector('line.zero')).not.toBeNull();
    expect(screen.getByRole('img').getAttribute('aria-label')).toContain('Dana Lee sits at −0.90 logits (± 2 SE: −1.30 to −0.50), more lenient than the experts.');
  });

  it('lists every rater with severity, SE, interval and reading in a hidden table', () => {
    const { container } = render(RaschRuler, { props: { entries, selfName: 'Dana Lee' } });
    expect(tableRows(container)).toEqual([
      ['Dana Lee (this profile)', '−0.90', '0.20', '−1.30 to −0.50', 'more lenient than the experts'],
      ['Expert panel (anchored at 0)', '0.00', '0.12', '−0.24 to +0.24', 'the reference'],
      ['Alex Moreno', '+0.30', '0.25', '−0.20 to +0.80', 'not distinguishable from the experts'],
    ]);
  });

  it('calls the assessor “You” on their own profile', () => {
    const { container } = render(RaschRuler, { props: { entries: entries.map((entry) => (entry.self ? { ...entry, label: 'Dana Lee' } : entry)), selfName: 'You' } });
    expect(container.querySelector('g.self .name title')?.textContent).toBe('You');
    expect(tableRows(container)[0]![0]).toBe('You');
    expect(screen.getByRole('img').getAttribute('aria-label')).toContain('You sit at −0.90 logits');
  });
});
