// stand-in until ingest lands: engineer A adds `telemetry:` (TelemetryConfig) to the use case
// schema; this file then becomes `u.telemetry` at its one caller and is deleted.
import type { TelemetryConfig } from '../domain/usage.js';
import type { UseCase } from '../domain/use-case.js';

export function telemetryOf(u: UseCase): TelemetryConfig | undefined {
  return (u as UseCase & { telemetry?: TelemetryConfig }).telemetry;
}
