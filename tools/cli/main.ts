#!/usr/bin/env node
import 'reflect-metadata';
import { parseArgs, UsageError } from './args';
import { Command, commandHelp } from './command';
import { configCommand } from './commands/config';
import { entitiesCommand } from './commands/entities';
import { evalCommand } from './commands/eval';
import { exportCommand } from './commands/export';
import { ingestCommand } from './commands/ingest';
import { renormalizeCommand } from './commands/renormalize';
import { waitCommand } from './commands/wait';

const COMMANDS: Command[] = [
  ingestCommand,
  waitCommand,
  exportCommand,
  evalCommand,
  renormalizeCommand,
  entitiesCommand,
  configCommand,
];

// Conventional exit codes (sysexits.h): 64 for a usage mistake, 70 for an internal error.
const EX_USAGE = 64;
const EX_SOFTWARE = 70;

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: storyline <command> [options]     (npm run cli -- <command> …)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `storyline <command> --help` for a command’s options. Connection settings (DATABASE_URL, REDIS_URL,',
    'QUEUE_PREFIX, …) come from the environment, as for the services: see `storyline config`.',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview());
    return name === undefined ? EX_USAGE : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`storyline: unknown command "${name}"\n\n${overview()}`);
    return EX_USAGE;
  }
  try {
    const args = parseArgs(rest, command.options);
    if (args.help) {
      process.stdout.write(commandHelp(command));
      return 0;
    }
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`storyline ${command.name}: ${error.message}\nRun \`storyline ${command.name} --help\`.\n`);
      return EX_USAGE;
    }
    process.stderr.write(`storyline ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EX_SOFTWARE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = EX_SOFTWARE;
  },
);
