/**
 * The environment of a CLI child process a test starts (`tsx src/cli/main.ts`):
 * the test's own, with tap's coverage collection off in the child. Why: a
 * child loads the sources through its own `--import tsx` on top of tap's
 * loader, and its coverage of a file can map to no statement at all; merged
 * first, such an entry made the whole report (and the floor in `npm test`)
 * count a random subset of src/ (seen in two CI runs out of three). The
 * floor measures what tests run in their own processes.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0', ...extra }
}
