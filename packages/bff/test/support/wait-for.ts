/**
 * Waits until `check` holds, polling every 5 ms; fails with "timed out waiting for <what>" after
 * `timeoutMs`. Tests wait on conditions this way, never on a fixed sleep (docs/testing.md § Rules). The
 * timeout only bounds a failure: a passing test returns as soon as the condition holds.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 8000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
