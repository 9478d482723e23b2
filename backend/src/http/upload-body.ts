import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';
import { InvalidError } from '../protocol/errors.js';
import { API_PREFIX } from './api-prefix.js';

/** The largest score import accepted: 50 MB (a million score lines, or 100,000 with long comments). */
export const SCORE_IMPORT_BODY_LIMIT = 50 * 1024 * 1024;

/** The largest expert-panel CSV accepted: items carry their evidence (up to 100,000 characters each). */
export const EXPERT_PANEL_BODY_LIMIT = 10 * 1024 * 1024;

/**
 * The routes whose CSV body no body parser reads: their handlers read it themselves, once the
 * guards have let the request through, so a request without a valid token or with the wrong role
 * is refused before a byte of its body is buffered (configure-app.ts leaves them to the handler).
 */
export const STREAMED_UPLOAD_ROUTES: readonly RegExp[] = [
  new RegExp(`^/${API_PREFIX}/credentials/[^/]+/rubric-versions/[^/]+/scores/import/?$`),
  new RegExp(`^/${API_PREFIX}/credentials/[^/]+/rubric-versions/[^/]+/calibration/candidates/import/?$`),
];

/** Whether a request goes to a route that reads its body itself. */
export function isStreamedUpload(request: IncomingMessage): boolean {
  const path = (request.url ?? '').split('?')[0];
  return STREAMED_UPLOAD_ROUTES.some((route) => route.test(path));
}

const CSV_TYPE = /^\s*(text\/csv|text\/plain)\s*(;|$)/i;

/**
 * The body of a CSV upload, read by its handler after authentication and authorisation: chunks as
 * they arrive, nothing kept here. 400 naming `body` unless the request says text/csv (or
 * text/plain); 413 at once when its Content-Length is over `limit`, or as soon as more than
 * `limit` bytes came. After a refusal the rest of the body is discarded as it arrives, never
 * buffered, and the connection closes after the answer.
 */
export async function* uploadChunks(request: Request, limit: number): AsyncGenerator<Buffer> {
  if (!CSV_TYPE.test(request.headers['content-type'] ?? '')) {
    refuse(request);
    throw new InvalidError('body', 'send the CSV file as the request body with Content-Type: text/csv');
  }
  if (request.readableEnded || (request as { _body?: boolean })._body) {
    throw new Error(`the body of ${request.path} was read before its handler: add the route to STREAMED_UPLOAD_ROUTES`);
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    refuse(request);
    throw tooLarge(limit);
  }
  let received = 0;
  let complete = false;
  try {
    // not destroyed when the reader stops early: the answer still goes out on its socket
    for await (const chunk of request.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > limit) throw tooLarge(limit);
      yield chunk;
    }
    complete = true;
  } finally {
    if (!complete) refuse(request);
  }
}

/** The whole body of a small CSV upload as text (the limit bounds what is kept). */
export async function uploadText(request: Request, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of uploadChunks(request, limit)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The rest of the body is discarded as it comes, and the connection closes after the answer. */
function refuse(request: Request): void {
  if (!request.res?.headersSent) request.res?.setHeader('Connection', 'close');
  request.resume();
}

function tooLarge(limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException({
    statusCode: 413,
    message: `the file is larger than ${Math.round(limit / 1024 / 1024)} MB: split it into several imports`,
    code: 'payload_too_large',
  });
}
