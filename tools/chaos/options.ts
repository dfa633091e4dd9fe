import { formatOptions, OptionSpecs, parseArgs, UsageError } from '../cli/args';
import { PortRange } from '../bench/pipeline/ports';

export { UsageError };

export interface ChaosOptions {
  articles: number;
  /** Articles offered per second, in small steady batches. */
  rate: number;
  /** Corpus and disruption seed. */
  seed: number;
  /** Mean seconds between two disruptions. */
  every: number;
  /** Disruptions stop once every article is posted and this share of them is final. */
  until: number;
  /** Also run the same corpus without disruptions, to compare the grouping with. */
  calm: boolean;
  workers: number;
  /** The stacks' SWEEP_INTERVAL_MS; the stuck check allows twice this. */
  sweepIntervalMs: number;
  /** Hard limit of each run, seconds. */
  timeoutSeconds: number;
  ports: PortRange;
  reportName: string;
  keep: boolean;
  help: boolean;
}

const SPECS: OptionSpecs = {
  articles: { type: 'number', valueName: 'n', description: 'articles posted in each run', default: 10_000 },
  rate: { type: 'number', valueName: 'n', description: 'articles offered per second', default: 20 },
  seed: { type: 'number', valueName: 'n', description: 'corpus and disruption seed', default: 1 },
  every: { type: 'number', valueName: 's', description: 'mean seconds between disruptions', default: 10 },
  until: {
    type: 'number',
    valueName: 'share',
    description: 'disruptions stop once everything is posted and this share of articles is final',
    default: 0.9,
  },
  calm: {
    type: 'string',
    valueName: 'on|off',
    description: 'also run the corpus without disruptions and compare the grouping',
    default: 'on',
  },
  workers: { type: 'number', valueName: 'n', description: 'copies of each worker', default: 1 },
  'sweep-interval': {
    type: 'number',
    valueName: 'ms',
    description: "the stacks' SWEEP_INTERVAL_MS (an article may wait twice this without a job)",
    default: 30_000,
  },
  timeout: { type: 'number', valueName: 's', description: 'hard limit of each run', default: 7200 },
  ports: {
    type: 'string',
    valueName: 'from-to',
    description: 'ports for the stacks, the receiver and Redis',
    default: '4700-4799',
  },
  'report-name': {
    type: 'string',
    valueName: 'name',
    description: 'writes bench/reports/<name>.json and .md',
    default: 'chaos',
  },
  keep: { type: 'boolean', description: 'keep the databases and the Redis directory afterwards' },
};

export const USAGE = `Usage: npm run chaos [-- options]

Starts its own redis-server and the whole stack (own database), posts a corpus built from ../shared/datasets
while killing workers (SIGKILL, SIGTERM), restarting Redis empty, terminating the stack's Postgres connections
and making the webhook receiver fail; then checks that nothing accepted was lost, stuck or duplicated, and
compares the grouping with a calm run of the same corpus.

Options:
${formatOptions(SPECS)}`;

export function parseChaosArgs(argv: readonly string[]): ChaosOptions {
  const args = parseArgs(argv, SPECS);
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const number = (name: string, min: number, max: number, integer = true): number => {
    const n = args.number(name)!;
    if ((integer && !Number.isInteger(n)) || n < min || n > max) {
      throw new UsageError(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    }
    return n;
  };
  const calm = args.string('calm');
  if (calm !== 'on' && calm !== 'off') throw new UsageError('--calm takes on or off');
  const reportName = args.string('report-name')!;
  if (!/^[\w.-]+$/.test(reportName) || reportName.startsWith('.')) {
    throw new UsageError('--report-name takes a file name of letters, digits, ".", "_" and "-"');
  }
  return {
    articles: number('articles', 1, 1_000_000),
    rate: number('rate', 0.1, 10_000, false),
    seed: number('seed', 0, 2 ** 31),
    every: number('every', 0.5, 3600, false),
    until: number('until', 0, 1, false),
    calm: calm === 'on',
    workers: number('workers', 1, 8),
    sweepIntervalMs: number('sweep-interval', 1000, 600_000),
    timeoutSeconds: number('timeout', 60, 86_400),
    ports: portRange(args.string('ports')!),
    reportName,
    keep: args.flag('keep'),
    help: args.help,
  };
}

/**
 * `from-to`: Redis, the receiver, ingest, query and each worker copy's metrics take one each (16 ports: three copies
 * of each worker; a range too small for more fails the start naming it).
 */
function portRange(text: string): PortRange {
  const match = /^(\d+)-(\d+)$/.exec(text);
  const [from, to] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(from >= 1024 && to <= 65535 && to - from >= 15)) {
    throw new UsageError('--ports takes a range like 4700-4799 of at least 16 ports above 1023');
  }
  return { from, to };
}
