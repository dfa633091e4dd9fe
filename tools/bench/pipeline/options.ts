export type PhaseName = 'saturation' | 'half';

export interface PipelineBenchOptions {
  articles: number;
  workers: number;
  phases: PhaseName[];
  /** Seconds the half-load phase offers articles for. */
  halfSeconds: number;
  preload: number;
  batchSize: number;
  keep: boolean;
  seed: number;
  /** Hard limit of every phase, seconds: a stalled stack fails the run instead of hanging it. */
  phaseTimeoutSeconds: number;
  /** bench/reports/<reportName>.json and .md. */
  reportName: string;
  /** Where each app of the stack writes a V8 CPU profile when it stops; none when unset. */
  cpuProfileDir?: string;
  help: boolean;
}

export const USAGE = `Usage: npm run bench:pipeline [-- options]

Starts the whole stack (own database and queue prefix), posts a corpus built from ../shared/datasets and
measures throughput, latency, CPU and memory of every process, serialized time and dead tuples per article.

Options:
  --articles <n>        articles of the saturation phase (default 10000)
  --workers <n>         copies of each worker: normalize, dedupe, entities, webhooks (default 1)
  --phases <list>       saturation,half (default both); half offers half the saturation rate
  --half-load <on|off>  shorthand for including the half-load phase
  --half-seconds <s>    how long the half-load phase offers articles (default 120)
  --preload <n>         articles posted and processed before measuring (default 0)
  --batch <n>           articles per POST /v1/articles/batch (default 500, at most 1000)
  --seed <n>            corpus seed (default 1)
  --phase-timeout <s>   hard limit of each phase (default 3600)
  --report-name <name>  write bench/reports/<name>.json and .md (default pipeline)
  --cpu-prof <dir>      each app writes a CPU profile <dir>/<app>.cpuprofile when the stack stops
  --keep                keep the database and the queue keys afterwards
  -h, --help            show this text`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const DEFAULTS: PipelineBenchOptions = {
  articles: 10_000,
  workers: 1,
  phases: ['saturation', 'half'],
  halfSeconds: 120,
  preload: 0,
  batchSize: 500,
  keep: false,
  seed: 1,
  phaseTimeoutSeconds: 3600,
  reportName: 'pipeline',
  help: false,
};

export function parseBenchArgs(argv: readonly string[]): PipelineBenchOptions {
  const options: PipelineBenchOptions = { ...DEFAULTS, phases: [...DEFAULTS.phases] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--articles':
        options.articles = integer(flag, value(), 1);
        break;
      case '--workers':
        options.workers = integer(flag, value(), 1, 16);
        break;
      case '--preload':
        options.preload = integer(flag, value(), 0);
        break;
      case '--batch':
        options.batchSize = integer(flag, value(), 1, 1000);
        break;
      case '--seed':
        options.seed = integer(flag, value(), 0);
        break;
      case '--half-seconds':
        options.halfSeconds = integer(flag, value(), 1);
        break;
      case '--phase-timeout':
        options.phaseTimeoutSeconds = integer(flag, value(), 1);
        break;
      case '--phases':
        options.phases = phaseList(value());
        break;
      case '--report-name':
        options.reportName = reportName(value());
        break;
      case '--cpu-prof':
        options.cpuProfileDir = value();
        break;
      case '--half-load':
        options.phases = onOff(flag, value()) ? ['saturation', 'half'] : ['saturation'];
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  return options;
}

function integer(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`);
  }
  return n;
}

/** A file name in bench/reports, not a path. */
function reportName(text: string): string {
  if (!/^[\w.-]+$/.test(text) || text.startsWith('.')) {
    throw new UsageError('--report-name takes a file name of letters, digits, ".", "_" and "-"');
  }
  return text;
}

function onOff(flag: string, text: string): boolean {
  if (['on', 'true', '1', 'yes'].includes(text)) return true;
  if (['off', 'false', '0', 'no'].includes(text)) return false;
  throw new UsageError(`${flag} takes on or off`);
}

/** The half-load phase needs the saturation rate, so it never runs alone. */
function phaseList(text: string): PhaseName[] {
  const names = text.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => n !== 'saturation' && n !== 'half');
  if (unknown.length) throw new UsageError(`unknown phase(s) ${unknown.join(', ')}; choose from saturation, half`);
  if (!names.includes('saturation'))
    throw new UsageError('the half phase offers half the saturation rate: include saturation');
  return (['saturation', 'half'] as const).filter((p) => names.includes(p));
}
