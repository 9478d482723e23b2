'use strict';
// Resolves the project's relative imports for eslint-plugin-boundaries the way TypeScript does:
// `./x.js` names `./x.ts` (NodeNext), `./x.svelte.js` names `./x.svelte.ts`, and the dashboard
// (bundler resolution) may leave the extension out. Packages go to the Node resolver.
const { existsSync, statSync } = require('node:fs');
const { dirname, resolve } = require('node:path');
const nodeResolver = require('eslint-import-resolver-node');

const isFile = (path) => existsSync(path) && statSync(path).isFile();

const candidates = (path) => {
  const list = [path];
  if (path.endsWith('.js')) list.push(`${path.slice(0, -3)}.ts`, `${path.slice(0, -3)}.d.ts`);
  list.push(`${path}.ts`, `${path}.d.ts`, `${path}/index.ts`, `${path}/index.d.ts`);
  return list;
};

module.exports = {
  interfaceVersion: 2,
  resolve(source, file, config) {
    if (!source.startsWith('.') && !source.startsWith('/')) return nodeResolver.resolve(source, file, config);
    const found = candidates(resolve(dirname(file), source)).find(isFile);
    return found === undefined ? { found: false } : { found: true, path: found };
  },
};
