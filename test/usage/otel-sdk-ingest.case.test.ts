// Proof with a client nobody here wrote: the official OpenTelemetry JS SDK and its OTLP/HTTP
// exporters (protobuf with gzip, and JSON) send GenAI spans to a listening Traction server;
// the stored day aggregates must equal a brute-force count over the same spans exactly, and
// the latency and time-to-first-token percentiles lie within the sketch's stated error.
import { type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { expect, it } from 'vitest';
import { readUnattributed, readUsageDays } from '../../src/store/usage-repository.js';
import { SKETCH_RELATIVE_ERROR } from '../../src/usage/latency-sketch.js';
import { bruteForce, emit, exactQuantile, makeSpans, seedTelemetry, TELEMETRY_KEY } from '../support/genai-spans.js';
import { describeEachStore, T0 } from '../support/server-app.js';

const EXPORTERS = {
  'protobuf + gzip': (url: string, headers: Record<string, string>) => new ProtoExporter({ url, headers, compression: CompressionAlgorithm.GZIP }),
  json: (url: string, headers: Record<string, string>) => new JsonExporter({ url, headers }),
};

const within = (estimate: number | undefined, exact: number) => Math.abs((estimate ?? NaN) - exact) <= SKETCH_RELATIVE_ERROR * exact + 1e-6;

describeEachStore('the OpenTelemetry SDK sends spans to POST /v1/traces', (open) => {
  for (const [name, makeExporter] of Object.entries(EXPORTERS)) {
    it(`${name}: stored aggregates equal a brute-force count; percentiles within ${SKETCH_RELATIVE_ERROR * 100}%`, async ({ skip }) => {
      const t = await open(skip, { telemetryKey: TELEMETRY_KEY });
      const token = await seedTelemetry(t);
      const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
      const specs = makeSpans(3000, T0.getTime());
      const providers = ['support-assistant', 'invoices', 'hr-bot'].map((service) => ({
        service,
        provider: new TracerProvider({
          resource: resourceFromAttributes({ 'service.name': service }),
          spanProcessors: [new BatchSpanProcessor({ exporter: makeExporter(`${base}/v1/traces`, { authorization: `Bearer ${token}` }), maxExportBatchSize: 512, maxQueueSize: 4096 })],
        }),
      }));
      const tracers: Record<string, Tracer> = Object.fromEntries(providers.map((p) => [p.service, p.provider.getTracer('genai-test')]));
      emit(tracers, specs);
      for (const p of providers) await p.provider.shutdown();

      const expected = bruteForce(specs);
      const stored = await readUsageDays(t.store.db, {});
      expect(stored.map((d) => `${d.useCaseId}|${d.day}`).sort()).toEqual([...expected.keys()].sort());
      for (const d of stored) {
        const e = expected.get(`${d.useCaseId}|${d.day}`)!;
        expect({ requests: d.requests, errors: d.errors, input: d.inputTokens, output: d.outputTokens, cached: d.cachedInputTokens, reasoning: d.reasoningTokens, unpriced: d.unpricedRequests }).toEqual({
          requests: e.requests,
          errors: e.errors,
          input: e.input,
          output: e.output,
          cached: e.cached,
          reasoning: e.reasoning,
          unpriced: e.unpriced,
        });
        expect(d.users).toEqual([...e.users].sort());
        expect(Math.round(d.cost * 100)).toBe(Math.round(e.cost * 100));
        for (const [q, key] of [[0.5, 'p50'], [0.9, 'p90'], [0.99, 'p99']] as const) {
          expect(within(d.latencyMs?.[key], exactQuantile(e.durations, q)), `${d.useCaseId} ${d.day} latency ${key}`).toBe(true);
          if (e.ttfts.length > 0) expect(within(d.ttftMs?.[key], exactQuantile(e.ttfts, q)), `${d.useCaseId} ${d.day} ttft ${key}`).toBe(true);
        }
        // Legal has 4 people: never shown. Sales has 30.
        expect(Object.keys(d.departments)).toEqual(d.useCaseId === 'support-assistant' ? ['sales'] : []);
      }
      const hr = specs.filter((s) => s.service === 'hr-bot').length;
      expect((await readUnattributed(t.store.db)).reduce((n, r) => n + (r.service === 'hr-bot' ? r.requests : 0), 0)).toBe(hr);
    }, 60_000);
  }
});
