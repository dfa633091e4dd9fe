import { loadConfigOrExit } from '@storyline/config';
import { entitiesCliLine, loadNerModel } from '@storyline/nlp';
import { Command } from '../command';
import { readLines } from '../input/lines';
import { openOutput } from '../output';
import { projectPath } from '../project-path';

// sysexits EX_DATAERR: some input lines could not be read.
const EX_DATAERR = 65;

export const entitiesCommand: Command = {
  name: 'entities',
  summary: 'Recognize and resolve entities in { id, text } JSON lines, offline, with the worker’s model',
  usage: 'entities [--input <file.jsonl>] [--out <file>]',
  details: [
    'Reads one { "id": …, "text": … } object per line (standard input by default, .gz accepted) and writes one',
    'line per input: { id, mentions: [{ start, end, text, type, entityKey, canonical }] }, offsets into text.',
    'Uses the entities worker’s code and the model at NER_MODEL_PATH. Unreadable lines are reported on',
    'standard error and skipped (exit code 65).',
  ].join('\n'),
  options: {
    input: { type: 'string', valueName: 'file', description: 'JSON Lines input', default: '-' },
    out: { type: 'string', valueName: 'file', description: 'write here instead of standard output' },
  },
  async run(args) {
    const model = loadNerModel(projectPath(loadConfigOrExit().NER_MODEL_PATH));
    const input = args.string('input') as string;
    const out = await openOutput(args.string('out'));
    let bad = 0;
    let lineNo = 0;
    try {
      for await (const line of readLines(input)) {
        lineNo++;
        if ('text' in line && line.text.trim() === '') continue;
        const item = 'error' in line ? line.error : parseItem(line.text);
        if (typeof item === 'string') {
          bad++;
          process.stderr.write(`entities: ${input}:${lineNo}: ${item}\n`);
          continue;
        }
        await out.write(`${JSON.stringify(entitiesCliLine(model, item))}\n`);
      }
    } finally {
      await out.close();
    }
    return bad ? EX_DATAERR : 0;
  },
};

/** `{ id, text }` from one line, or what is wrong with it. */
function parseItem(line: string): { id: string; text: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `invalid JSON: ${(error as Error).message}`;
  }
  const { id, text } = (value ?? {}) as { id?: unknown; text?: unknown };
  if (typeof text !== 'string') return 'expected a string "text" field';
  if (typeof id !== 'string' && typeof id !== 'number') return 'expected an "id" field (string or number)';
  return { id: String(id), text };
}
