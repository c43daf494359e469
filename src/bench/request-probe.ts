// One request's observer: an undici dispatch handler (the client's lowest-overhead API, no
// stream objects) that timestamps the send, the first token and every content event, reads
// SSE or JSON bodies, and ends in a `ProbeOutcome` with an error class when it failed.
import type { Dispatcher } from 'undici';
import { StringDecoder } from 'node:string_decoder';
import { classifyTransportError, describeError, type ErrorClass } from './error-class.js';
import { SseParser } from './sse-parser.js';
import { readPath, type ApiKind } from './target.js';

export interface ProbeOutcome {
  ok: boolean;
  errorClass?: ErrorClass;
  errorDetail?: string;
  status: number;
  /** When the request was written to a connection (undici's onConnect), ms on the run clock. */
  sentAt: number;
  /** When the first non-empty content event arrived (streaming only). */
  firstTokenAt?: number;
  endAt: number;
  streamed: boolean;
  contentEvents: number;
  /** Gaps between consecutive content events in ms (ITL samples). */
  gaps: number[];
  usageCompletion?: number;
  usagePrompt?: number;
  textChars: number;
}

const MAX_BODY = 16 * 1024 * 1024;
/** Shared until a stream's second content event: most answers have no gaps to keep. */
const NO_GAPS: readonly number[] = Object.freeze([]);

export class RequestProbe implements Dispatcher.DispatchHandlers {
  private out: ProbeOutcome;
  private sse: SseParser | undefined;
  /** The body decoded so far; a decoder only once a chunk ends inside a UTF-8 sequence. */
  private text = '';
  private decoder: StringDecoder | undefined;
  private size = 0;
  private done = false;
  private lastEventAt = 0;
  private finished = false;
  abort: ((err?: Error) => void) | undefined;

  constructor(
    private readonly api: ApiKind,
    private readonly outputTokensPath: string | undefined,
    private readonly clock: () => number,
    private readonly onEnd: (o: ProbeOutcome) => void,
  ) {
    this.out = { ok: false, status: 0, sentAt: clock(), endAt: 0, streamed: false, contentEvents: 0, gaps: NO_GAPS as number[], textChars: 0 };
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort;
    this.out.sentAt = this.clock();
  }

  onHeaders(statusCode: number, headers: (Buffer | string)[]): boolean {
    if (statusCode < 200) return true; // 1xx informational; the real answer follows
    this.onResponseStart(statusCode, contentTypeOf(headers));
    return true;
  }

  /** The final status and the lower-cased content-type (the lean http client's callback). */
  onResponseStart(statusCode: number, contentType: string): void {
    this.out.status = statusCode;
    if (statusCode < 300 && contentType.includes('text/event-stream')) {
      this.out.streamed = true;
      this.sse = new SseParser((data) => this.onEvent(data));
    }
  }

  onData(chunk: Buffer): boolean {
    if (this.sse) {
      this.sse.push(chunk);
      return true;
    }
    // The chunk may be a view into the client's reused read buffer: decode it now, keep nothing.
    if (this.size < MAX_BODY) {
      if (!this.decoder && chunk[chunk.length - 1]! < 0x80) this.text += chunk.toString('utf8');
      else this.text += (this.decoder ??= new StringDecoder('utf8')).write(chunk);
    }
    this.size += chunk.length;
    return true;
  }

  onComplete(): void {
    if (this.out.status >= 300 || this.out.status === 0) {
      this.fail(`http_${this.out.status}`, `HTTP ${this.out.status}: ${this.body().slice(0, 200).trim()}`);
      return;
    }
    if (this.sse) {
      if (this.out.errorClass) return this.end();
      if (!this.done) return this.fail('malformed_stream', `stream ended after ${this.out.contentEvents} content events without [DONE]`);
      this.out.ok = true;
      return this.end();
    }
    this.readJsonBody();
  }

