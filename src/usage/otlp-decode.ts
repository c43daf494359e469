// OTLP trace export requests -> flat spans, for both encodings the OTLP/HTTP specification
// defines (binary protobuf, and JSON with hex ids and lowerCamelCase keys):
// https://opentelemetry.io/docs/specs/otlp/#otlphttp and opentelemetry-proto's trace.proto.
// `keep(key)` decides which attributes are read at all: everything else (prompts,
// completions, anything not asked for) is skipped as bytes and never becomes a string.
import { nanosToMs, ProtobufError, ProtobufReader, WIRE } from './protobuf-reader.js';

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

/** A span as sent, before validation: ids as hex, times in ms since the epoch. */
export interface RawSpan {
  traceId: string;
  spanId: string;
  startMs: number;
  endMs: number;
  /** Status code 2 (ERROR). */
  statusError: boolean;
  resource: Attributes;
  attributes: Attributes;
}

export type KeepAttribute = (key: string) => boolean;

/** The body is not an OTLP trace request at all (the whole request is refused). */
export class OtlpDecodeError extends Error {}

const NS_PER_MS = 1e6;

// --- protobuf ------------------------------------------------------------------------------

export function decodeOtlpProtobuf(body: Uint8Array, keep: KeepAttribute): RawSpan[] {
  const spans: RawSpan[] = [];
  try {
    const r = new ProtobufReader(body);
    while (!r.done()) {
      const [field, wire] = r.tag();
      if (field === 1 && wire === WIRE.LEN) resourceSpans(r.sub(), keep, spans);
      else r.skip(wire);
    }
  } catch (e) {
    if (e instanceof ProtobufError) throw new OtlpDecodeError(`malformed protobuf: ${e.message}`);
    throw e;
  }
  return spans;
}

function resourceSpans(r: ProtobufReader, keep: KeepAttribute, out: RawSpan[]): void {
  let resource: Attributes = {};
  const scopes: ProtobufReader[] = [];
  while (!r.done()) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WIRE.LEN) resource = attributesOf(r.sub(), 1, keep);
    else if (field === 2 && wire === WIRE.LEN) scopes.push(r.sub());
    else r.skip(wire);
  }
  // The resource may come after its spans on the wire; spans are read once it is known.
  for (const s of scopes) {
    while (!s.done()) {
      const [field, wire] = s.tag();
      if (field === 2 && wire === WIRE.LEN) out.push(span(s.sub(), resource, keep));
      else s.skip(wire);
    }
  }
}

/** The KeyValue list at `field` of a message (Resource.attributes is 1). */
function attributesOf(r: ProtobufReader, field: number, keep: KeepAttribute): Attributes {
  const attrs: Attributes = {};
  while (!r.done()) {
    const [f, wire] = r.tag();
    if (f === field && wire === WIRE.LEN) keyValue(r.sub(), keep, attrs);
    else r.skip(wire);
  }
  return attrs;
}

function keyValue(r: ProtobufReader, keep: KeepAttribute, into: Attributes): void {
  let key: string | undefined;
  let value: ProtobufReader | undefined;
  while (!r.done()) {
    const [f, wire] = r.tag();
    if (f === 1 && wire === WIRE.LEN) key = r.string();
    else if (f === 2 && wire === WIRE.LEN) value = r.sub();
    else r.skip(wire);
  }
  if (key === undefined || value === undefined || !keep(key)) return;
  const v = anyValue(value);
  if (v !== undefined) into[key] = v;
}

/** Scalars only: arrays, maps and bytes are never needed and are skipped. */
function anyValue(r: ProtobufReader): AttributeValue | undefined {
  let v: AttributeValue | undefined;
  while (!r.done()) {
    const [f, wire] = r.tag();
    if (f === 1 && wire === WIRE.LEN) v = r.string();
    else if (f === 2 && wire === WIRE.VARINT) v = r.varint() !== 0;
    else if (f === 3 && wire === WIRE.VARINT) v = r.int64();
    else if (f === 4 && wire === WIRE.I64) v = r.double();
    else r.skip(wire);
  }
  return v;
}

