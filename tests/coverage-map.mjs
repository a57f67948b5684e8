// tap's coverage map (package.json "tap"."coverage-map"): every test file is
// measured against the hand-written sources only, so the floor is a figure
// about src/. Left out: src/generated/ (written by scripts/bundle-sources.ts
// from spec/, not code anyone writes), the tests and their helpers, dist/ (the
// CLI tests' child processes run the build), bench/ and scripts/.
export default function coverageMap() {
  return ['src/*.ts', 'src/!(generated)/**/*.ts']
}
