import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { randomLcg } from 'd3-random';

export interface SyntheticScores {
  submissions: number;
  assessors: number;
  /** share of ratings left out at random */
  missing: number;
  levels: number;
  seed: number;
}

/**
 * Writes a seeded long-format score file for one criterion: each submission has a true level;
 * an assessor gives it with probability 0.7, otherwise a neighbouring level.
 */
export async function writeSyntheticScores(path: string, spec: SyntheticScores): Promise<void> {
  const random = randomLcg(spec.seed);
  const out = createWriteStream(path);
  let buffer = 'submission,assessor,criterion,level\n';
  for (let s = 0; s < spec.submissions; s++) {
    const truth = 1 + Math.floor(random() * spec.levels);
    let rated = 0;
    const lines: string[] = [];
    for (let a = 0; a < spec.assessors; a++) {
      if (random() < spec.missing) continue;
      const u = random();
      const level = u < 0.7 ? truth : Math.min(spec.levels, Math.max(1, truth + (u < 0.85 ? -1 : 1)));
      lines.push(`s${s},a${a + 1},criterion_1,${level}\n`);
      rated++;
    }
    if (rated > 0) buffer += lines.join('');
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}
