import { formatOptions, parseArgs, UsageError } from './args';

const specs = {
  url: { type: 'string' as const, description: 'service' },
  batch: { type: 'number' as const, description: 'size', default: 500 },
  json: { type: 'boolean' as const, description: 'as JSON' },
  id: { type: 'string' as const, description: 'ids', multiple: true },
};

describe('parseArgs', () => {
  it('reads values given as separate words or with =, and keeps positionals in order', () => {
    const args = parseArgs(['a.jsonl', '--url', 'http://x:1', 'dir', '--batch=20', '--json'], specs);
    expect(args.positionals).toEqual(['a.jsonl', 'dir']);
    expect(args.string('url')).toBe('http://x:1');
    expect(args.number('batch')).toBe(20);
    expect(args.flag('json')).toBe(true);
  });

  it('fills defaults and leaves other options unset', () => {
    const args = parseArgs([], specs);
    expect(args.number('batch')).toBe(500);
    expect(args.string('url')).toBeUndefined();
    expect(args.flag('json')).toBe(false);
    expect(args.strings('id')).toEqual([]);
  });

  it('collects repeated and comma-separated values of a multiple option', () => {
    expect(parseArgs(['--id', 'a,b', '--id=c'], specs).strings('id')).toEqual(['a', 'b', 'c']);
  });

  it('treats everything after -- as positionals, and - as standard input', () => {
    expect(parseArgs(['-', '--', '--url', 'x'], specs).positionals).toEqual(['-', '--url', 'x']);
  });

  it('recognises --help and -h anywhere', () => {
    expect(parseArgs(['x', '-h'], specs).help).toBe(true);
    expect(parseArgs(['--help'], specs).help).toBe(true);
  });

  it.each([
    [['--nope'], 'unknown option --nope'],
    [['-x'], 'unknown option -x'],
    [['--url'], '--url needs a value'],
    [['--url', '--json'], '--url needs a value'],
    [['--batch', 'ten'], '--batch must be a number (got "ten")'],
    [['--batch='], '--batch must be a number (got "")'],
    [['--json=yes'], '--json takes no value'],
  ])('rejects %j: %s', (argv, message) => {
    expect(() => parseArgs(argv, specs)).toThrow(new UsageError(message));
  });
});

describe('formatOptions', () => {
  it('lists every option with its value name, default and --help, aligned', () => {
    const text = formatOptions(specs);
    expect(text).toContain('--batch <number>');
    expect(text).toContain('size (default: 500)');
    expect(text).toContain('--id <string> …');
    expect(text.split('\n').at(-1)).toMatch(/^ {2}--help {2,}show this help$/);
    const columns = text.split('\n').map((line) => line.search(/ {2}\S+[^-]*$/));
    expect(new Set(columns).size).toBe(1);
  });
});
