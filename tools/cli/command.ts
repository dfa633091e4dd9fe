import { formatOptions, OptionSpecs, ParsedArgs } from './args';

/** One CLI command: its spec (for parsing and `--help`) and what it does. Resolves with the exit code. */
export interface Command {
  name: string;
  summary: string;
  /** Synopsis after `storyline`, e.g. `ingest <file.jsonl|dir|files…> [options]`. */
  usage: string;
  options: OptionSpecs;
  /** Longer explanation shown by `--help`: inputs, outputs, exit codes. */
  details?: string;
  run(args: ParsedArgs): Promise<number>;
}

export function commandHelp(command: Command): string {
  return [
    `Usage: storyline ${command.usage}`,
    '',
    command.summary,
    ...(command.details ? ['', command.details] : []),
    '',
    'Options:',
    formatOptions(command.options),
    '',
  ].join('\n');
}
