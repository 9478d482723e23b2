import { describe, expect, it } from 'vitest';
import { planAssignments, normaliseOrganisation, type PoolAssessor, type SubmissionToAssign } from './assignment-planning.js';
import { ConflictError, InvalidError } from './errors.js';
import { seededRandom } from './seeded-random.js';

function pool(size: number, conflicts: Record<number, string[]> = {}): PoolAssessor[] {
  return Array.from({ length: size }, (_, index) => ({
    assessorId: index + 1,
    load: 0,
    conflictOrganisations: conflicts[index + 1] ?? [],
  }));
}

function submissions(count: number, organisationOf: (sequence: number) => string | null = () => null): SubmissionToAssign[] {
  return Array.from({ length: count }, (_, index) => ({
    submissionKey: 100 + index,
    sequence: index + 1,
    earnerOrganisation: organisationOf(index + 1),
  }));
}

function spread(loads: Map<number, number>): number {
  const values = [...loads.values()];
  return Math.max(...values) - Math.min(...values);
}

describe('planAssignments({ submissions, pool, readersPerSubmission, seed })', () => {
  it('gives the same plan for the same seed and a different plan for another seed', () => {
    const input = { submissions: submissions(50), pool: pool(8), readersPerSubmission: 2 };
    const first = planAssignments({ ...input, seed: 42 });
    const again = planAssignments({ ...input, seed: 42 });
    const other = planAssignments({ ...input, seed: 43 });
    expect(again.assignments).toEqual(first.assignments);
    expect(other.assignments).not.toEqual(first.assignments);
  });

  it('does not depend on the order in which the pool is listed', () => {
    const input = { submissions: submissions(20), readersPerSubmission: 2, seed: 'order' };
    const forwards = planAssignments({ ...input, pool: pool(6) });
    const backwards = planAssignments({ ...input, pool: pool(6).reverse() });
    expect(backwards.assignments).toEqual(forwards.assignments);
  });

  it('plans submissions one at a time exactly as it plans them together', () => {
    const all = submissions(30, (sequence) => (sequence % 4 === 0 ? 'Acme' : null));
    const assessors = pool(7, { 2: ['acme'] });
    const together = planAssignments({ submissions: all, pool: assessors, readersPerSubmission: 3, seed: 7 });
    let loads = new Map(assessors.map((assessor) => [assessor.assessorId, 0]));
    const oneByOne = all.map((submission) => {
      const plan = planAssignments({
        submissions: [submission],
        pool: assessors.map((assessor) => ({ ...assessor, load: loads.get(assessor.assessorId)! })),
        readersPerSubmission: 3,
        seed: 7,
      });
      loads = plan.loads;
      return plan.assignments[0];
    });
    expect(oneByOne).toEqual(together.assignments);
  });

  it('never draws an assessor who declared a conflict with the earner organisation, however it is written', () => {
    const plan = planAssignments({
      submissions: submissions(40, () => '  ACME   Learning '),
      pool: pool(5, { 1: ['acme learning'], 3: ['Acme Learning', 'Other'] }),
      readersPerSubmission: 2,
      seed: 1,
    });
    for (const assignment of plan.assignments) {
      expect(assignment.assessorIds).not.toContain(1);
      expect(assignment.assessorIds).not.toContain(3);
    }
    expect(plan.loads.get(1)).toBe(0);
    expect(plan.loads.get(3)).toBe(0);
  });

  it('refuses a submission with fewer eligible assessors than readers (ConflictError not_enough_assessors)', () => {
    const attempt = () =>
      planAssignments({ submissions: submissions(1, () => 'Acme'), pool: pool(2, { 1: ['Acme'] }), readersPerSubmission: 2, seed: 1 });
    expect(attempt).toThrow(ConflictError);
    expect(attempt).toThrow(/only 1 are eligible/);
  });

  it('refuses zero readers and a pool listing an assessor twice (InvalidError)', () => {
    expect(() => planAssignments({ submissions: submissions(1), pool: pool(3), readersPerSubmission: 0, seed: 1 })).toThrow(InvalidError);
    const twice = [...pool(2), { assessorId: 1, load: 0, conflictOrganisations: [] }];
    expect(() => planAssignments({ submissions: submissions(1), pool: twice, readersPerSubmission: 1, seed: 1 })).toThrow(InvalidError);
  });

  it('evens out a pool that starts unbalanced', () => {
    const start = pool(4).map((assessor, index) => ({ ...assessor, load: index === 0 ? 6 : 0 }));
    const plan = planAssignments({ submissions: submissions(9), pool: start, readersPerSubmission: 2, seed: 3 });
    expect(plan.loads.get(1)).toBe(6);
    expect(spread(plan.loads)).toBeLessThanOrEqual(1);
  });

  describe('over 500 random designs (property)', () => {
    const designs = Array.from({ length: 500 }, (_, seed) => {
      const random = seededRandom(`design/${seed}`);
      const poolSize = 2 + Math.floor(random() * 12);
      const readers = 1 + Math.floor(random() * Math.min(poolSize, 4));
      const count = 1 + Math.floor(random() * 80);
      return { seed, poolSize, readers, count };
    });

    it('keeps max minus min load <= 1, readers distinct, and the right number of readers, when no one has a conflict', () => {
      for (const design of designs) {
        const plan = planAssignments({
          submissions: submissions(design.count),
          pool: pool(design.poolSize),
          readersPerSubmission: design.readers,
          seed: design.seed,
        });
        expect(plan.assignments).toHaveLength(design.count);
        for (const assignment of plan.assignments) {
          expect(assignment.assessorIds).toHaveLength(design.readers);
          expect(new Set(assignment.assessorIds).size).toBe(design.readers);
        }
        expect(spread(plan.loads), `design ${JSON.stringify(design)}`).toBeLessThanOrEqual(1);
        const total = [...plan.loads.values()].reduce((sum, load) => sum + load, 0);
        expect(total).toBe(design.count * design.readers);
      }
    });

    it('never draws a conflicted assessor and keeps readers distinct when some assessors have conflicts', () => {
      const organisations = ['Acme', 'Globex', 'Initech'];
      let planned = 0;
      for (const design of designs) {
        const random = seededRandom(`conflicts/${design.seed}`);
        const conflicts: Record<number, string[]> = {};
        for (let id = 1; id <= design.poolSize; id++) {
          if (random() < 0.3) conflicts[id] = [organisations[Math.floor(random() * organisations.length)]];
        }
        const organisationOf = (sequence: number) => (sequence % 3 === 0 ? null : organisations[sequence % organisations.length]);
        const list = submissions(design.count, organisationOf);
        let plan;
        try {
          plan = planAssignments({ submissions: list, pool: pool(design.poolSize, conflicts), readersPerSubmission: design.readers, seed: design.seed });
        } catch (error) {
          expect(error).toBeInstanceOf(ConflictError);
          continue;
        }
        planned++;
        plan.assignments.forEach((assignment, index) => {
          expect(new Set(assignment.assessorIds).size).toBe(design.readers);
          const organisation = list[index].earnerOrganisation;
          if (organisation === null) return;
          for (const assessorId of assignment.assessorIds) {
            expect((conflicts[assessorId] ?? []).map(normaliseOrganisation)).not.toContain(normaliseOrganisation(organisation));
          }
        });
      }
      expect(planned).toBeGreaterThan(250);
    });
  });
});

describe('normaliseOrganisation(name)', () => {
  it('ignores case, surrounding and repeated whitespace, and compatibility forms', () => {
    expect(normaliseOrganisation('  ACME\t Ltd ')).toBe('acme ltd');
    expect(normaliseOrganisation('ＡＣＭＥ')).toBe('acme');
  });
});
