// Foreground ANSI colours, one per name in a fixed rotation; red is left out so it only ever means trouble.
const PALETTE = [36, 32, 33, 34, 35, 96, 92, 93, 94, 95];
const RESET = '\u001b[0m';

export const BOLD_RED = '\u001b[1;31m';

/**
 * Colour only for a terminal: piped or redirected output (CI logs, `| grep`) stays plain text. NO_COLOR
 * (https://no-color.org) turns it off and FORCE_COLOR on, as most Node CLIs do.
 */
export function shouldColour(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  return isTTY === true;
}

export function colourFor(index: number): number {
  return PALETTE[index % PALETTE.length];
}

/** `ingest   | ` — names padded to one width so the log columns line up. */
export function makePrefix(name: string, width: number, colour?: number): string {
  const label = name.padEnd(width);
  return colour === undefined ? `${label} | ` : `\u001b[${colour}m${label} |${RESET} `;
}

/** Wraps a whole line (the supervisor's own alerts) in a colour, or leaves it alone when colour is off. */
export function paint(text: string, sgr: string | undefined): string {
  return sgr === undefined ? text : `${sgr}${text}${RESET}`;
}

/** Prefixes a line from a child; a trailing CR (Windows-style output) is dropped so the prefix stays in column 0. */
export function prefixLine(prefix: string, line: string): string {
  return `${prefix}${line.endsWith('\r') ? line.slice(0, -1) : line}\n`;
}
