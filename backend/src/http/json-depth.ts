import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from './validation.js';

/** The deepest nesting of arrays and objects a JSON body may have: the deepest DTO nests 4 levels. */
export const MAXIMUM_JSON_DEPTH = 32;

/** How deeply a JSON text nests arrays and objects, counted on the raw bytes (brackets inside strings do not count); stops counting past `limit`. */
export function jsonDepth(text: Buffer | string, limit = Number.POSITIVE_INFINITY): number {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === 0x5c) index++; // a backslash escapes the next byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (byte === 0x5d || byte === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/**
 * body-parser's `verify` step for JSON: refuses a body nested deeper than MAXIMUM_JSON_DEPTH
 * before it is parsed (400 naming the field `body`), so that neither the parser nor class-transformer (which recurses once per
 * level) ever sees it.
 */
export function refuseDeepJson(_request: IncomingMessage, _response: ServerResponse, body: Buffer): void {
  if (jsonDepth(body, MAXIMUM_JSON_DEPTH) > MAXIMUM_JSON_DEPTH) {
    throw Object.assign(badRequest([{ field: 'body', message: `JSON nested deeper than ${MAXIMUM_JSON_DEPTH} levels` }]), { status: 400, type: 'entity.too.deep' });
  }
}
