import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Heatmap from './Heatmap.svelte';
import IntervalDot from './IntervalDot.svelte';
import PairwiseHeatmap from './PairwiseHeatmap.svelte';
import SeverityPlot from './SeverityPlot.svelte';
import SlopeChart from './SlopeChart.svelte';
import TrendChart from './TrendChart.svelte';
import type { TrendPoint } from './trend';

/** The numbers of a visually hidden table, row by row, as text. */
function tableRows(figure: HTMLElement): string[][] {
  const table = figure.querySelector('.visually-hidden > table');
  expect(table, 'a visually hidden table with the numbers').not.toBeNull();
  return [...table!.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? ''));
}

describe('IntervalDot', () => {
  it('is an image whose label reads the value, the interval and the threshold', () => {
    render(IntervalDot, { props: { value: 0.66, interval: [0.52, 0.78], threshold: 0.8, label: 'Task clarity' } });
    const image = screen.getByRole('img');
    expect(image.getAttribute('aria-label')).toBe(
      'Task clarity: Agreement 66%, interval 52% to 78%, threshold 80%: interval below the threshold.',
    );
    expect(image.getAttribute('data-standing')).toBe('below');
    expect(image.getAttribute('viewBox')).toBe('0 0 160 22');
  });

  it('draws the dot, the interval and the threshold where the shared axis puts them', () => {
    const { container } = render(IntervalDot, { props: { value: 0.5, interval: [0.25, 0.75], threshold: 0.8, width: 110, padding: 5 } });
    expect(Number(container.querySelector('circle.dot')!.getAttribute('cx'))).toBe(55);
    expect(Number(container.querySelector('line.interval')!.getAttribute('x1'))).toBe(30);
    expect(Number(container.querySelector('line.interval')!.getAttribute('x2'))).toBe(80);
    expect(Number(container.querySelector('line.threshold')!.getAttribute('x1'))).toBe(85);
  });

  it('draws no dot and no bar when agreement has no value', () => {
    const { container } = render(IntervalDot, { props: { value: null } });
    expect(container.querySelector('circle')).toBeNull();
    expect(container.querySelector('line.interval')).toBeNull();
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Agreement has no value; threshold 80%.');
  });
});

describe('TrendChart', () => {
  const points: TrendPoint[] = Array.from({ length: 20 }, (_, i) => ({
    sequence: i + 1,
    agreement: i % 3 === 0 ? 0 : 1,
    cumulative: 0.6 + i * 0.01,
    rolling: i >= 9 ? 0.5 + (i - 9) * 0.02 : null,
  }));

  it('draws the cumulative and rolling lines, the threshold, the closed marker and axes with ticks', () => {
    const { container } = render(TrendChart, { props: { points, threshold: 0.8, closedAt: 20 } });
    expect(container.querySelector('path.cumulative')?.getAttribute('d')).toMatch(/^M/);
    expect(container.querySelector('path.rolling')?.getAttribute('d')).toMatch(/^M/);
    expect(container.querySelector('line.threshold')).not.toBeNull();
    expect(container.querySelector('line.closed')).not.toBeNull();
    expect(container.querySelectorAll('.dots circle')).toHaveLength(20);
    const ticks = [...container.querySelectorAll('.tick-label')].map((t) => t.textContent);
    expect(ticks).toContain('80%');
    expect(ticks).toContain('20');
  });

  it('has no closed marker while the window is open', () => {
    const { container } = render(TrendChart, { props: { points, closedAt: null } });
    expect(container.querySelector('line.closed')).toBeNull();
    expect(screen.getByText(/The validation window is still open\./)).toBeTruthy();
  });

  it('says the numbers in its caption and lists every point in a hidden table', () => {
    const { container } = render(TrendChart, { props: { points, threshold: 0.8, closedAt: 20 } });
    const figure = container.querySelector('figure')!;
    expect(figure.querySelector('figcaption')!.textContent).toContain('Cumulative agreement 79% after submission 20, against a threshold of 80%.');
    expect(screen.getByRole('img').getAttribute('aria-label')).toContain('The validation window closed at submission 20.');
    const rows = tableRows(figure);
    expect(rows).toHaveLength(20);
    expect(rows[0]).toEqual(['1', '0%', '60%', '–']);
    expect(rows[9]).toEqual(['10', '0%', '69%', '50%']);
  });
});

