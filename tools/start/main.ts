import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, SERVICES, StartOptions, UsageError, USAGE } from './options';
import { ChildSpec, cpuProfileArgs, Supervisor } from './supervisor';

/** `npm start`: migrations first, then every app as its own process, with one prefixed log stream. */
async function main(options: StartOptions): Promise<number> {
  // dist/tools/start/main.js → the repository root; apps resolve models/ and node_modules/ from there.
  const root = resolve(__dirname, '..', '..', '..');
  const migrate: ChildSpec = { name: 'migrate', script: 'dist/tools/db/migrate.js' };
  const profile = options.cpuProfileDir;
  const apps: ChildSpec[] = options.services.map((name) => ({
    name,
    script: `dist/apps/${name}/src/main.js`,
    ...(profile && { nodeArgs: cpuProfileArgs(resolve(profile), name) }),
  }));

  const missing = [migrate, ...apps].filter((spec) => !existsSync(resolve(root, spec.script)));
  if (missing.length) {
    process.stderr.write(
      `start: not built: ${missing.map((s) => s.script).join(', ')}\n` +
        'Run `npm start` (it builds first) or `npm run build`, and check that every app exists under apps/.\n',
    );
    return 1;
  }

  const supervisor = new Supervisor(root, ['start', migrate.name, ...SERVICES], options.stopTimeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => supervisor.onSignal(signal));
  }

  const migrated = await supervisor.runOnce(migrate);
  if (migrated === null) return supervisor.finished();
  if (migrated !== 0) {
    supervisor.alert(`migrate failed (exit code ${migrated}); no app was started`);
    return migrated;
  }
  supervisor.startAll(apps);
  return supervisor.finished();
}

function parseOrExit(argv: string[]): StartOptions {
  try {
    const options = parseArgs(argv);
    if (options.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    return options;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`start: ${error.message}\n\n${USAGE}\n`);
    process.exit(64); // EX_USAGE
  }
}

main(parseOrExit(process.argv.slice(2))).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`start: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
