// Suites that depend on something the machine may lack (Redis, a reference file) skip loudly on a
// developer machine, but fail where everything must run: CI sets REQUIRE_ALL_SUITES=1 (.ci/run),
// so a suite that silently stopped running cannot pass CI.

/** True when `available`; otherwise warns and returns false, or throws under REQUIRE_ALL_SUITES=1. */
export function suiteAvailable(suite: string, available: boolean, missing: string): boolean {
  if (available) return true;
  if (process.env.REQUIRE_ALL_SUITES === '1') {
    throw new Error(`${suite}: REQUIRE_ALL_SUITES=1 but ${missing}`);
  }
  console.warn(`\n!!! ${suite}: SKIPPED — ${missing} (set REQUIRE_ALL_SUITES=1 to fail instead)\n`);
  return false;
}
