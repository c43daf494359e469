// The answers OTLP/HTTP defines (https://opentelemetry.io/docs/specs/otlp/#otlphttp-response):
// success is an ExportTraceServiceResponse, with `partial_success` when spans were refused
// (rejected_spans) or there is a warning (error_message); failure is a google.rpc.Status.
// Each in the request's own encoding.
import { ProtobufWriter } from './protobuf-reader.js';
import type { OtlpEncoding } from './ingest-batch.js';

/** google.rpc.Code values used here. */
export const RPC_CODE = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8 } as const;

export function exportResponse(encoding: OtlpEncoding, rejected: number, message: string | undefined): { contentType: string; body: string | Uint8Array } {
  const partial = rejected > 0 || message !== undefined;
  if (encoding === 'json') {
    // int64 is a decimal string in proto3 JSON.
    const body = partial ? { partialSuccess: { rejectedSpans: String(rejected), ...(message ? { errorMessage: message } : {}) } } : {};
    return { contentType: 'application/json', body: JSON.stringify(body) };
  }
  if (!partial) return { contentType: 'application/x-protobuf', body: new Uint8Array(0) };
  const p = new ProtobufWriter();
  if (rejected > 0) p.varintField(1, rejected);
  if (message) p.stringField(2, message);
  return { contentType: 'application/x-protobuf', body: new ProtobufWriter().bytesField(1, p.finish()).finish() };
}

export function statusResponse(encoding: OtlpEncoding, code: number, message: string): { contentType: string; body: string | Uint8Array } {
  if (encoding === 'json') return { contentType: 'application/json', body: JSON.stringify({ code, message }) };
  return { contentType: 'application/x-protobuf', body: new ProtobufWriter().varintField(1, code).stringField(2, message).finish() };
}