describe('Heatmap', () => {
  const props = {
    categories: ['no', 'partly', 'yes'],
    labels: ['Not met', 'Partly met', 'Met'],
    counts: [
      [5, 2, 0],
      [1, 6, 3],
      [0, 0, 4],
    ],
    rowTitle: 'Assessor A',
    colTitle: 'Assessor B',
  };

  it('draws one cell per pair with its count, and outlines the diagonal', () => {
    const { container } = render(Heatmap, { props });
    const cells = [...container.querySelectorAll('rect.cell')];
    expect(cells.map((cell) => cell.getAttribute('data-count'))).toEqual(['5', '2', '0', '1', '6', '3', '0', '0', '4']);
    expect([...container.querySelectorAll('text.count')].map((t) => t.textContent)).toEqual(['5', '2', '0', '1', '6', '3', '0', '0', '4']);
    expect(container.querySelectorAll('rect.diagonal')).toHaveLength(3);
  });

  it('gives the largest count the darkest fill with white text, and zero a light fill with black text', () => {
    const { container } = render(Heatmap, { props });
    const texts = [...container.querySelectorAll('text.count')];
    expect(texts.find((t) => t.textContent === '6')!.getAttribute('fill')).toBe('#ffffff');
    expect(texts.find((t) => t.textContent === '0')!.getAttribute('fill')).toBe('#000000');
  });

  it('labels both axes with the level labels and titles', () => {
    const { container } = render(Heatmap, { props });
    const labels = [...container.querySelectorAll('text.level-label')].map((t) => t.lastChild?.textContent);
    expect(labels.filter((label) => label === 'Met')).toHaveLength(2);
    expect([...container.querySelectorAll('text.axis-title')].map((t) => t.textContent)).toEqual(['Assessor B', 'Assessor A']);
  });

  it('states the direction of disagreement in its caption and every count in a hidden table', () => {
    const { container } = render(Heatmap, { props });
    const figure = container.querySelector('figure')!;
    expect(figure.querySelector('figcaption .caption-text')!.textContent).toBe(
      '15 of 21 on the diagonal (same level); 5 above it (Assessor A chose an earlier level than Assessor B); 1 below it (a later level).',
    );
    expect(tableRows(figure)).toEqual([
      ['Not met', '5', '2', '0'],
      ['Partly met', '1', '6', '3'],
      ['Met', '0', '0', '4'],
    ]);
  });
});

describe('Heatmap: agreement and splits told apart by shape', () => {
  it('outlines every diagonal cell, puts a corner mark on every split with a count and none elsewhere, and says so in a legend', () => {
    const { container } = render(Heatmap, { props: { categories: ['a', 'b', 'c'], counts: [[5, 2, 0], [1, 6, 3], [0, 0, 4]] } });
    expect(container.querySelectorAll('rect.diagonal')).toHaveLength(3);
    expect(container.querySelectorAll('polygon.split-mark')).toHaveLength(3);
    expect(container.querySelectorAll('rect.cell.split')).toHaveLength(3);
    expect([...container.querySelectorAll('rect.cell.split')].map((cell) => cell.getAttribute('data-count'))).toEqual(['2', '1', '3']);
    expect(container.querySelector('rect.cell.split title')?.textContent).toBe('Assessor A a, Assessor B b: 2 submissions, a split');
    expect(container.querySelector('figcaption .legend')?.textContent).toContain('corner mark: the readers split');
    expect(container.querySelector('figcaption .legend')?.textContent).toContain('outlined: same level, the readers agreed');
  });
});

describe('SlopeChart', () => {
  const rows = [
    { key: 'clarity', title: 'Task clarity', before: 0.64, after: 0.86, changed: true },
    { key: 'evidence', title: 'Evidence', before: 0.9, after: 0.88, changed: false },
  ];

  it('draws a line per row from version 1 to version 2 and marks the changed row', () => {
    const { container } = render(SlopeChart, { props: { rows } });
    const groups = [...container.querySelectorAll('g.row')];
    expect(groups.map((g) => g.getAttribute('data-key'))).toEqual(['clarity', 'evidence']);
    expect(groups.map((g) => g.classList.contains('changed'))).toEqual([true, false]);
    expect(groups.map((g) => g.getAttribute('data-direction'))).toEqual(['up', 'down']);
    expect(container.querySelectorAll('line.slope')).toHaveLength(2);
    expect(container.querySelector('line.threshold')).not.toBeNull();
  });

  it('counts rows over the threshold per version in its caption and lists them in a hidden table', () => {
    const { container } = render(SlopeChart, { props: { rows } });
    const figure = container.querySelector('figure')!;
    expect(figure.querySelector('figcaption')!.textContent).toContain('2 rows, 1 changed. At or above the 80% threshold: 1 in Version 1, 2 in Version 2.');
    expect(tableRows(figure)).toEqual([
      ['Task clarity', '64%', '86%', 'yes'],
      ['Evidence', '90%', '88%', 'no'],
    ]);
  });
});

