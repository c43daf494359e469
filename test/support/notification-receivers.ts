// Local receivers for the notification tests: an HTTP server standing in for a webhook
// endpoint (Slack, Teams or a generic webhook) that can be down, flaky or up, and an SMTP
// server (smtp-server from npm) that keeps every message it accepts. Both listen on
// 127.0.0.1 on a free port and need nothing installed.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedRequest {
  path: string;
  headers: Record<string, string | undefined>;
  body: string;
  /** The status the receiver answered (0: the connection was cut). */
  status: number;
}

/**
 * `down`: every connection is cut before an answer (as a receiver that is not there);
 * `flaky`: `fail(request)` decides, per request, to answer 500 (after or before processing);
 * `up`: 200; `redirect`: 307 to `location`.
 */
export type ReceiverMode = { kind: 'down' } | { kind: 'flaky'; fail: (n: number) => 'ok' | 'fail_before' | 'fail_after' } | { kind: 'up' } | { kind: 'redirect'; location: string };

export interface HttpReceiver {
  url: string;
  mode: ReceiverMode;
  requests: ReceivedRequest[];
  /** Called for each request the receiver processes (before its answer); return false to answer 401. */
  onProcess: (r: ReceivedRequest) => boolean;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  let n = 0;
  const receiver: HttpReceiver = { url: '', mode: { kind: 'up' }, requests: [], onProcess: () => true, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const r: ReceivedRequest = { path: req.url ?? '', headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])), body, status: 0 };
      receiver.requests.push(r);
      const mode = receiver.mode;
      if (mode.kind === 'down') {
        req.socket.destroy();
        return;
      }
      if (mode.kind === 'redirect') {
        r.status = 307;
        res.writeHead(307, { location: mode.location }).end();
        return;
      }
      const verdict = mode.kind === 'flaky' ? mode.fail(n++) : 'ok';
      if (verdict === 'fail_before') {
        r.status = 500;
        res.writeHead(500).end('temporarily broken');
        return;
      }
      const accepted = receiver.onProcess(r);
      r.status = !accepted ? 401 : verdict === 'fail_after' ? 500 : 200;
      res.writeHead(r.status).end(r.status === 200 ? 'ok' : 'no');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

export interface SmtpMessage {
  from: string;
  to: string[];
  raw: string;
  header(name: string): string | undefined;
}

export interface SmtpSink {
  port: number;
  messages: SmtpMessage[];
  close(): Promise<void>;
}

/** An SMTP server that accepts every message (no TLS, no authentication) and keeps it. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SmtpMessage[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          header: (name) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim(),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
