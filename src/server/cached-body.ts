// A JSON answer serialised once and kept as bytes, with its gzip made on first demand: the
// computed lists are large (a 500-use-case ranking is ~350 KB, ~40 KB gzipped) and the same
// until the store changes, so neither serialising nor compressing is worth repeating.
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export class CachedBody {
  private gzipped: Buffer | undefined;
  readonly json: Buffer;

  constructor(value: unknown) {
    this.json = Buffer.from(JSON.stringify(value));
  }

  /** Sends the gzip when the client accepts it (every browser does), else the plain bytes. */
  send(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
    if (!/\bgzip\b/.test(request.headers['accept-encoding'] ?? '') || this.json.length < 1024) return reply.send(this.json);
    this.gzipped ??= gzipSync(this.json, { level: 6 });
    return reply.header('content-encoding', 'gzip').send(this.gzipped);
  }
}