function span(r: ProtobufReader, resource: Attributes, keep: KeepAttribute): RawSpan {
  const s: RawSpan = { traceId: '', spanId: '', startMs: NaN, endMs: NaN, statusError: false, resource, attributes: {} };
  while (!r.done()) {
    const [f, wire] = r.tag();
    if (f === 1 && wire === WIRE.LEN) s.traceId = r.hex();
    else if (f === 2 && wire === WIRE.LEN) s.spanId = r.hex();
    else if (f === 7 && wire === WIRE.I64) s.startMs = r.fixed64Ms();
    else if (f === 8 && wire === WIRE.I64) s.endMs = r.fixed64Ms();
    else if (f === 9 && wire === WIRE.LEN) keyValue(r.sub(), keep, s.attributes);
    else if (f === 15 && wire === WIRE.LEN) s.statusError = statusCode(r.sub()) === 2;
    else r.skip(wire);
  }
  return s;
}

function statusCode(r: ProtobufReader): number {
  let code = 0;
  while (!r.done()) {
    const [f, wire] = r.tag();
    if (f === 3 && wire === WIRE.VARINT) code = r.varint();
    else r.skip(wire);
  }
  return code;
}

// --- JSON ----------------------------------------------------------------------------------

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function decodeOtlpJson(text: string, keep: KeepAttribute): RawSpan[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new OtlpDecodeError(`malformed JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw new OtlpDecodeError('expected an ExportTraceServiceRequest object ({"resourceSpans": [...]})');
  if (doc.resourceSpans !== undefined && !Array.isArray(doc.resourceSpans)) throw new OtlpDecodeError('resourceSpans must be an array');
  const spans: RawSpan[] = [];
  for (const rs of list(doc.resourceSpans)) {
    if (!isObject(rs)) continue;
    const resource = jsonAttributes(isObject(rs.resource) ? rs.resource.attributes : undefined, keep);
    for (const ss of list(rs.scopeSpans)) {
      if (!isObject(ss)) continue;
      for (const sp of list(ss.spans)) spans.push(jsonSpan(sp, resource, keep));
    }
  }
  return spans;
}

function jsonSpan(sp: unknown, resource: Attributes, keep: KeepAttribute): RawSpan {
  const o = isObject(sp) ? sp : {};
  const status = isObject(o.status) ? o.status : {};
  return {
    traceId: typeof o.traceId === 'string' ? o.traceId.toLowerCase() : '',
    spanId: typeof o.spanId === 'string' ? o.spanId.toLowerCase() : '',
    startMs: jsonNanosToMs(o.startTimeUnixNano),
    endMs: jsonNanosToMs(o.endTimeUnixNano),
    statusError: status.code === 2 || status.code === 'STATUS_CODE_ERROR',
    resource,
    attributes: jsonAttributes(o.attributes, keep),
  };
}

/** uint64 nanoseconds: a decimal string (proto3 JSON) or a number. */
function jsonNanosToMs(v: unknown): number {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v / NS_PER_MS : NaN;
  if (typeof v === 'string' && /^[0-9]{1,20}$/.test(v)) return nanosToMs(BigInt(v));
  return NaN;
}

function jsonAttributes(v: unknown, keep: KeepAttribute): Attributes {
  const attrs: Attributes = {};
  for (const kv of list(v)) {
    if (!isObject(kv) || typeof kv.key !== 'string' || !keep(kv.key) || !isObject(kv.value)) continue;
    const val = jsonAnyValue(kv.value);
    if (val !== undefined) attrs[kv.key] = val;
  }
  return attrs;
}

function jsonAnyValue(v: Json): AttributeValue | undefined {
  if (typeof v.stringValue === 'string') return v.stringValue;
  if (typeof v.boolValue === 'boolean') return v.boolValue;
  if (typeof v.doubleValue === 'number') return v.doubleValue;
  // int64 is a decimal string in proto3 JSON; a number is accepted too.
  if (typeof v.intValue === 'number' && Number.isInteger(v.intValue)) return v.intValue;
  if (typeof v.intValue === 'string' && /^-?[0-9]{1,19}$/.test(v.intValue)) return Number(v.intValue);
  return undefined;
}
