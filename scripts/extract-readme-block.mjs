// @ts-check
// One source for the README's runnable examples: tests and scripts/check-package.mjs
// run the fenced blocks the README shows, so the two cannot drift apart.

/**
 * The first fenced code block after the first line that starts with `marker`.
 *
 * @example
 * const { heading, code } = extractReadmeBlock(readFileSync('README.md', 'utf8'), '**Node tests**')
 */
export function extractReadmeBlock(markdown, marker) {
  const lines = markdown.split('\n')
  const at = lines.findIndex((line) => line.startsWith(marker))
  if (at < 0) throw new Error(`README: no line starts with ${JSON.stringify(marker)}`)
  const open = lines.findIndex((line, i) => i > at && /^```\w*\s*$/.test(line))
  const close = lines.findIndex((line, i) => i > open && /^```\s*$/.test(line))
  if (open < 0 || close < 0) throw new Error(`README: no fenced block after ${JSON.stringify(marker)}`)
  return { heading: lines.slice(at, open).join('\n'), code: `${lines.slice(open + 1, close).join('\n')}\n` }
}
