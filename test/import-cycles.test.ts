import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Import cycles between folders. The lint's layer matrix (eslint.config.js) is a strict order,
 * so the top-level folders of backend/src cannot import each other in a cycle; the features
 * inside modules/ may import each other, and this test keeps them from forming new cycles.
 *
 * KNOWN_FEATURE_CYCLES are the cycles the code has today (mostly entities that reference each
 * other). A new cycle, or a known one that grows, fails the test; a known one that is broken
 * fails it too, so that the list is shortened and the cycle cannot come back.
 */
const KNOWN_FEATURE_CYCLES = [
  ['modules/audit', 'modules/auth', 'modules/users'],
];

const sourceRoot = fileURLToPath(new URL('../backend/src', import.meta.url));

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The folder a source file belongs to: `modules/<feature>`, a top-level folder, or the root's files. */
function folderOf(file: string): string {
  const parts = relative(sourceRoot, file).split(sep);
  if (parts.length === 1) return 'composition';
  if (parts[0] === 'modules') return `modules/${parts[1]}`;
  return parts[0];
}

/** Folder -> the folders its files import (relative imports only, `import type` included). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(sourceRoot)) {
    const from = folderOf(file);
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const to = folderOf(resolve(dirname(file), fileName));
      if (to !== from) targets.add(to);
    }
  }
  return graph;
}

/** The strongly connected components with more than one folder (Tarjan), each sorted. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    lowLink.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, index.get(next)!));
      }
    }
    if (lowLink.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found.sort((a, b) => a[0].localeCompare(b[0]));
}

describe('import cycles between folders', () => {
  const graph = folderGraph();

  it('sees the folders', () => {
    expect([...graph.keys()]).toEqual(expect.arrayContaining(['stats', 'protocol', 'io', 'database', 'modules/users', 'composition']));
  });

  it('has none between the top-level folders of backend/src', () => {
    const topLevel = new Map<string, Set<string>>();
    for (const [from, targets] of graph) {
      const top = from.split('/')[0];
      const set = topLevel.get(top) ?? new Set<string>();
      topLevel.set(top, set);
      for (const to of targets) if (to.split('/')[0] !== top) set.add(to.split('/')[0]);
    }
    expect(cycles(topLevel)).toEqual([]);
  });

  it('has between the features of modules/ only the known cycles', () => {
    expect(cycles(graph)).toEqual(KNOWN_FEATURE_CYCLES);
  });

  it('finds a cycle when there is one', () => {
    const planted = new Map(graph);
    planted.set('stats', new Set([...(graph.get('stats') ?? []), 'protocol']));
    expect(cycles(planted)).toContainEqual(['protocol', 'stats']);
  });
});
