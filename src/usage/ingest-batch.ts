// One OTLP export request -> the spans usage keeps and the count of those it refuses, with
// the answer's partial-success message. The HTTP route and `traction telemetry import` both
// go through here, then hand the result to the store (store/usage-repository.ts).
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { ModelPrice, TelemetryConfig } from '../domain/usage.js';
import { aggregate, type BatchAggregate } from './aggregate.js';
import { attributor, type AttributionRule } from './attribution.js';
import { attributeFilter } from './content-filter.js';
import { decodeOtlpJson, decodeOtlpProtobuf, OtlpDecodeError, type RawSpan } from './otlp-decode.js';
import { priceLookup } from './price-table.js';
import { pseudonymiser } from './pseudonymise.js';
import { isGenAiSpan, reduceSpan, REJECT_MESSAGES, type ReduceContext, type ReducedSpan, type RejectReason } from './reduce-span.js';

export type OtlpEncoding = 'protobuf' | 'json';

/** What ingest needs from the workspace and the store. */
export interface IngestSetup {
  rules: AttributionRule[];
  /** Every stored use case id (a span may name one in traction.use_case.id). */
  useCaseIds: ReadonlySet<string>;
  prices: ModelPrice[];
  /** The pseudonymisation key (>= 32 bytes). */
  key: Uint8Array;
}

/**
 * A request's spans ready for the store, already aggregated: the spans themselves are not
 * kept (while a batch waits for its transaction only its sums are held, not 512 records).
 */
export interface PreparedBatch {
  /** Spans kept: counted, unless the same batch was counted before. */
  kept: number;
  /** The batch's fingerprint (batchKey), undefined when it keeps no span. */
  key: string | undefined;
  /** The kept spans per use case and UTC day, and the unattributed ones per day and service. */
  usage: BatchAggregate;
  rejected: Map<RejectReason, number>;
  /** Spans that are not GenAI calls (HTTP, database, tool runs): accepted and not counted. */
  ignored: number;
  /** The same span twice in one batch: counted once. */
  repeated: number;
  /** Models seen without a price: their requests are counted, their cost is unknown. */
  unpricedModels: Set<string>;
}

/** Largest body after gunzip: a zip bomb stops here, not in memory. */
export const MAX_DECODED_BYTES = 32 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

/** The encoding a Content-Type names (OTLP/HTTP: application/x-protobuf or application/json), or undefined. */
export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

export class Ingestor {
  private readonly keep: (key: string) => boolean;
  private readonly context: Omit<ReduceContext, 'nowMs'>;

  constructor(setup: IngestSetup) {
    const configs: TelemetryConfig[] = setup.rules.map((r) => r.telemetry);
    this.keep = attributeFilter(configs);
    this.context = { attributor: attributor(setup.rules, setup.useCaseIds), pseudonymise: pseudonymiser(setup.key), price: priceLookup(setup.prices) };
  }

  /** Decodes a body (gunzipped first when `gzip`); throws OtlpDecodeError or BodyTooLargeError for the whole request. */
  decode(body: Uint8Array, encoding: OtlpEncoding, gzip: boolean): RawSpan[] {
    let bytes = body;
    if (gzip) {
      try {
        bytes = gunzipSync(body, { maxOutputLength: MAX_DECODED_BYTES });
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new BodyTooLargeError(`the body is larger than ${MAX_DECODED_BYTES} bytes once decompressed`);
        throw new OtlpDecodeError(`the body is not valid gzip: ${(e as Error).message}`);
      }
    }
    return encoding === 'protobuf' ? decodeOtlpProtobuf(bytes, this.keep) : decodeOtlpJson(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), this.keep);
  }

  prepare(raw: readonly RawSpan[], nowMs: number): PreparedBatch {
    const batch: Omit<PreparedBatch, 'kept' | 'key' | 'usage'> = { rejected: new Map(), ignored: 0, repeated: 0, unpricedModels: new Set() };
    const ctx = { ...this.context, nowMs };
    const keys = new Set<string>();
    const spans: ReducedSpan[] = [];
    for (const s of raw) {
      if (!isGenAiSpan(s)) {
        batch.ignored++;
        continue;
      }
      const r = reduceSpan(s, ctx);
      if (typeof r === 'string') batch.rejected.set(r, (batch.rejected.get(r) ?? 0) + 1);
      else if (keys.has(r.key)) batch.repeated++;
      else {
        keys.add(r.key);
        spans.push(r);
        if (r.cost === null && r.model !== null && r.useCaseId !== null) batch.unpricedModels.add(r.model);
      }
    }
    return { ...batch, kept: spans.length, key: spans.length > 0 ? batchKey(spans) : undefined, usage: aggregate(spans) };
  }
}

/**
 * The batch's fingerprint: SHA-256 over its spans' sorted trace and span ids. A retry sends
 * the same spans, so the same fingerprint, whatever the encoding or order; a batch with any
 * other span is another batch.
 */
export function batchKey(spans: readonly ReducedSpan[]): string {
  // Keys are 48 hex characters each, so joining them hashes the same bytes as one update per key.
  return createHash('sha256').update(spans.map((s) => s.key).sort().join('')).digest('hex');
}

export function rejectedCount(batch: PreparedBatch): number {
  let n = 0;
  for (const c of batch.rejected.values()) n += c;
  return n;
}

/** OTLP partial success's error_message: why spans were refused, and warnings (models without a price). */
export function partialSuccessMessage(batch: PreparedBatch): string | undefined {
  const parts = [...batch.rejected].map(([reason, n]) => `${n} span${n === 1 ? '' : 's'} refused (${reason}): expected ${REJECT_MESSAGES[reason]}`);
  if (batch.unpricedModels.size > 0)
    parts.push(`no price for model${batch.unpricedModels.size === 1 ? '' : 's'} ${[...batch.unpricedModels].slice(0, 5).join(', ')}: requests counted, cost unknown (add it to prices: in traction.yaml)`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
