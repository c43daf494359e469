// The data an experiment analysis runs on, however it was given (per-unit CSV rows or
// sufficient statistics as JSON): per arm the number of units and, per metric, its sums.
import type { MetricSums } from './arm-statistics.js';

export interface MetricData extends MetricSums {
  /** Every value was 0 or 1 (a conversion rate): analysed as a proportion unless told otherwise. */
  binary: boolean;
}

export interface ArmData {
  arm: string;
  /** Units assigned to the arm; what the sample-ratio check counts. */
  units: number;
  metrics: Record<string, MetricData>;
}

export interface ExperimentData {
  arms: ArmData[];
}

/** A problem with the input, located (file:line, column or field) by the parser. */
export class ExperimentInputError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'ExperimentInputError';
  }
}
