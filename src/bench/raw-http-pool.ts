// A lean HTTP/1.1 client for plain-http targets: keep-alive connections, requests serialised
// once to bytes before the run, responses framed by Content-Length, chunked encoding or
// connection close, no pipelining. It drives the same handler interface as undici's
// dispatch (onConnect/onHeaders/onData/onComplete/onError), so RequestProbe does not care.
// Why not undici here: undici's dispatch with a no-op handler peaks near autocannon's rate
// on this machine, leaving no room for measuring; a load generator must not be the
// bottleneck (see benchmarks/loadgen). https targets still go through undici.
import { connect, type Socket } from 'node:net';

export interface RawHandler {
  onConnect?(abort: (err?: Error) => void): void;
  onHeaders?(statusCode: number, headers: string[], resume: () => void, statusText: string): boolean;
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

  constructor(
    url: URL,
    timeoutMs: number,
    private readonly onRelease: (c: Connection, reusable: boolean) => void,
    private readonly onGone: (c: Connection) => void,
  ) {
    this.socket = connect({ host: url.hostname, port: Number(url.port || 80), noDelay: true });
    this.socket.setTimeout(timeoutMs);
    this.socket.on('connect', () => {
      this.connected = true;
      if (this.pending) this.write(this.pending);
    });
    this.socket.on('data', (d: Buffer) => this.onData(d));
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

  private write(bytes: Buffer): void {
    this.pending = undefined;
    this.handler?.onConnect?.((err) => this.destroy(err ?? new ClientError('request aborted', 'UND_ERR_ABORTED')));
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

  private onData(d: Buffer): void {
    if (!this.handler) return;
    if (this.framing) return this.readBody(d);
    const buf = this.head ? Buffer.concat([this.head, d]) : d;
    const end = buf.indexOf(CRLFCRLF);
    if (end === -1) {
      this.head = buf;
      return;
    }
    this.head = undefined;
    const rest = buf.subarray(end + 4);
    const r = this.readHead(buf.toString('latin1', 0, end));
    if (r === 'informational' && rest.length > 0) this.onData(rest);
    else if (r === 'final') this.readBody(rest);
  }

  /** Parses the status line and headers. */
  private readHead(head: string): 'final' | 'informational' | 'failed' {
    const lines = head.split('\r\n');
    const status = Number(lines[0]?.slice(9, 12));
    if (!lines[0]?.startsWith('HTTP/1.') || !Number.isInteger(status)) {
      this.destroy(new ClientError(`not an HTTP/1.1 answer: ${lines[0]?.slice(0, 40)}`, 'UND_ERR_SOCKET'));
      return 'failed';
    }
    const headers: string[] = [];
    let length = -1;
    let chunked = false;
    this.keepAlive = lines[0].startsWith('HTTP/1.1');
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers.push(name, value);
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.toLowerCase().includes('chunked');
      else if (name === 'connection') this.keepAlive = value.toLowerCase() !== 'close';
    }
    if (status < 200) return 'informational'; // 1xx: the real head follows
    this.framing =
      status === 204 || status === 304 ? { kind: 'none' } : chunked ? { kind: 'chunked', remaining: -1, trailer: false } : length >= 0 ? { kind: 'length', remaining: length } : { kind: 'close' };
    if (this.framing.kind === 'close') this.keepAlive = false;
    this.handler?.onHeaders?.(status, headers, () => undefined, lines[0].slice(13));
    if (this.framing.kind === 'none' || (this.framing.kind === 'length' && length === 0)) this.complete();
    return 'final';
  }

  private readBody(d: Buffer): void {
    const f = this.framing;
    if (!f || d.length === 0 || f.kind === 'none') return;
    if (f.kind === 'close') return void this.handler?.onData?.(d);
    if (f.kind === 'length') {
      const take = d.length > f.remaining ? d.subarray(0, f.remaining) : d;
      f.remaining -= take.length;
      this.handler?.onData?.(take);
      if (f.remaining === 0) this.complete();
      return;
    }
    this.readChunked(f, d);
  }

  /** Chunked transfer coding (RFC 9112 section 7.1); chunk extensions and trailers are skipped. */
  private readChunked(f: { remaining: number; trailer: boolean }, d: Buffer): void {
    let at = 0;
    const buf = this.head ? Buffer.concat([this.head, d]) : d;
    this.head = undefined;
    while (at < buf.length && this.handler) {
      if (f.remaining > 0) {
        const take = Math.min(f.remaining, buf.length - at);
        this.handler.onData?.(buf.subarray(at, at + take));
        f.remaining -= take;
        at += take;
        if (f.remaining === 0) f.remaining = -2; // the CRLF after the data
        continue;
      }
      const eol = buf.indexOf('\r\n', at);
      if (eol === -1) break;
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
    if (at < buf.length && this.handler) this.head = buf.subarray(at);
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
