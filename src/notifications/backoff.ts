// When a failed delivery is tried again: exponential backoff with "equal jitter" and a cap,
// as in Marc Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog (2015):
//   temp = min(cap, base * 2^attempt); sleep = temp/2 + random_between(0, temp/2)
// The jitter spreads the retries of many deliveries that failed together (a receiver that
// was down) instead of sending them back in lock-step; unlike "full jitter" it never retries
// at once, so one dispatch pass does not spend a delivery's attempts on a receiver that is
// down. Pure: the random source comes in.

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
}

/** The delay before the next try after `attempt` failed tries (attempt >= 1); `random` in [0, 1). */
export function backoffDelayMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number): number {
  const temp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.ceil(temp / 2 + random() * (temp / 2)));
}

/** After `attempts` failed tries: retry at a time, or give up (dead letter). */
export function nextAttempt(attempts: number, policy: RetryPolicy, now: Date, random: () => number): { retryAt: Date } | { dead: true } {
  if (attempts >= policy.maxAttempts) return { dead: true };
  return { retryAt: new Date(now.getTime() + backoffDelayMs(attempts, policy, random)) };
}
