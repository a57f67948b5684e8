/** The first fenced code block after the first line that starts with `marker`, and the lines before it from that line on. */
export function extractReadmeBlock(markdown: string, marker: string): { heading: string; code: string }
