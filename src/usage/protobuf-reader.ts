// A minimal protocol-buffers wire-format reader (varint, 64-bit, length-delimited, 32-bit),
// enough to walk OTLP messages field by field and skip what is not needed without
// materialising it. Every read is bounds-checked: a malformed body throws a ProtobufError,
// never reads past the buffer or loops. Wire format: https://protobuf.dev/programming-guides/encoding/
export class ProtobufError extends Error {}

export const WIRE = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

export class ProtobufReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /** The next field's tag as [field number, wire type]. */
  tag(): [number, number] {
    const t = this.varint();
    const field = Math.floor(t / 8);
    if (field === 0) throw new ProtobufError('field number 0');
    return [field, t & 7];
  }

  /** An unsigned varint as a number (exact up to 2^53; larger values lose low bits, which no counter here reaches). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtobufError('truncated varint');
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new ProtobufError('varint longer than 10 bytes');
  }

  /** A signed int64 varint (two's complement over 10 bytes) as a number. */
  int64(): number {
    const v = this.varint();
    return v >= 2 ** 63 ? v - 2 ** 64 : v;
  }

  /**
   * A fixed64 count of nanoseconds as milliseconds. Today's epoch nanoseconds exceed 2^53, so
   * a plain Number would round them; whole milliseconds and the remainder are taken apart.
   */
  fixed64Ms(): number {
    if (this.pos + 8 > this.end) throw new ProtobufError('truncated fixed64');
    const ns = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getBigUint64(0, true);
    this.pos += 8;
    return nanosToMs(ns);
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new ProtobufError('truncated double');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  /** The bounds of a length-delimited field; the reader moves past it. */
  bytes(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    if (len > this.end - start) throw new ProtobufError('length-delimited field runs past its message');
    this.pos = start + len;
    return [start, start + len];
  }

  string(): string {
    const [s, e] = this.bytes();
    return DECODER.decode(this.buf.subarray(s, e));
  }

  hex(): string {
    const [s, e] = this.bytes();
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + s, e - s).toString('hex');
  }

  sub(): ProtobufReader {
    const [s, e] = this.bytes();
    return new ProtobufReader(this.buf, s, e);
  }

  skip(wire: number): void {
    if (wire === WIRE.VARINT) this.varint();
    else if (wire === WIRE.I64) this.advance(8);
    else if (wire === WIRE.LEN) this.bytes();
    else if (wire === WIRE.I32) this.advance(4);
    else throw new ProtobufError(`unsupported wire type ${wire}`);
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new ProtobufError('truncated field');
    this.pos += n;
  }

}

/** Nanoseconds -> milliseconds, exact to the nanosecond for any epoch time. */
export function nanosToMs(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

const DECODER = new TextDecoder('utf-8', { fatal: false });

/** Writes the few messages Traction answers with (partial success, status). */
export class ProtobufWriter {
  private readonly parts: number[] = [];
  varintField(field: number, value: number): this {
    this.varint(field * 8 + WIRE.VARINT);
    this.varint(value);
    return this;
  }
  stringField(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }
  bytesField(field: number, value: Uint8Array): this {
    this.varint(field * 8 + WIRE.LEN);
    this.varint(value.length);
    for (const b of value) this.parts.push(b);
    return this;
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
  private varint(v: number): void {
    while (v >= 0x80) {
      this.parts.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.parts.push(v);
  }
}
