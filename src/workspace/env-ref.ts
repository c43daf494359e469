// `${env:NAME}` references: kept verbatim in definitions and the store, resolved only when
// a connection is opened. A missing variable is an error naming the variable and where
// it is used, never an empty string.
import { ENV_REF_PATTERN } from '../domain/common.js';

export class MissingEnvError extends Error {
  constructor(
    readonly variable: string,
    readonly usedBy: string,
  ) {
    super(`environment variable ${variable} is not set (used by ${usedBy})`);
    this.name = 'MissingEnvError';
  }
}

export function envRefsIn(value: string): string[] {
  return [...value.matchAll(ENV_REF_PATTERN)].map((m) => m[1] as string);
}

export function resolveEnvRefs(value: string, env: Record<string, string | undefined>, usedBy: string): string {
  return value.replace(ENV_REF_PATTERN, (_all, name: string) => {
    const v = env[name];
    if (v === undefined || v === '') throw new MissingEnvError(name, usedBy);
    return v;
  });
}
