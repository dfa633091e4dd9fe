#!/usr/bin/env node
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { parseArgs, UsageError } from './args';
import { Command, commandHelp } from './command';
import { configCommand } from './commands/config';
import { entitiesCommand } from './commands/entities';
import { evalCommand } from './commands/eval';
import { exportCommand } from './commands/export';
import { feedsCommand } from './commands/feeds';
import { ingestCommand } from './commands/ingest';
import { keysCommand } from './commands/keys';
import { renormalizeCommand } from './commands/renormalize';
import { waitCommand } from './commands/wait';

const COMMANDS: Command[] = [
  ingestCommand,
  waitCommand,
  exportCommand,
  evalCommand,
  renormalizeCommand,
  entitiesCommand,
  keysCommand,
  feedsCommand,
  configCommand,
];

// The libraries the commands share with the services log through Nest's logger: a Redis outage would fill a
// terminal with colour-coded reconnection errors. A command says what went wrong itself, once.
Logger.overrideLogger(false);

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
  if (name === undefined) {
    process.stderr.write(overview());
    return EX_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview());
    return 0;
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

// A reader that stops early (`export … | head`, `eval … | head -3`) closes the pipe: that ends the output, it is
// not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = EX_SOFTWARE;
  },
);
