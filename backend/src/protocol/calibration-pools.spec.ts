import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { MaterialRow } from './calibration-material.js';
import { assembleSet, coverageOf, POOLS, splitPools, type Pool, type PoolItem } from './calibration-pools.js';
import { certificationPolicyOrThrow, DEFAULT_CERTIFICATION_POLICY } from './certification-policy.js';
import { ConflictError } from './errors.js';
import { seededRandom } from './seeded-random.js';

const rows: MaterialRow[] = [
  { key: 'clarity', levels: ['1', '2', '3'] },
  { key: 'evidence', levels: ['1', '2', '3', '4'] },
  { key: 'format', levels: ['no', 'yes'] },
];

function conflictOf(run: () => unknown): ConflictError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConflictError) return error;
    throw error;
  }
  throw new Error('expected a ConflictError');
}

/**
 * `count` confirmed items with levels drawn from `seed`, keys from `firstKey`; about a third
 * borderline. `weights` can make a level rare: `{ format: [1, 9] }` gives `no` one time in ten.
 */
function material(count: number, seed: string, options: { firstKey?: number; weights?: Record<string, number[]>; of?: readonly MaterialRow[] } = {}): PoolItem[] {
  const random = seededRandom(seed);
  const ofRows = options.of ?? rows;
  return Array.from({ length: count }, (_, index) => {
    const trueLevels: Record<string, string> = {};
    for (const row of ofRows) {
      const weights = options.weights?.[row.key] ?? row.levels.map(() => 1);
      let draw = random() * weights.reduce((sum, weight) => sum + weight, 0);
      let level = 0;
      while (draw >= weights[level]) draw -= weights[level++];
      trueLevels[row.key] = row.levels[level];
    }
    return { itemKey: (options.firstKey ?? 1) + index, trueLevels, borderline: random() < 0.35 };
  });
}

function poolsOf(split: Map<number, Pool>, items: readonly PoolItem[]): Record<Pool, PoolItem[]> {
  const pools = Object.fromEntries(POOLS.map((pool) => [pool, [] as PoolItem[]])) as Record<Pool, PoolItem[]>;
  for (const item of items) {
    const pool = split.get(item.itemKey);
    if (pool) pools[pool].push(item);
  }
  return pools;
}

const sizesOf = (split: Map<number, Pool>) => Object.fromEntries(POOLS.map((pool) => [pool, [...split.values()].filter((each) => each === pool).length]));

