// The one retry delay: exponential, capped and jittered. Polling after errors or unchanged answers,
// socket reconnects and auto mode's socket upgrades all wait this long, so that a deploy or an
// outage does not bring every client back in the same millisecond.

/**
 * The wait before retry `attempt` (0 for the first): `base * 2 ** attempt`, capped at `max`, then
 * jittered into [d/2, d] with `random` (a number in [0, 1), e.g. `Math.random`). Rounded to ms.
 */
export function backoffDelay(
  attempt: number,
  base: number,
  max: number,
  random: () => number,
): number {
  const exponent = Math.min(Math.max(attempt, 0), 30); // no overflow to Infinity
  const delay = Math.min(max, base * 2 ** exponent);
  return Math.round(delay / 2 + (random() * delay) / 2);
}
