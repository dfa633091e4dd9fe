import { ConfigError, ConfigSchema, loadConfig, maskCredentials } from '@storyline/config';
import { Command } from '../command';

export interface ConfigRow {
  name: string;
  value: string;
  fromEnvironment: boolean;
  defaultValue: string;
  description: string;
}

/** The schema's view of one variable: its default and `describe()` text, read from the zod definition. */
function schemaInfo(schema: unknown): { defaultValue: string; description: string } {
  const s = schema as { description?: string; _zod: { def: { type: string; defaultValue?: unknown } } };
  const def = s._zod.def;
  return {
    defaultValue: def.type === 'default' ? String(def.defaultValue) : '',
    description: s.description ?? '',
  };
}

/** Keys are credentials: the table says how many there are, never what they are. */
function shown(name: string, value: unknown): string {
  if (name === 'API_KEYS') {
    const keys = value as string[];
    return keys.length ? `${keys.length} key${keys.length === 1 ? '' : 's'} (hidden)` : '(none)';
  }
  return maskCredentials(String(value));
}

/** Every variable with the value the services would use now (throws ConfigError on an invalid one). */
export function configRows(env: NodeJS.ProcessEnv): ConfigRow[] {
  const config = loadConfig(env) as Record<string, unknown>;
  return Object.entries(ConfigSchema.shape).map(([name, schema]) => ({
    name,
    value: shown(name, config[name]),
    fromEnvironment: env[name] !== undefined && env[name] !== '',
    ...schemaInfo(schema),
  }));
}

export const configCommand: Command = {
  name: 'config',
  summary: 'Print every environment variable with its current value, default and meaning',
  usage: 'config [--json]',
  details: 'Exit code 78 when a variable holds an invalid value (as the services would refuse to start).',
  options: { json: { type: 'boolean', description: 'one JSON object per variable instead of a table' } },
  async run(args) {
    let rows: ConfigRow[];
    try {
      rows = configRows(process.env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    if (args.flag('json')) {
      for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
      return 0;
    }
    const nameWidth = Math.max(...rows.map((r) => r.name.length));
    const valueWidth = Math.min(48, Math.max(...rows.map((r) => r.value.length)));
    for (const r of rows) {
      const origin = r.fromEnvironment ? `set; default ${r.defaultValue || '(none)'}` : 'default';
      process.stdout.write(`${r.name.padEnd(nameWidth)}  ${r.value.padEnd(valueWidth)}  (${origin})\n`);
      if (r.description) process.stdout.write(`${''.padEnd(nameWidth)}  ${r.description}\n`);
    }
    return 0;
  },
};
