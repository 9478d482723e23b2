#!/usr/bin/env node
/**
 * Generates frontend/src/lib/api/schema.ts from docs/openapi.json: one TypeScript interface per
 * component schema, and `ApiResponses`, the response type of every operation by "METHOD /path".
 * The dashboard's API types come only from here, so they cannot drift from the server's DTOs;
 * a test fails when the committed file is stale (run `npm run openapi`).
 *
 * Usage: node frontend/scripts/generate-api-types.mjs [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const documentPath = `${root}docs/openapi.json`;
const outputPath = `${root}frontend/src/lib/api/schema.ts`;

export function generate(document) {
  const lines = [
    '// Generated from docs/openapi.json by frontend/scripts/generate-api-types.mjs. Do not edit:',
    '// run `npm run openapi` after changing the API.',
    '',
  ];
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas).sort()) {
    const schema = schemas[name];
    if (schema.description) lines.push(`/** ${oneLine(schema.description)} */`);
    if (schema.type === 'object' || schema.properties) {
      lines.push(`export interface ${name} {`);
      const required = new Set(schema.required ?? []);
      for (const [property, value] of Object.entries(schema.properties ?? {})) {
        if (value.description) lines.push(`  /** ${oneLine(value.description)} */`);
        lines.push(`  ${safeKey(property)}${required.has(property) ? '' : '?'}: ${typeOf(value)};`);
      }
      lines.push('}', '');
    } else {
      lines.push(`export type ${name} = ${typeOf(schema)};`, '');
    }
  }
  lines.push('/** The success response of every operation, by "METHOD /path" (paths as the API writes them). */');
  lines.push('export interface ApiResponses {');
  for (const path of Object.keys(document.paths ?? {}).sort()) {
    for (const [method, operation] of Object.entries(document.paths[path])) {
      const responses = operation.responses ?? {};
      const success = Object.keys(responses).filter((code) => code.startsWith('2')).sort()[0];
      const content = success ? responses[success].content : undefined;
      const json = content?.['application/json']?.schema;
      const type = json ? typeOf(json) : content ? 'string' : 'void';
      lines.push(`  '${method.toUpperCase()} ${path}': ${type};`);
    }
  }
  lines.push('}', '');
  return lines.join('\n');
}

function typeOf(schema) {
  let type;
  if (schema.$ref) type = schema.$ref.split('/').pop();
  else if (schema.allOf) type = schema.allOf.map(typeOf).join(' & ');
  else if (schema.oneOf || schema.anyOf) type = (schema.oneOf ?? schema.anyOf).map(typeOf).join(' | ');
  else if (schema.enum) type = schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  else if (schema.type === 'array') type = `${wrap(typeOf(schema.items ?? {}))}[]`;
  else if (schema.type === 'integer' || schema.type === 'number') type = 'number';
  else if (schema.type === 'string') type = 'string';
  else if (schema.type === 'boolean') type = 'boolean';
  else if (schema.type === 'object' || schema.additionalProperties) {
    if (schema.properties) {
      const required = new Set(schema.required ?? []);
      type = `{ ${Object.entries(schema.properties).map(([k, v]) => `${safeKey(k)}${required.has(k) ? '' : '?'}: ${typeOf(v)}`).join('; ')} }`;
    } else type = `Record<string, ${schema.additionalProperties && schema.additionalProperties !== true ? typeOf(schema.additionalProperties) : 'unknown'}>`;
  } else type = 'unknown';
  return schema.nullable ? `${wrap(type)} | null` : type;
}

function wrap(type) {
  return /[|&]/.test(type) ? `(${type})` : type;
}

function safeKey(key) {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

function oneLine(text) {
  return String(text).replace(/\s+/g, ' ').replace(/\*\//g, '* /').trim();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const output = generate(JSON.parse(readFileSync(documentPath, 'utf8')));
  if (process.argv.includes('--check')) {
    const current = readFileSync(outputPath, 'utf8');
    if (current !== output) {
      console.error('frontend/src/lib/api/schema.ts is stale: run npm run openapi');
      process.exit(1);
    }
  } else writeFileSync(outputPath, output);
}
