// Which use case a span belongs to. A span naming a use case in `traction.use_case.id` is
// that use case's (when it exists); otherwise a use case whose `telemetry.match` entries all
// equal the span's attributes (resource first, then span) claims it. Where several claim
// one span, the one with the most entries (the most specific) wins, then the first by id,
// so the answer never depends on the order definitions were stored in.
import type { TelemetryConfig } from '../domain/usage.js';
import type { Attributes } from './otlp-decode.js';
import { GEN_AI } from './content-filter.js';

export interface AttributionRule {
  useCaseId: string;
  telemetry: TelemetryConfig;
}

export interface Attributor {
  attribute(resource: Attributes, attributes: Attributes): AttributionRule | undefined;
}

export function attributor(rules: readonly AttributionRule[], knownUseCases: ReadonlySet<string>): Attributor {
  // An empty `match` would claim every span in the organisation: such a use case is reached by id only.
  const ordered = rules
    .filter((r) => Object.keys(r.telemetry.match).length > 0)
    .sort((a, b) => Object.keys(b.telemetry.match).length - Object.keys(a.telemetry.match).length || (a.useCaseId < b.useCaseId ? -1 : 1))
    .map((rule) => ({ rule, entries: Object.entries(rule.telemetry.match).map(([k, v]) => [k, String(v)] as const) }));
  const byId = new Map(rules.map((r) => [r.useCaseId, r]));
  const fallback = (id: string): AttributionRule => ({ useCaseId: id, telemetry: { match: {}, user_attribute: 'user.id' } });
  return {
    attribute(resource, attributes) {
      const named = attributes[GEN_AI.useCaseId] ?? resource[GEN_AI.useCaseId];
      if (typeof named === 'string' && knownUseCases.has(named)) return byId.get(named) ?? fallback(named);
      // A plain loop: this runs for every span ingested.
      for (const { rule, entries } of ordered) {
        let all = true;
        for (const [k, v] of entries) {
          const found = resource[k] ?? attributes[k];
          if (found === undefined || (found === v ? false : String(found) !== v)) {
            all = false;
            break;
          }
        }
        if (all) return rule;
      }
      return undefined;
    },
  };
}
