// A lean HTTP/1.1 client for plain-http targets: keep-alive connections, requests serialised
// once to bytes before the run, responses framed by Content-Length, chunked encoding or
// connection close, no pipelining. It drives the handler interface of undici's dispatch
// (onConnect/onData/onComplete/onError), except that the head arrives as the status and
// content-type only (onResponseStart), which is all RequestProbe reads of it.
// Sockets read through net's `onread` option into one reused buffer (no Buffer and no
// stream 'data' event per read): on a 2-core machine that alone raises a bare keep-alive
// loop from about 56k to 94k requests per second against nginx. A partial head or chunk
// line that outlives a read is copied; body bytes are handed on as views, valid only during
// the handler's call.
// Why not undici here: undici's dispatch with a no-op handler peaks near autocannon's rate
// on this machine, leaving no room for measuring; a load generator must not be the
// bottleneck (see benchmarks/loadgen). https targets still go through undici.
import { connect, type Socket } from 'node:net';

export interface RawHandler {
  onConnect?(abort: (err?: Error) => void): void;
  /** The final answer's status and its content-type, lower-cased ('' when absent). */
  onResponseStart?(statusCode: number, contentType: string): void;
  /** A piece of the body: a view into a reused buffer, valid only during the call. */
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: string[] | null): void;
  onError?(err: Error): void;
}

