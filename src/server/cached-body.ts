// A JSON answer serialised once and kept as bytes, with its gzip made on first demand: the
// computed lists are large (a 500-use-case ranking is ~350 KB, ~40 KB gzipped) and the same
// until the store changes, so neither serialising nor compressing is worth repeating.
//
// The answer carries an ETag made from its bytes, so a client that has it already (the
// dashboard's browser) asks with If-None-Match and gets 304 without the body. Made from the
// content, not from a counter or the store's fingerprint, the tag is the same on every replica
// that computed the same answer, and different as soon as the answer differs: a change through
// any replica shows in the next revalidation on every replica (test/cluster/shared-state.test.ts).
// `Cache-Control: private, no-cache`: a browser keeps it but asks every time (answers depend on
// who asks and on the store), a shared cache does not keep it.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export class CachedBody {
  private gzipped: Buffer | undefined;
  readonly json: Buffer;
  /**
   * Weak (RFC 9110 section 8.8.1): the plain and the gzipped bytes are one answer in two
   * encodings; If-None-Match compares weakly (section 13.1.2).
   */
  readonly etag: string;

  constructor(value: unknown) {
    this.json = Buffer.from(JSON.stringify(value));
    this.etag = `W/"${createHash('sha256').update(this.json).digest('base64url').slice(0, 27)}"`;
  }

  /** 304 when the client has this answer (If-None-Match), else the gzip when the client accepts it (every browser does), else the plain bytes. */
  send(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    reply.header('vary', 'accept-encoding').header('etag', this.etag).header('cache-control', 'private, no-cache');
    if (clientHas(request.headers['if-none-match'], this.etag)) return reply.code(304).send();
    reply.type('application/json; charset=utf-8');
    if (!/\bgzip\b/.test(request.headers['accept-encoding'] ?? '') || this.json.length < 1024) return reply.send(this.json);
    this.gzipped ??= gzipSync(this.json, { level: 6 });
    return reply.header('content-encoding', 'gzip').send(this.gzipped);
  }
}

/** Whether an If-None-Match header names `etag` (or is `*`), compared weakly: `W/` prefixes ignored (RFC 9110 section 13.1.2). */
export function clientHas(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === opaque);
}
