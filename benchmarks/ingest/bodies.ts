// Export bodies as the OpenTelemetry SDK writes them (its own protobuf serialiser): batches
// of GenAI spans with prompts and completions on them, as a real service would send. Each
// trace id carries a marker, so a body is made unique per request by writing a counter into
// it (then gzipped), without serialising again: every span sent is a new span to count.
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type IdGenerator } from '@opentelemetry/sdk-trace';

const MARKER = 'e7a1c0de5eed';

class MarkedIds implements IdGenerator {
  private n = 0;
  generateTraceId(): string {
    return `${MARKER}${(this.n++).toString(16).padStart(8, '0')}000000000000`;
  }
  generateSpanId(): string {
    return (this.n++).toString(16).padStart(16, '1');
  }
}

export interface BodyTemplate {
  bytes: Buffer;
  /** Offsets of the last 6 bytes of each trace id, where the request counter goes. */
  slots: number[];
}

export function makeTemplate(batch: number, nowMs: number, seed: number): BodyTemplate {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': 'support-assistant', 'deployment.environment': 'prod' }), idGenerator: new MarkedIds(), spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('bench');
  for (let i = 0; i < batch; i++) {
    const start = nowMs - 60_000 + ((i * 97 + seed) % 50_000);
    const span = tracer.startSpan('chat gpt-4o-mini', {
      startTime: start,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.input_tokens': 500 + ((i * 31 + seed) % 3000),
        'gen_ai.usage.output_tokens': 50 + ((i * 17) % 600),
        'gen_ai.usage.cache_read.input_tokens': (i * 13) % 400,
        'gen_ai.server.time_to_first_token': 0.1 + (i % 50) / 100,
        'enduser.id': `user-${(i * 7 + seed) % 400}@example.com`,
        'org.department': ['sales', 'support', 'finance', 'legal'][i % 4]!,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Where is my order ${i}? It was due last week and nobody answers the phone.` }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'I am sorry to hear that. Your order left our warehouse yesterday and arrives tomorrow.' }] }]),
      },
    });
    span.end(start + 200 + ((i * 53 + seed) % 4000));
  }
  const bytes = Buffer.from(ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans())!);
  void provider.shutdown();
  const marker = Buffer.from(MARKER, 'hex');
  const slots: number[] = [];
  for (let at = bytes.indexOf(marker); at !== -1; at = bytes.indexOf(marker, at + 1)) slots.push(at + 10);
  if (slots.length !== batch) throw new Error(`found ${slots.length} trace ids, expected ${batch}`);
  return { bytes, slots };
}

/** The template with `counter` written into every trace id: a body of spans never sent before. */
export function uniqueBody(t: BodyTemplate, counter: number): Buffer {
  const b = Buffer.from(t.bytes);
  for (const at of t.slots) b.writeUIntBE(counter, at, 6);
  return b;
}