export interface RawPoolOptions {
  connections: number;
  /** Idle limit while waiting for the connection, the headers or the next body bytes. */
  timeoutMs: number;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const HTTP1 = Buffer.from('HTTP/1.', 'latin1');

const isDigit = (b: number) => b >= 48 && b <= 57;

function startsWith(buf: Buffer, at: number, prefix: Buffer): boolean {
  if (buf.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

function indexOfCr(buf: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) if (buf[i] === 13) return i;
  return end;
}

/** Whether bytes [from, to) spell `lower` ignoring ASCII case (`lower` holds only a-z and '-'). */
function nameIs(buf: Buffer, from: number, to: number, lower: string): boolean {
  if (to - from !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) if ((buf[from + i]! | 0x20) !== lower.charCodeAt(i)) return false;
  return true;
}

/** A non-negative decimal, or -1 when the bytes are not one (a malformed length frames by close). */
function parseDecimal(buf: Buffer, from: number, to: number): number {
  if (from === to) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = buf[i]!;
    if (!isDigit(b)) return -1;
    n = n * 10 + (b - 48);
  }
  return n;
}

/** Every socket of the process reads into this one buffer; reads are handled synchronously, one at a time. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

class ClientError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** `GET /path HTTP/1.1` plus headers and body, as the bytes written for every send. */
export function serialiseRequest(host: string, method: string, path: string, headers: string[], body: string | undefined): Buffer {
  let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n`;
  for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  const bodyBytes = body === undefined ? undefined : Buffer.from(body);
  if (bodyBytes) head += `content-length: ${bodyBytes.length}\r\n`;
  head += '\r\n';
  return bodyBytes ? Buffer.concat([Buffer.from(head, 'latin1'), bodyBytes]) : Buffer.from(head, 'latin1');
}

export class RawHttpPool {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly queue: { bytes: Buffer; handler: RawHandler }[] = [];
  private closed = false;
  private writes: Connection[] = [];
  private flushScheduled = false;

  constructor(
    private readonly url: URL,
    private readonly o: RawPoolOptions,
  ) {}

  dispatch(bytes: Buffer, handler: RawHandler): void {
    if (this.closed) return handler.onError?.(new ClientError('the client is closed', 'UND_ERR_DESTROYED'));
    const conn = this.idle.pop() ?? (this.all.size < this.o.connections ? this.open() : undefined);
    if (conn) conn.send(bytes, handler);
    else this.queue.push({ bytes, handler });
  }

  private open(): Connection {
    const conn = new Connection(
      this.url,
      this.o.timeoutMs,
      (c, reusable) => this.released(c, reusable),
      (c) => this.gone(c),
      (c) => this.scheduleWrite(c),
    );
    this.all.add(conn);
    return conn;
  }

  private released(conn: Connection, reusable: boolean): void {
    if (!reusable) this.all.delete(conn);
    const next = this.queue.shift();
    if (!next) {
      if (reusable && !this.closed) this.idle.push(conn);
      return;
    }
    (reusable ? conn : this.open()).send(next.bytes, next.handler);
  }

  /**
   * Writes are coalesced per event-loop turn: the answers read in one turn are all handled
   * first, then the next requests go out together (setImmediate runs after the poll phase).
   * The server is then woken once per batch instead of once per request; on a 2-core VM,
   * where every cross-CPU wake-up is costly, that doubles the requests per second against
   * nginx (benchmarks/loadgen). A request's send time is taken when it is actually written.
   */
  private scheduleWrite(conn: Connection): void {
    this.writes.push(conn);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const batch = this.writes;
      this.writes = [];
      for (const c of batch) c.flush();
    });
  }

  /** A connection closed (by the server while idle, or after its last answer). */
  private gone(conn: Connection): void {
    this.all.delete(conn);
    const i = this.idle.indexOf(conn);
    if (i !== -1) this.idle.splice(i, 1);
  }

  /** Ends every connection and fails what is queued or in flight. */
  async destroy(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.handler.onError?.(new ClientError('the client was destroyed', 'UND_ERR_DESTROYED'));
    for (const c of [...this.all]) c.destroy(new ClientError('the client was destroyed', 'UND_ERR_DESTROYED'));
    this.all.clear();
    this.idle.length = 0;
  }

  /** Closes idle connections (called once nothing is in flight). */
  async close(): Promise<void> {
    await this.destroy();
  }
}

type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked'; remaining: number; trailer: boolean } | { kind: 'close' } | { kind: 'none' };

class Connection {
  private readonly socket: Socket;
  private connected = false;
  private handler: RawHandler | undefined;
  private pending: Buffer | undefined;
  private head: Buffer | undefined;
  private framing: Framing | undefined;
  private keepAlive = true;
  private outgoing: Buffer | undefined;
  private readonly abort = (err?: Error) => this.destroy(err ?? new ClientError('request aborted', 'UND_ERR_ABORTED'));

  constructor(
    url: URL,
    timeoutMs: number,
    private readonly onRelease: (c: Connection, reusable: boolean) => void,
    private readonly onGone: (c: Connection) => void,
    private readonly scheduleWrite: (c: Connection) => void,
  ) {
    this.socket = connect({
      host: url.hostname,
      port: Number(url.port || 80),
      noDelay: true,
      onread: {
        buffer: READ_BUFFER,
        callback: (n) => {
          this.onData(READ_BUFFER, 0, n);
          return true;
        },
      },
    });
    this.socket.setTimeout(timeoutMs);
    this.socket.on('connect', () => {
      this.connected = true;
      if (this.pending) this.write(this.pending);
    });
    this.socket.on('timeout', () => {
      if (!this.handler) return void this.socket.destroy();
      const code = !this.connected ? 'UND_ERR_CONNECT_TIMEOUT' : this.framing ? 'UND_ERR_BODY_TIMEOUT' : 'UND_ERR_HEADERS_TIMEOUT';
      this.destroy(new ClientError(`no data for ${timeoutMs} ms`, code));
    });
    this.socket.on('error', (e) => this.fail(e));
    this.socket.on('close', () => {
      if (this.framing?.kind === 'close') this.complete();
      else this.fail(new ClientError('other side closed', 'UND_ERR_SOCKET'));
      this.onGone(this);
    });
  }

  send(bytes: Buffer, handler: RawHandler): void {
    this.handler = handler;
    this.head = undefined;
    this.framing = undefined;
    if (this.connected) this.write(bytes);
    else this.pending = bytes;
  }

  destroy(err: Error): void {
    this.fail(err);
    this.socket.destroy();
  }

  /** Queues the request; the pool writes every queued request once this turn's reads are done. */
  private write(bytes: Buffer): void {
    this.pending = undefined;
    this.outgoing = bytes;
    this.scheduleWrite(this);
  }

  /** Writes the queued request, telling the handler it is sent (its send time starts here). */
  flush(): void {
    const bytes = this.outgoing;
    this.outgoing = undefined;
    if (!bytes || !this.handler || this.socket.destroyed) return;
    this.handler.onConnect?.(this.abort);
    this.socket.write(bytes);
  }

  private fail(err: Error): void {
    const h = this.handler;
    this.handler = undefined;
    this.keepAlive = false;
    if (h) {
      h.onError?.(err);
      this.onRelease(this, false);
    }
  }

  /**
   * Bytes [from, to) of `buf` arrived. `buf` may be the shared read buffer, whose bytes past
   * `to` are stale: every search below is bounded by `to`, and what is kept is copied.
   */
  private onData(buf: Buffer, from: number, to: number): void {
    if (!this.handler || from >= to) return;
    if (this.framing) return this.readBody(buf, from, to);
    if (this.head) {
      buf = Buffer.concat([this.head, buf.subarray(from, to)]);
      from = 0;
      to = buf.length;
    }
    const end = buf.indexOf(CRLFCRLF, from);
    if (end === -1 || end + 4 > to) {
      this.head = this.head ? buf : Buffer.copyBytesFrom(buf, from, to - from);
      return;
    }
    this.head = undefined;
    const r = this.readHead(buf, from, end);
    if (r === 'informational') this.onData(buf, end + 4, to);
    else if (r === 'final') this.readBody(buf, end + 4, to);
  }

  /**
   * Parses the status line and headers straight from the bytes (RFC 9112 sections 4 and 5),
   * making strings only of the values it needs: a load generator parses one head per request.
   */
  private readHead(buf: Buffer, at: number, end: number): 'final' | 'informational' | 'failed' {
    const status = (buf[at + 9]! - 48) * 100 + (buf[at + 10]! - 48) * 10 + (buf[at + 11]! - 48);
    if (end - at < 12 || !startsWith(buf, at, HTTP1) || !isDigit(buf[at + 9]!) || !isDigit(buf[at + 10]!) || !isDigit(buf[at + 11]!)) {
      this.destroy(new ClientError(`not an HTTP/1.1 answer: ${buf.toString('latin1', at, Math.min(end, at + 40))}`, 'UND_ERR_SOCKET'));
      return 'failed';
    }
    let length = -1;
    let chunked = false;
    let contentType = '';
    this.keepAlive = buf[at + 7] === 49; // HTTP/1.1 keeps the connection unless told otherwise
    let line = indexOfCr(buf, at + 12, end);
    if (line === end) line = -1;
    while (line !== -1) {
      const from = line + 2;
      let colon = -1;
      let eol = from;
      for (; eol < end; eol++) {
        const b = buf[eol];
        if (b === 13) break;
        if (b === 58 && colon === -1) colon = eol;
      }
      line = eol < end ? eol : -1;
      if (colon <= from) continue;
      let v = colon + 1;
      while (v < eol && (buf[v] === 32 || buf[v] === 9)) v++;
      let e = eol;
      while (e > v && (buf[e - 1] === 32 || buf[e - 1] === 9)) e--;
      const first = buf[from]! | 0x20;
      if (first === 99 /* c */) {
        if (nameIs(buf, from, colon, 'content-length')) length = parseDecimal(buf, v, e);
        else if (nameIs(buf, from, colon, 'content-type')) contentType = buf.toString('latin1', v, e).toLowerCase();
        else if (nameIs(buf, from, colon, 'connection')) this.keepAlive = !nameIs(buf, v, e, 'close');
      } else if (first === 116 /* t */ && nameIs(buf, from, colon, 'transfer-encoding')) chunked = buf.toString('latin1', v, e).toLowerCase().includes('chunked');
    }
    if (status < 200) return 'informational'; // 1xx: the real head follows
    this.framing =
      status === 204 || status === 304 ? { kind: 'none' } : chunked ? { kind: 'chunked', remaining: -1, trailer: false } : length >= 0 ? { kind: 'length', remaining: length } : { kind: 'close' };
    if (this.framing.kind === 'close') this.keepAlive = false;
    this.handler?.onResponseStart?.(status, contentType);
    if (this.framing.kind === 'none' || (this.framing.kind === 'length' && length === 0)) this.complete();
    return 'final';
  }

  private readBody(buf: Buffer, from: number, to: number): void {
    const f = this.framing;
    if (!f || from >= to || f.kind === 'none') return;
    if (f.kind === 'close') return void this.handler?.onData?.(buf.subarray(from, to));
    if (f.kind === 'length') {
      const take = Math.min(to - from, f.remaining);
      f.remaining -= take;
      this.handler?.onData?.(buf.subarray(from, from + take));
      if (f.remaining === 0) this.complete();
      return;
    }
    this.readChunked(f, buf, from, to);
  }

  /** Chunked transfer coding (RFC 9112 section 7.1); chunk extensions and trailers are skipped. */
  private readChunked(f: { remaining: number; trailer: boolean }, buf: Buffer, at: number, to: number): void {
    if (this.head) {
      buf = Buffer.concat([this.head, buf.subarray(at, to)]);
      at = 0;
      to = buf.length;
      this.head = undefined;
    }
    while (at < to && this.handler) {
      if (f.remaining > 0) {
        const take = Math.min(f.remaining, to - at);
        this.handler.onData?.(buf.subarray(at, at + take));
        f.remaining -= take;
        at += take;
        if (f.remaining === 0) f.remaining = -2; // the CRLF after the data
        continue;
      }
      const eol = buf.indexOf('\r\n', at);
      if (eol === -1 || eol + 2 > to) break;
      const line = buf.toString('latin1', at, eol);
      at = eol + 2;
      if (f.remaining === -2) {
        f.remaining = -1;
        continue;
      }
      if (f.trailer) {
        if (line === '') return this.complete();
        continue;
      }
      const size = parseInt(line, 16);
      if (!Number.isFinite(size)) return this.destroy(new ClientError(`bad chunk size "${line.slice(0, 20)}"`, 'UND_ERR_SOCKET'));
      if (size === 0) f.trailer = true;
      else f.remaining = size;
    }
    if (at < to && this.handler) this.head = Buffer.copyBytesFrom(buf, at, to - at);
  }

  private complete(): void {
    const h = this.handler;
    this.handler = undefined;
    this.framing = undefined;
    this.head = undefined;
    if (!h) return;
    h.onComplete?.(null);
    if (!this.keepAlive) this.socket.destroy();
    this.onRelease(this, this.keepAlive && !this.socket.destroyed);
  }
}