describe('PairwiseHeatmap', () => {
  const pairs = [
    { a: 'Amir', b: 'Bea', compared: 12, agreement: 0.75 },
    { a: 'Bea', b: 'Cleo', compared: 9, agreement: 0.9 },
  ];

  it('fills both cells of each pair and leaves the rest blank', () => {
    const { container } = render(PairwiseHeatmap, { props: { pairs } });
    expect(container.querySelectorAll('rect.cell')).toHaveLength(4);
    expect(container.querySelectorAll('rect.blank')).toHaveLength(5);
    expect(container.querySelectorAll('rect.blank.self')).toHaveLength(3);
    expect([...container.querySelectorAll('text.value')].map((t) => t.textContent)).toEqual(['75%', '75%', '90%', '90%']);
  });

  it('says how many pairs met and lists each pair once in a hidden table', () => {
    const { container } = render(PairwiseHeatmap, { props: { pairs } });
    const figure = container.querySelector('figure')!;
    expect(figure.querySelector('figcaption')!.textContent).toBe('3 assessors, 2 of 3 possible pairs scored the same submissions; blank cells never met.');
    expect(tableRows(figure)).toEqual([
      ['Amir', 'Bea', '75%', '12', '—'],
      ['Bea', 'Cleo', '90%', '9', '—'],
    ]);
  });

  it('says in the hidden table how many submissions a pair shared, and when too few to rely on', () => {
    const { container } = render(PairwiseHeatmap, {
      props: { pairs: [{ a: 'Amir', b: 'Bea', compared: 12, agreement: 0.75, sharedSubmissions: 3 }] },
    });
    expect(tableRows(container.querySelector('figure')!)).toEqual([['Amir', 'Bea', '75% (too few to rely on)', '12', '3']]);
  });
});

describe('SeverityPlot', () => {
  const assessors = [
    { assessor: 'Bea', meanDifference: 0.3 },
    { assessor: 'Amir', meanDifference: -0.4 },
    { assessor: 'Cleo', meanDifference: 0.01 },
  ];

  it('puts harsh assessors left of the zero line and lenient ones right, harshest first', () => {
    const { container } = render(SeverityPlot, { props: { assessors } });
    const zero = Number(container.querySelector('line.zero')!.getAttribute('x1'));
    const groups = [...container.querySelectorAll('g.assessor')];
    expect(groups.map((g) => g.querySelector('text.name')!.lastChild!.textContent)).toEqual(['Amir', 'Cleo', 'Bea']);
    const xs = groups.map((g) => Number(g.querySelector('circle')!.getAttribute('cx')));
    expect(xs[0]!).toBeLessThan(zero);
    expect(xs[2]!).toBeGreaterThan(zero);
    expect(groups.map((g) => [...g.classList].find((c) => ['harsh', 'lenient', 'even'].includes(c)))).toEqual(['harsh', 'even', 'lenient']);
  });

  it('labels the harsh and lenient sides, and gives the numbers in a hidden table', () => {
    const { container } = render(SeverityPlot, { props: { assessors } });
    expect(screen.getByText('← harsh (lower levels)')).toBeTruthy();
    expect(screen.getByText('lenient (higher levels) →')).toBeTruthy();
    const figure = container.querySelector('figure')!;
    expect(tableRows(figure)).toEqual([
      ['Amir', '\u22120.40', 'harsh'],
      ['Cleo', '+0.01', 'even'],
      ['Bea', '+0.30', 'lenient'],
    ]);
    expect(within(figure).getByText(/1 harsh \(below zero: lower levels\), 1 lenient \(above zero: higher levels\)/)).toBeTruthy();
  });
});
