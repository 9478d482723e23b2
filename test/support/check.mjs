#!/usr/bin/env node
/**
 * `npm run check`: type checks the backend and tests (tsc) and the dashboard (svelte-check) at the
 * same time, each output printed whole once it finishes; fails when either fails. tsc keeps its
 * incremental state in node_modules/.cache/concord, so a second check re-examines only what
 * changed (and whatever depends on it).
 */
import { spawn } from 'node:child_process';

const checks = [
  'tsc -p tsconfig.json --noEmit --incremental --tsBuildInfoFile node_modules/.cache/concord/tsconfig.tsbuildinfo',
  'svelte-check --tsconfig frontend/tsconfig.json --fail-on-warnings --output machine',
];

function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => resolve({ command, code: code ?? (signal ? 1 : 0), output: Buffer.concat(output).toString('utf8') }));
  });
}

const results = await Promise.all(checks.map(run));
for (const { command, code, output } of results) {
  process.stdout.write(`> ${command}${code === 0 ? '' : ` (failed, exit code ${code})`}\n${output}`);
  if (output && !output.endsWith('\n')) process.stdout.write('\n');
}
process.exitCode = results.some((result) => result.code !== 0) ? 1 : 0;
