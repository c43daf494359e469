// The lean HTTP/1.1 client against a raw TCP server that answers with exact bytes: heads
// parsed from bytes (any header case, odd spacing, 1xx first), bodies framed by length,
// chunks or close, and answers cut into single bytes on many connections at once, which is
// what would expose a read buffer reused before its bytes were copied.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RawHttpPool, serialiseRequest, type RawHandler } from './raw-http-pool.js';

interface Answer {
  status: number;
  contentType: string;
  body: string;
  error?: string;
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A server that reads one request head at a time and writes `reply(n)` for the n-th request, in pieces of `piece` bytes. */
async function rawServer(reply: (n: number) => string, piece = Infinity): Promise<URL> {
  let n = 0;
  server = createServer((socket: Socket) => {
    let buffered = '';
    socket.on('data', async (d) => {
      buffered += d.toString('latin1');
      while (buffered.includes('\r\n\r\n')) {
        buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 4);
        const bytes = Buffer.from(reply(n++), 'utf8');
        if (!Number.isFinite(piece)) socket.write(bytes);
        else
          for (let i = 0; i < bytes.length; i += piece) {
            socket.write(bytes.subarray(i, i + piece));
            await new Promise((r) => setImmediate(r));
          }
        if (bytes.includes('connection: close')) socket.end();
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return new URL(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/`);
}

function fetchAll(url: URL, count: number, connections: number): Promise<Answer[]> {
  const pool = new RawHttpPool(url, { connections, timeoutMs: 5000 });
  const bytes = serialiseRequest(url.host, 'GET', '/', [], undefined);
  const one = () =>
    new Promise<Answer>((resolve) => {
      const a: Answer = { status: 0, contentType: '', body: '' };
      const chunks: Buffer[] = [];
      const handler: RawHandler = {
        onResponseStart: (status, contentType) => Object.assign(a, { status, contentType }),
        onData: (c) => chunks.push(Buffer.from(c)) > 0, // a view, valid only during the call
        onComplete: () => resolve({ ...a, body: Buffer.concat(chunks).toString('utf8') }),
        onError: (e) => resolve({ ...a, error: e.message }),
      };
      pool.dispatch(bytes, handler);
    });
  return Promise.all(Array.from({ length: count }, one)).finally(() => pool.destroy());
}

const lengthAnswer = (n: number) => {
  const body = JSON.stringify({ n, text: 'é'.repeat(n % 7) });
  return `HTTP/1.1 200 OK\r\nServer: t\r\nCONTENT-TYPE:  Application/JSON \r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

describe('RawHttpPool', () => {
  it('reads heads in any case and spacing, with Content-Length framing, whole or byte by byte on 8 connections', async () => {
    for (const piece of [Infinity, 1]) {
      const url = await rawServer(lengthAnswer, piece);
      const answers = await fetchAll(url, 40, 8);
      expect(answers.map((a) => a.error)).toEqual(answers.map(() => undefined));
      expect(answers.every((a) => a.status === 200 && a.contentType === 'application/json')).toBe(true);
      const ns = answers.map((a) => (JSON.parse(a.body) as { n: number; text: string })).sort((x, y) => x.n - y.n);
      expect(ns.map((x) => x.n)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(ns.every((x) => x.text === 'é'.repeat(x.n % 7))).toBe(true);
      await new Promise<void>((r) => server!.close(() => r()));
      server = undefined;
    }
  });

  it('skips a 100 Continue, reads chunked bodies with extensions and trailers, and bodies ended by close', async () => {
    const url = await rawServer((n) =>
      n % 2 === 0
        ? 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: gzip, Chunked\r\nContent-Type: text/event-stream\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n'
        : 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nconnection: close\r\n\r\nuntil the end',
    );
    const answers = await fetchAll(url, 6, 1);
    expect(answers.map((a) => [a.status, a.contentType, a.body, a.error])).toEqual(
      Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? [201, 'text/event-stream', 'hello, world', undefined] : [200, 'text/plain', 'until the end', undefined])),
    );
  });

  it('treats 204 as bodiless and a bad status line as a socket error', async () => {
    const url = await rawServer((n) => (n === 0 ? 'HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n' : 'SMTP ready\r\n\r\n'));
    const [first, second] = await fetchAll(url, 2, 1);
    expect(first).toEqual({ status: 204, contentType: '', body: '' });
    expect(second!.error).toMatch(/not an HTTP\/1.1 answer: SMTP ready/);
  });
});
