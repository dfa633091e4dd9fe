/**
 * A small argument parser for the CLI: `--name value`, `--name=value`, boolean `--flag`, repeatable
 * options, positionals, and `--` to end options. Hand-written because the commands need nothing more and
 * a usage error should name the command's own options, which the command's spec also uses for `--help`.
 */
export type OptionType = 'string' | 'number' | 'boolean';

export interface OptionSpec {
  type: OptionType;
  description: string;
  /** Shown in help, e.g. `--batch <n>`. */
  valueName?: string;
  /** May be given more than once; comma-separated values are split too (`--id a,b --id c`). */
  multiple?: boolean;
  default?: string | number | boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** A mistake in how the command was called: reported with a pointer to `--help`, exit code 64 (EX_USAGE). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type Value = string | number | boolean | string[];

export class ParsedArgs {
  constructor(
    private readonly values: ReadonlyMap<string, Value>,
    readonly positionals: readonly string[],
    readonly help: boolean,
    private readonly given: ReadonlySet<string>,
  ) {}

  string(name: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : undefined;
  }

  number(name: string): number | undefined {
    const v = this.values.get(name);
    return typeof v === 'number' ? v : undefined;
  }

  /** Whether the option was given (a default does not count). */
  has(name: string): boolean {
    return this.given.has(name);
  }

  flag(name: string): boolean {
    return this.values.get(name) === true;
  }

  strings(name: string): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }
}

export function parseArgs(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const values = new Map<string, Value>();
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown option --${name}`);
    let raw: string;
    if (spec.type === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      values.set(name, true);
      continue;
    }
    if (eq !== -1) {
      raw = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next !== '--'))
        throw new UsageError(`--${name} needs a value`);
      raw = next;
      i++;
    }
    if (spec.multiple) {
      const list = (values.get(name) as string[] | undefined) ?? [];
      list.push(...raw.split(',').filter((part) => part !== ''));
      values.set(name, list);
    } else if (spec.type === 'number') {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number (got "${raw}")`);
      values.set(name, n);
    } else {
      values.set(name, raw);
    }
  }
  const given = new Set(values.keys());
  for (const [name, spec] of Object.entries(specs)) {
    if (!values.has(name) && spec.default !== undefined) values.set(name, spec.default);
  }
  return new ParsedArgs(values, positionals, help, given);
}

/** The options block of a command's help, aligned. */
export function formatOptions(specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const value = spec.type === 'boolean' ? '' : ` <${spec.valueName ?? spec.type}>`;
    const repeat = spec.multiple ? ' …' : '';
    const dflt = spec.default !== undefined && spec.type !== 'boolean' ? ` (default: ${spec.default})` : '';
    return [`--${name}${value}${repeat}`, `${spec.description}${dflt}`];
  });
  rows.push(['--help', 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}