describe('splitPools({ rows, pooled, unpooled, seed, policy })', () => {
  const items = material(80, 'material');

  it('puts every unpooled item in exactly one pool', () => {
    const split = splitPools({ rows, pooled: [], unpooled: items, seed: 'a' });
    expect([...split.keys()].sort((left, right) => left - right)).toEqual(items.map((item) => item.itemKey));
    for (const pool of split.values()) expect(POOLS).toContain(pool);
  });

  it('gives every level of every row anchorsPerLevel anchors when the material allows', () => {
    for (const anchorsPerLevel of [1, 2, 3]) {
      const policy = certificationPolicyOrThrow({ anchorsPerLevel });
      const anchors = poolsOf(splitPools({ rows, pooled: [], unpooled: items, seed: 'a', policy }), items).anchor;
      const coverage = coverageOf(rows, anchors);
      for (const row of coverage.rows) for (const level of row.levels) expect(level.count, `${row.key} ${level.level}`).toBeGreaterThanOrEqual(anchorsPerLevel);
    }
  });

  it('makes every item carrying a scarce level an anchor when there are fewer than anchorsPerLevel of them', () => {
    const scarce = material(40, 'scarce', { weights: { format: [0, 1] } });
    scarce[7] = { ...scarce[7], trueLevels: { ...scarce[7].trueLevels, format: 'no' } };
    const split = splitPools({ rows, pooled: [], unpooled: scarce, seed: 'a' });
    expect(split.get(scarce[7].itemKey)).toBe('anchor');
  });

  it('makes no more anchors than covering the levels takes: no anchor is taken without a level still short of exemplars', () => {
    const split = splitPools({ rows, pooled: [], unpooled: items, seed: 'a' });
    const anchors = poolsOf(split, items).anchor;
    // at most one anchor per missing exemplar: 9 levels x 2
    expect(anchors.length).toBeLessThanOrEqual(18);
    expect(anchors.length).toBeGreaterThanOrEqual(4);
  });

  it('prefers an item that was not borderline live as an anchor', () => {
    // every item has a twin with the same levels, one borderline and one not
    const twins = material(30, 'twins').flatMap((item) => [
      { ...item, itemKey: item.itemKey * 2, borderline: true },
      { ...item, itemKey: item.itemKey * 2 + 1, borderline: false },
    ]);
    for (const seed of ['a', 'b', 'c', 'd']) {
      const anchors = poolsOf(splitPools({ rows, pooled: [], unpooled: twins, seed }), twins).anchor;
      expect(anchors.length).toBeGreaterThan(0);
      expect(anchors.filter((item) => item.borderline)).toEqual([]);
    }
  });

  it('gives practice practiceSize items, and only what it lacks when topped up', () => {
    expect(sizesOf(splitPools({ rows, pooled: [], unpooled: items, seed: 'a' })).practice).toBe(DEFAULT_CERTIFICATION_POLICY.practiceSize);
    const policy = certificationPolicyOrThrow({ practiceSize: 8 });
    expect(sizesOf(splitPools({ rows, pooled: [], unpooled: items, seed: 'a', policy })).practice).toBe(8);
    const pooled = material(3, 'old', { firstKey: 1000 }).map((item) => ({ ...item, pool: 'practice' as const }));
    expect(sizesOf(splitPools({ rows, pooled, unpooled: items, seed: 'a' })).practice).toBe(2);
  });

  it('shares the rest about 2 : 1 : 1 among qualifying, calibration and validity', () => {
    const sizes = sizesOf(splitPools({ rows, pooled: [], unpooled: items, seed: 'a' }));
    const rest = sizes.qualifying + sizes.calibration + sizes.validity;
    expect(rest).toBe(80 - sizes.anchor - sizes.practice);
    expect(Math.abs(sizes.qualifying - rest / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(sizes.calibration - rest / 4)).toBeLessThanOrEqual(1);
    expect(Math.abs(sizes.validity - rest / 4)).toBeLessThanOrEqual(1);
  });

  it('follows other shares, and leaves a pool with no share empty', () => {
    const policy = certificationPolicyOrThrow({ poolShares: { qualifying: 1, calibration: 1, validity: 0 } });
    const sizes = sizesOf(splitPools({ rows, pooled: [], unpooled: items, seed: 'a', policy }));
    expect(sizes.validity).toBe(0);
    expect(Math.abs(sizes.qualifying - sizes.calibration)).toBeLessThanOrEqual(1);
  });

  it('deals a rare level to each shared pool', () => {
    const policy = certificationPolicyOrThrow({ practiceSize: 0 });
    const rare = material(120, 'rare', { weights: { format: [1, 9] } });
    const pools = poolsOf(splitPools({ rows, pooled: [], unpooled: rare, seed: 'a', policy }), rare);
    const rareAfterAnchors = [...pools.qualifying, ...pools.calibration, ...pools.validity].filter((item) => item.trueLevels.format === 'no').length;
    expect(rareAfterAnchors).toBeGreaterThanOrEqual(4);
    for (const pool of ['qualifying', 'calibration', 'validity'] as const) {
      expect(pools[pool].filter((item) => item.trueLevels.format === 'no').length, pool).toBeGreaterThanOrEqual(1);
    }
  });

  it('never moves a pooled item: only unpooled items get a pool, and material added later tops the pools up', () => {
    const first = splitPools({ rows, pooled: [], unpooled: items, seed: 'a' });
    const pooled = items.map((item) => ({ ...item, pool: first.get(item.itemKey)! }));
    const added = material(20, 'later', { firstKey: 500 });
    const topUp = splitPools({ rows, pooled, unpooled: added, seed: 'a' });
    expect([...topUp.keys()].sort((left, right) => left - right)).toEqual(added.map((item) => item.itemKey));
    // anchors and practice are full already, so the new items all go to the shared pools
    expect(sizesOf(topUp).anchor).toBe(0);
    expect(sizesOf(topUp).practice).toBe(0);
    expect(sizesOf(topUp).qualifying).toBe(10);
  });

  it('keeps the shared pools near 2 : 1 : 1 when material is topped up a few items at a time', () => {
    const first = material(40, 'first');
    let pooled = first.map((item) => ({ ...item, pool: splitPools({ rows, pooled: [], unpooled: first, seed: 'a' }).get(item.itemKey)! }));
    const shared = () => ({
      qualifying: pooled.filter((item) => item.pool === 'qualifying').length,
      calibration: pooled.filter((item) => item.pool === 'calibration').length,
      validity: pooled.filter((item) => item.pool === 'validity').length,
    });
    for (const [index, item] of material(40, 'one-by-one', { firstKey: 2000 }).entries()) {
      const split = splitPools({ rows, pooled, unpooled: [item], seed: `top-up ${index}` });
      pooled = [...pooled, { ...item, pool: split.get(item.itemKey)! }];
    }
    const { qualifying, calibration, validity } = shared();
    const rest = qualifying + calibration + validity;
    expect(Math.abs(qualifying - rest / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(calibration - rest / 4)).toBeLessThanOrEqual(1);
    expect(Math.abs(validity - rest / 4)).toBeLessThanOrEqual(1);
  });

  it('adds anchors on top-up only for levels still short of exemplars', () => {
    const withoutFour = material(40, 'no-four', { weights: { evidence: [1, 1, 1, 0] } });
    const first = splitPools({ rows, pooled: [], unpooled: withoutFour, seed: 'a' });
    const pooled = withoutFour.map((item) => ({ ...item, pool: first.get(item.itemKey)! }));
    const fours = material(6, 'fours', { firstKey: 900, weights: { evidence: [0, 0, 0, 1] } });
    const anchors = poolsOf(splitPools({ rows, pooled, unpooled: fours, seed: 'a' }), fours).anchor;
    expect(anchors).toHaveLength(2);
    for (const anchor of anchors) expect(anchor.trueLevels.evidence).toBe('4');
  });

  it('gives the same split for the same seed, however the material is listed', () => {
    const split = splitPools({ rows, pooled: [], unpooled: items, seed: 'a' });
    expect(splitPools({ rows, pooled: [], unpooled: items, seed: 'a' })).toEqual(split);
    expect(splitPools({ rows, pooled: [], unpooled: [...items].reverse(), seed: 'a' })).toEqual(split);
  });

  it('usually gives a different split for a different seed', () => {
    const splits = Array.from({ length: 10 }, (_, seed) => JSON.stringify([...splitPools({ rows, pooled: [], unpooled: items, seed: `${seed}` })].sort()));
    expect(new Set(splits).size).toBeGreaterThanOrEqual(9);
  });

  it('splits no material into nothing', () => {
    expect(splitPools({ rows, pooled: [], unpooled: [], seed: 'a' }).size).toBe(0);
  });
});

describe('coverageOf(rows, items)', () => {
  it('counts each level of each row, the borderline items, and names the levels no item has', () => {
    const items: PoolItem[] = [
      { itemKey: 1, trueLevels: { clarity: '1', evidence: '2', format: 'yes' }, borderline: true },
      { itemKey: 2, trueLevels: { clarity: '1', evidence: '3', format: 'yes' }, borderline: false },
      { itemKey: 3, trueLevels: { clarity: '3', evidence: '3', format: 'yes' }, borderline: true },
    ];
    expect(coverageOf(rows, items)).toEqual({
      items: 3,
      borderline: 2,
      rows: [
        {
          key: 'clarity',
          levels: [
            { level: '1', count: 2 },
            { level: '2', count: 0 },
            { level: '3', count: 1 },
          ],
        },
        {
          key: 'evidence',
          levels: [
            { level: '1', count: 0 },
            { level: '2', count: 1 },
            { level: '3', count: 2 },
            { level: '4', count: 0 },
          ],
        },
        {
          key: 'format',
          levels: [
            { level: 'no', count: 0 },
            { level: 'yes', count: 3 },
          ],
        },
      ],
      missing: [
        { rowKey: 'clarity', level: '2' },
        { rowKey: 'evidence', level: '1' },
        { rowKey: 'evidence', level: '4' },
        { rowKey: 'format', level: 'no' },
      ],
    });
  });
});

/** The coverage rule a set must meet, checked from the outside. */
function expectValidSet(set: readonly number[], available: readonly PoolItem[], ofRows: readonly MaterialRow[] = rows, size = 10, minBorderline = 2) {
  expect(set).toHaveLength(size);
  expect(new Set(set).size).toBe(size);
  const byKey = new Map(available.map((item) => [item.itemKey, item]));
  const chosen = set.map((key) => byKey.get(key)!);
  expect(chosen.every(Boolean)).toBe(true);
  const coverage = coverageOf(ofRows, chosen);
  expect(coverage.missing).toEqual([]);
  expect(coverage.borderline).toBeGreaterThanOrEqual(minBorderline);
}

describe('assembleSet({ rows, available, seed, label, policy })', () => {
  const available = material(40, 'qualifying-pool');

  it('draws setSize distinct available items covering every level of every row, with the borderline minimum', () => {
    expectValidSet(assembleSet({ rows, available, seed: 'a', label: 'qualifying set A' }), available);
  });

  it('meets the coverage rule for many seeds', () => {
    for (let seed = 0; seed < 100; seed++) expectValidSet(assembleSet({ rows, available, seed: `${seed}`, label: 'qualifying set A' }), available);
  });

  it('gives the same set for the same seed, however the pool is listed, and usually another for another seed', () => {
    const set = assembleSet({ rows, available, seed: 'a', label: 'qualifying set A' });
    expect(assembleSet({ rows, available, seed: 'a', label: 'qualifying set A' })).toEqual(set);
    expect(assembleSet({ rows, available: [...available].reverse(), seed: 'a', label: 'qualifying set A' })).toEqual(set);
    const sets = Array.from({ length: 10 }, (_, seed) => assembleSet({ rows, available, seed: `${seed}`, label: 'qualifying set A' }).join());
    expect(new Set(sets).size).toBeGreaterThanOrEqual(9);
  });

  it('draws set B disjoint from set A when B comes from the pool minus A', () => {
    const setA = assembleSet({ rows, available, seed: 'assessor-7', label: 'qualifying set A' });
    const rest = available.filter((item) => !setA.includes(item.itemKey));
    const setB = assembleSet({ rows, available: rest, seed: 'assessor-7', label: 'qualifying set B' });
    expectValidSet(setB, rest);
    expect(setB.filter((key) => setA.includes(key))).toEqual([]);
  });

  it('follows the set size and borderline minimum of the policy', () => {
    const policy = certificationPolicyOrThrow({ setSize: 14, minBorderline: 5 });
    expectValidSet(assembleSet({ rows, available, seed: 'a', label: 'qualifying set A', policy }), available, rows, 14, 5);
  });

  it('covers only the rows given: a calibration set on the changed rows', () => {
    const changed = [rows[1]];
    // clarity 3 is nowhere in this pool, but clarity did not change
    const pool = material(30, 'calibration-pool', { weights: { clarity: [1, 1, 0] } });
    const set = assembleSet({ rows: changed, available: pool, seed: 'a', label: 'calibration set' });
    expectValidSet(set, pool, changed);
  });

  it('refuses when fewer items are left than a set needs (409 set_incomplete)', () => {
    const error = conflictOf(() => assembleSet({ rows, available: available.slice(0, 7), seed: 'a', label: 'qualifying set B' }));
    expect(error.code).toBe('set_incomplete');
    expect(error.message).toBe('no valid qualifying set B can be assembled: 7 items are left that this assessor may see, and a set needs 10');
  });

  it('names the row and level no item this assessor may see has', () => {
    const withoutFour = material(40, 'no-four', { weights: { evidence: [1, 1, 1, 0] } });
    const error = conflictOf(() => assembleSet({ rows, available: withoutFour, seed: 'a', label: 'qualifying set A' }));
    expect(error.code).toBe('set_incomplete');
    expect(error.message).toBe('no valid qualifying set A can be assembled: row evidence level 4 is missing from the items this assessor may see');
  });

  it('names several missing levels, and counts those beyond five', () => {
    const wide: MaterialRow[] = [{ key: 'depth', levels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] }];
    const onlyA = Array.from({ length: 12 }, (_, index) => ({ itemKey: index + 1, trueLevels: { depth: 'a' }, borderline: index < 3 }));
    const error = conflictOf(() => assembleSet({ rows: wide, available: onlyA, seed: 'a', label: 'calibration set' }));
    expect(error.message).toBe(
      'no valid calibration set can be assembled: row depth level b, row depth level c, row depth level d, row depth level e, row depth level f and 3 more are missing from the items this assessor may see',
    );
    const twoMissing = onlyA.map((item, index) => ({ ...item, trueLevels: { depth: wide[0].levels[index % 7] } }));
    expect(conflictOf(() => assembleSet({ rows: wide, available: twoMissing, seed: 'a', label: 'calibration set' })).message).toBe(
      'no valid calibration set can be assembled: row depth level h, row depth level i are missing from the items this assessor may see',
    );
  });

  it('refuses when too few items were borderline live', () => {
    const calm = available.map((item, index) => ({ ...item, borderline: index === 0 }));
    const error = conflictOf(() => assembleSet({ rows, available: calm, seed: 'a', label: 'qualifying set A' }));
    expect(error.code).toBe('set_incomplete');
    expect(error.message).toBe('no valid qualifying set A can be assembled: 1 of the items this assessor may see were disagreed or adjudicated live, and a set needs 2');
  });

  it('refuses a set too small to hold every level, naming a level left out of the row', () => {
    const wide: MaterialRow[] = [{ key: 'depth', levels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'] }];
    const everyLevel = Array.from({ length: 22 }, (_, index) => ({ itemKey: index + 1, trueLevels: { depth: wide[0].levels[index % 11] }, borderline: index % 4 === 0 }));
    const error = conflictOf(() => assembleSet({ rows: wide, available: everyLevel, seed: 'a', label: 'qualifying set A' }));
    expect(error.code).toBe('set_incomplete');
    expect(error.message).toMatch(/^no valid qualifying set A can be assembled: 10 items cannot cover every level: row depth level [a-k] is left out$/);
  });

  it('refuses when the levels can only be covered by leaving out the borderline items', () => {
    // the only borderline items repeat level a, so two of the ten places cover nothing new
    const tight: MaterialRow[] = [{ key: 'depth', levels: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] }];
    const pool = [
      ...tight[0].levels.map((level, index) => ({ itemKey: index + 1, trueLevels: { depth: level }, borderline: false })),
      { itemKey: 11, trueLevels: { depth: 'a' }, borderline: true },
      { itemKey: 12, trueLevels: { depth: 'a' }, borderline: true },
    ];
    const error = conflictOf(() => assembleSet({ rows: tight, available: pool, seed: 'a', label: 'qualifying set A' }));
    expect(error.message).toMatch(/^no valid qualifying set A can be assembled: 10 items cannot cover every level: row depth level [b-j] is left out$/);
  });

  describe('over generated material (property)', () => {
    /**
     * 1 to 5 rows of 2 to 4 levels, and material holding a valid set: four planted items cover
     * every level (item j has level j mod k on every row), two of them borderline, plus 6 to 40
     * random items of which about a third were borderline.
     */
    const design = fc
      .array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 5 })
      .chain((shape) => {
        const generatedRows: MaterialRow[] = shape.map((levels, index) => ({ key: `row${index}`, levels: ['l1', 'l2', 'l3', 'l4'].slice(0, levels) }));
        const levelsOf = fc.tuple(...generatedRows.map((row) => fc.constantFrom(...row.levels)));
        const extra = fc.record({ levels: levelsOf, borderline: fc.boolean() });
        return fc.record({
          rows: fc.constant(generatedRows),
          extras: fc.array(extra, { minLength: 6, maxLength: 40 }),
          seed: fc.string(),
        });
      })
      .map(({ rows: generatedRows, extras, seed }) => {
        const planted = [0, 1, 2, 3].map((j) => ({
          levels: generatedRows.map((row) => row.levels[j % row.levels.length]),
          borderline: j < 2,
        }));
        const available: PoolItem[] = [...planted, ...extras].map((item, index) => ({
          itemKey: 100 + index,
          trueLevels: Object.fromEntries(generatedRows.map((row, at) => [row.key, item.levels[at]])),
          borderline: item.borderline,
        }));
        return { rows: generatedRows, available, seed };
      });

    test.prop([design], { numRuns: 300 })('always assembles a valid set when one exists', ({ rows: generatedRows, available: generated, seed }) => {
      const set = assembleSet({ rows: generatedRows, available: generated, seed, label: 'qualifying set A' });
      expectValidSet(set, generated, generatedRows);
    });

    test.prop([design], { numRuns: 200 })('draws set B disjoint from set A, or says clearly why it cannot', ({ rows: generatedRows, available: generated, seed }) => {
      const setA = assembleSet({ rows: generatedRows, available: generated, seed, label: 'qualifying set A' });
      const rest = generated.filter((item) => !setA.includes(item.itemKey));
      let setB: number[];
      try {
        setB = assembleSet({ rows: generatedRows, available: rest, seed, label: 'qualifying set B' });
      } catch (error) {
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).code).toBe('set_incomplete');
        expect((error as ConflictError).message).toMatch(/^no valid qualifying set B can be assembled: /);
        return;
      }
      expectValidSet(setB, rest, generatedRows);
      expect(setB.filter((key) => setA.includes(key))).toEqual([]);
    });

    test.prop([design], { numRuns: 200 })('pools every item once, and anchors every level that has enough material', ({ rows: generatedRows, available: generated, seed }) => {
      const split = splitPools({ rows: generatedRows, pooled: [], unpooled: generated, seed });
      expect(split.size).toBe(generated.length);
      const anchors = poolsOf(split, generated).anchor;
      const all = coverageOf(generatedRows, generated);
      const anchored = coverageOf(generatedRows, anchors);
      all.rows.forEach((row, index) =>
        row.levels.forEach((level, at) => expect(anchored.rows[index].levels[at].count).toBeGreaterThanOrEqual(Math.min(level.count, DEFAULT_CERTIFICATION_POLICY.anchorsPerLevel))),
      );
    });
  });
});
