import { writeFile } from 'node:fs/promises';
import { loadConfigOrExit } from '@storyline/config';
import { evaluateClustering, evaluateLinks } from '@storyline/stories';
import { UsageError } from '../args';
import { Command } from '../command';
import { readGoldLabels } from '../evaluation/gold-labels';
import { readPredictions } from '../evaluation/predictions';
import { expandInputs, readArticleRecords } from '../input/article-records';
import { openDatabase } from '../stack/database';

/** sysexits.h EX_DATAERR: the input does not match what is stored. */
const EX_DATAERR = 65;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const scores = (s: { precision: number; recall: number; f1: number }) =>
  `P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}`;

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Score the stored stories (and syndication links) against labels in the ingested input',
  usage: 'eval --labels <field> --input <file.jsonl> [--syndication-field <field>] [--out <file>]',
  details: [
    'Reads the label field of every article of the input (matched to stored articles by source and externalId,',
    'exactly as `ingest` posted them), reads each article’s story from DATABASE_URL (following story merges),',
    'and reports pairwise and B-cubed precision/recall/F1. An article stored without a story counts as a story',
    'of its own; input articles not stored at all are listed and left out. With --syndication-field, whose',
    'value on a copy names the article it copies (or a label shared by all versions of one text), it also',
    'scores copy links as pairs of articles found to be versions of one text. Run `storyline wait` first.',
  ].join('\n'),
  options: {
    labels: { type: 'string', valueName: 'field', description: 'input field holding the gold story label' },
    input: { type: 'string', valueName: 'file', description: 'the file that was ingested (.jsonl, .json, .gz)' },
    'syndication-field': { type: 'string', valueName: 'field', description: 'input field naming what a copy copies' },
    source: { type: 'string', valueName: 'name', description: 'the --source given to ingest, if any' },
    out: { type: 'string', valueName: 'file', description: 'JSON report', default: 'eval-report.json' },
  },
  async run(args) {
    const labelField = args.string('labels');
    const input = args.string('input');
    if (!labelField || !input) throw new UsageError('--labels and --input are required');
    const files = await expandInputs([input]);
    const syndicationField = args.string('syndication-field');
    const gold = await readGoldLabels(
      readArticleRecords(files, { source: args.string('source') }),
      labelField,
      syndicationField,
    );
    if (gold.stories.size === 0) throw new UsageError(`no article of ${input} has a "${labelField}" field`);

    const db = await openDatabase(loadConfigOrExit());
    const predicted = await readPredictions(db, gold.keys).finally(() => db.destroy());
    const missing = new Set(predicted.missing);
    const storyOf = new Map<string, string>();
    let unassigned = 0;
    for (const key of gold.stories.keys()) {
      if (missing.has(key)) continue;
      const story = predicted.stories.get(key);
      if (!story) unassigned++;
      storyOf.set(key, story ?? `unassigned:${key}`);
    }
    const clustering = evaluateClustering(storyOf, gold.stories);
    const stored = gold.keys.filter((k) => !missing.has(k));
    const syndication = gold.copies
      ? evaluateLinks(predicted.copies.pairs(stored), gold.copies.pairs(stored))
      : undefined;

    if (storyOf.size === 0) {
      process.stderr.write(
        `eval: none of the ${gold.stories.size} labelled articles of ${input} is stored in DATABASE_URL: ingest it first ` +
          '(with the same --source, if one was given), or point DATABASE_URL at the database it went to\n',
      );
      return EX_DATAERR;
    }

    const w = (line: string) => process.stdout.write(`${line}\n`);
    w(`${input}: ${gold.keys.length} articles, ${gold.stories.size} labelled by "${labelField}"`);
    if (predicted.missing.length) {
      w(`  ${predicted.missing.length} not stored (left out), e.g. ${predicted.missing.slice(0, 3).join(', ')}`);
    }
    if (unassigned) w(`  ${unassigned} stored without a story (scored as stories of their own)`);
    w(`stories: ${clustering.predictedClusters} predicted, ${clustering.goldClusters} in the labels`);
    w(`  B-cubed   ${scores(clustering.bcubed)}`);
    w(`  pairwise  ${scores(clustering.pairwise)}`);
    if (syndication) {
      w(`copy links (pairs of versions of one text): ${syndication.predicted} predicted, ${syndication.gold} labelled`);
      w(`  pairwise  ${scores(syndication)}`);
    }

    const report = {
      input,
      labels: labelField,
      syndicationField: syndicationField ?? null,
      articles: gold.keys.length,
      labelled: gold.stories.size,
      missing: predicted.missing.length,
      unassigned,
      clustering,
      ...(syndication ? { syndication } : {}),
    };
    // Written after the scores are shown: an unwritable path should not cost the figures.
    const out = args.string('out') as string;
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
    w(`report written to ${out}`);
    return 0;
  },
};