  onError(err: Error): void {
    const afterHeaders = this.out.status >= 200 && this.out.status < 300 ? (this.sse ? 'stream' : 'body') : false;
    const cls = classifyTransportError(err, afterHeaders);
    const where = afterHeaders === 'stream' ? ` (stream cut after ${this.out.contentEvents} content events)` : '';
    this.fail(cls, `${describeError(err)}${where}`);
  }

  private onEvent(data: string): void {
    if (this.done || this.out.errorClass) return;
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      this.out.errorClass = 'malformed_stream';
      this.out.errorDetail = `an event is not JSON: ${data.slice(0, 80)}`;
      return;
    }
    this.readUsage(event);
    if (typeof readPath(event, 'error') === 'object' && readPath(event, 'error') !== null) {
      this.out.errorClass = 'malformed_stream';
      this.out.errorDetail = `the stream carried an error event: ${data.slice(0, 120)}`;
      return;
    }
    const text = this.api === 'openai-chat' ? chatDelta(event) : readPath(event, 'choices.0.text');
    if (typeof text !== 'string' || text === '') return;
    const now = this.clock();
    if (this.out.contentEvents === 0) this.out.firstTokenAt = now;
    else if (this.out.gaps === NO_GAPS) this.out.gaps = [now - this.lastEventAt];
    else this.out.gaps.push(now - this.lastEventAt);
    this.lastEventAt = now;
    this.out.contentEvents += 1;
    this.out.textChars += text.length;
  }

  private readJsonBody(): void {
    if (this.size > MAX_BODY) return this.fail('malformed_response', `body larger than ${MAX_BODY} bytes`);
    let json: unknown;
    const body = this.body();
    try {
      json = JSON.parse(body);
    } catch {
      return this.fail('malformed_response', `the body is not JSON: ${body.slice(0, 80).trim()}`);
    }
    const shapeError = this.checkShape(json);
    if (shapeError) return this.fail('malformed_response', shapeError);
    this.readUsage(json);
    if (this.outputTokensPath) {
      const n = readPath(json, this.outputTokensPath);
      if (typeof n === 'number') this.out.usageCompletion = n;
    }
    this.out.ok = true;
    this.end();
  }

  private body(): string {
    if (this.decoder) {
      this.text += this.decoder.end();
      this.decoder = undefined;
    }
    return this.text;
  }

  private checkShape(json: unknown): string | undefined {
    if (this.api === 'openai-chat') {
      const content = readPath(json, 'choices.0.message.content');
      if (typeof content !== 'string') return 'no choices[0].message.content in the answer';
      this.out.textChars = content.length;
    } else if (this.api === 'openai-completions') {
      const text = readPath(json, 'choices.0.text');
      if (typeof text !== 'string') return 'no choices[0].text in the answer';
      this.out.textChars = text.length;
    } else if (this.api === 'openai-embeddings') {
      if (!Array.isArray(readPath(json, 'data.0.embedding'))) return 'no data[0].embedding in the answer';
    }
    return undefined;
  }

  private readUsage(json: unknown): void {
    const completion = readPath(json, 'usage.completion_tokens');
    const prompt = readPath(json, 'usage.prompt_tokens');
    if (typeof completion === 'number') this.out.usageCompletion = completion;
    if (typeof prompt === 'number') this.out.usagePrompt = prompt;
  }

  private fail(cls: ErrorClass, detail: string): void {
    this.out.ok = false;
    this.out.errorClass = cls;
    this.out.errorDetail = detail;
    this.end();
  }

  private end(): void {
    if (this.finished) return;
    this.finished = true;
    this.out.endAt = this.clock();
    this.onEnd(this.out);
  }
}

function chatDelta(event: unknown): unknown {
  const content = readPath(event, 'choices.0.delta.content');
  if (typeof content === 'string' && content !== '') return content;
  return readPath(event, 'choices.0.delta.reasoning_content');
}

function contentTypeOf(headers: (Buffer | string)[]): string {
  for (let i = 0; i < headers.length; i += 2) {
    if (String(headers[i]).toLowerCase() === 'content-type') return String(headers[i + 1]).toLowerCase();
  }
  return '';
}
