// OTLP/HTTP trace ingest: POST /v1/traces, the path an OpenTelemetry SDK or Collector's
// otlphttp exporter appends to the endpoint. Binary protobuf or JSON, optionally gzip.
// Only an ingest, write or session principal of a contributor or above may send (an ingest
// token may do nothing else). Bad bodies get an OTLP Status (400/413/415); bad spans are
// refused one by one and counted, the rest of the batch is kept (partial success).
import type { FastifyError, FastifyReply } from 'fastify';
import type { AppDeps, ZodApp } from '../app.js';
import { recordUsageBatch } from '../../store/usage-repository.js';
import { IngestorCache } from '../../store/usage-setup.js';
import { BodyTooLargeError, encodingOf, partialSuccessMessage, type OtlpEncoding } from '../../usage/ingest-batch.js';
import { OtlpDecodeError } from '../../usage/otlp-decode.js';
import { exportResponse, RPC_CODE, statusResponse } from '../../usage/otlp-response.js';

/** Largest body as sent (compressed or not). */
export const MAX_TELEMETRY_BODY_BYTES = 8 * 1024 * 1024;

const send = (reply: FastifyReply, status: number, r: { contentType: string; body: string | Uint8Array }) =>
  reply.code(status).type(r.contentType).send(typeof r.body === 'string' ? r.body : Buffer.from(r.body));

export async function telemetryRoutes(app: ZodApp, deps: AppDeps, telemetryKey: Uint8Array | undefined): Promise<void> {
  const ingestors = new IngestorCache(telemetryKey);
  await app.register(async (scope) => {
    // Bodies arrive as bytes whatever the type; the handler decides (415 names what is accepted).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_TELEMETRY_BODY_BYTES }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err;
      return send(reply, 413, statusResponse(encodingOf(request.headers['content-type']) ?? 'json', RPC_CODE.RESOURCE_EXHAUSTED, `the body is larger than ${MAX_TELEMETRY_BODY_BYTES} bytes: send smaller batches`));
    });
    scope.post(
      '/v1/traces',
      {
        // Not in the OpenAPI document (an /api one): OTLP/HTTP is specified by OpenTelemetry; docs/usage.md says how to use it.
        schema: { hide: true, tags: ['telemetry'], summary: 'OTLP/HTTP trace export (protobuf or JSON, optionally gzip): GenAI spans become usage per use case' },
        config: { access: { permission: 'telemetry.ingest' } },
        bodyLimit: MAX_TELEMETRY_BODY_BYTES,
      },
      async (request, reply) => {
        const encoding = encodingOf(request.headers['content-type']);
        if (!encoding) return send(reply, 415, statusResponse('json', RPC_CODE.INVALID_ARGUMENT, 'send Content-Type application/x-protobuf or application/json (OTLP/HTTP)'));
        const contentEncoding = String(request.headers['content-encoding'] ?? 'identity').toLowerCase();
        if (contentEncoding !== 'gzip' && contentEncoding !== 'identity')
          return send(reply, 415, statusResponse(encoding, RPC_CODE.INVALID_ARGUMENT, `Content-Encoding ${contentEncoding} is not supported: send gzip or none`));
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const ingestor = await ingestors.get(deps.store.db);
        let raw;
        try {
          raw = ingestor.decode(body, encoding, contentEncoding === 'gzip');
        } catch (e) {
          return refuse(reply, encoding, e);
        }
        const now = deps.now();
        const batch = ingestor.prepare(raw, now.getTime());
        const result = await recordUsageBatch(deps.store, batch, now);
        request.log.info({ spans: raw.length, counted: result.counted, duplicates: result.duplicates, rejected: result.rejected, ignored: batch.ignored }, 'telemetry batch');
        return send(reply, 200, exportResponse(encoding, result.rejected, partialSuccessMessage(batch)));
      },
    );
  });
}

function refuse(reply: FastifyReply, encoding: OtlpEncoding, e: unknown): FastifyReply {
  if (e instanceof BodyTooLargeError) return send(reply, 413, statusResponse(encoding, RPC_CODE.RESOURCE_EXHAUSTED, e.message));
  if (e instanceof OtlpDecodeError) return send(reply, 400, statusResponse(encoding, RPC_CODE.INVALID_ARGUMENT, `not an OTLP trace export request: ${e.message}`));
  throw e;
}
