// Benchmark of syndication detection and story clustering on labelled data, with the in-memory stores.
// Usage: node dist/tools/bench/stories.js [--scale] [--scale-sizes 1000,10000,100000]
//   [--only seeds,ecbplus-cv,ecbplus,uci-cv,uci,syndication]
// Writes bench/reports/stories.json and bench/reports/stories.md.
import { DEFAULT_STORY_OPTIONS, DEFAULT_SYNDICATION_OPTIONS, loadBackgroundFrequencies } from '@storyline/stories';
import {
  CrossValidation,
  crossValidate,
  ECB_GRID_DESCRIPTION,
  ecbCrossValidationSetup,
  ecbGrid,
  gridChooser,
  uciCrossValidationSetup,
  uciGrid,
} from '../eval/cross-validation';
import { ecbSuite, scaleSuite, seedsSuite, syndicationSuite, SuiteConfig, uciSuite } from '../eval/suites';
import { environment, markdownTable, writeReport } from './report';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const pct = (x: number): string => x.toFixed(3);

/** A cross-validation's per-fold table and summary lines. */
function crossValidationMarkdown(cv: CrossValidation, orders: number): string[] {
  return [
    markdownTable(
      [
        'held-out fold',
        'holds',
        'articles',
        'stories',
        'chosen on the other folds',
        'training B³ F1',
        'held-out B³ P',
        'R',
        'F1',
        'F1 per order',
      ],
      cv.folds.map((f) => [
        f.fold,
        f.holds,
        f.articles,
        f.stories,
        f.chosen,
        pct(f.trainingF1),
        pct(f.heldOut.precision),
        pct(f.heldOut.recall),
        pct(f.heldOut.f1),
        f.heldOut.perOrder.map(pct).join(' / '),
      ]),
    ),
    '',
    ...(cv.folds.some((f) => f.heldOut.byUnit.length)
      ? [
          `Held-out B³ F1 below 0.95: ${
            cv.folds
              .flatMap((f) => f.heldOut.byUnit)
              .filter((u) => u.f1 < 0.95)
              .map((u) => `${u.unit} ${pct(u.f1)}`)
              .join(', ') || 'none'
          } (a topic whose two stories were made one scores about 0.67).`,
          '',
        ]
      : []),
    `**Cross-validated B³ F1 ${pct(cv.bcubedF1.mean)} ± ${pct(cv.bcubedF1.sd)}** over the ${cv.k} folds (min ${pct(cv.bcubedF1.min)}, max ${pct(cv.bcubedF1.max)}${orders > 1 ? `; each fold the mean of ${orders} orders` : ''}); pooled (every article scored in the run where its fold was held out) P ${pct(cv.pooled.precision)}, R ${pct(cv.pooled.recall)}, F1 ${pct(cv.pooled.f1.mean)}${orders > 1 ? ` (orders ${pct(cv.pooled.f1.min)}–${pct(cv.pooled.f1.max)})` : ''}.`,
    '',
  ];
}

async function main(): Promise<void> {
  const only = argument('--only')?.split(',') ?? ['seeds', 'ecbplus-cv', 'ecbplus', 'uci-cv', 'uci', 'syndication'];
  const scale = process.argv.includes('--scale');
  const sizes = (argument('--scale-sizes') ?? '1000,10000,100000').split(',').map(Number);
  const background = loadBackgroundFrequencies();
  const config: SuiteConfig = { background };
  const report: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    environment: environment(),
    background: { source: background.source, docCount: background.docCount, terms: Object.keys(background.df).length },
    parameters: {
      story: { ...DEFAULT_STORY_OPTIONS, newStoryId: 'founding article id' },
      syndication: DEFAULT_SYNDICATION_OPTIONS,
      tunedOn:
        'The shipped story weights and thresholds were chosen on all of ECB+ dev (shuffled orders) and UCI; the syndication criteria on the seeds and fictional unit-test texts. The cross-validated sections choose the tuned options on training folds only and score held-out ones; the other ECB+ and UCI figures are of the shipped options and are not held-out.',
    },
  };
  const md: string[] = [
    '# Stories benchmark',
    '',
    `Generated ${report.generatedAt}, ${JSON.stringify(report.environment)}.`,
    '',
  ];

  if (only.includes('seeds')) {
    const seeds = await seedsSuite(config);
    report.seeds = seeds;
    md.push(
      '## Seeds',
      '',
      `- stories: ${JSON.stringify(seeds.stories)}`,
      `- links: ${seeds.links.join(', ') || 'none'}`,
      `- expected result: ${seeds.pass ? 'yes' : '**no**'}`,
      '',
    );
    console.log('seeds', JSON.stringify(seeds.stories), seeds.links, seeds.pass ? 'PASS' : 'FAIL');
  }
  if (only.includes('ecbplus-cv')) {
    const setup = ecbCrossValidationSetup();
    const grid = ecbGrid();
    const cv = await crossValidate(config, setup, gridChooser(config, grid));
    report.ecbplusCrossValidation = { grid: grid.map((c) => c.name), ...cv };
    md.push(
      `## ECB+ dev by topic folds (${cv.k}-fold cross-validation)`,
      '',
      `Topics in ascending order, the i-th in fold i mod ${cv.k} (a topic's ecb and ecbplus stories together). For each fold, the options below are chosen by B³ F1 on the other folds' topics alone (one shuffled order of them), then all 462 articles are clustered in the 3 shuffled orders and the held-out fold's articles are scored. Options tried (${grid.length}): ${ECB_GRID_DESCRIPTION}. The rest (headline agreement range, neighbours, lead sentences, core share, join threshold) stay as shipped: they were chosen on all of dev, so this figure is still slightly optimistic.`,
      '',
      ...crossValidationMarkdown(cv, setup.evaluationOrders.length),
    );
    console.log('ecbplus cross-validated B3 F1', cv.bcubedF1, 'pooled', cv.pooled);
  }
  if (only.includes('ecbplus')) {
    const ecb = await ecbSuite(config);
    report.ecbplus = ecb;
    md.push(
      '## ECB+ dev with the shipped options, tuned on all of it (462 articles, 40 stories, 3 shuffled orders)',
      '',
      markdownTable(
        ['order seed', 'B³ P', 'B³ R', 'B³ F1', 'pairwise F1', 'stories', 'merges'],
        ecb.orders.map((o) => [
          o.seed,
          pct(o.bcubed.precision),
          pct(o.bcubed.recall),
          pct(o.bcubed.f1),
          pct(o.pairwise.f1),
          o.predictedStories,
          o.merges,
        ]),
      ),
      '',
      `B³ F1 mean ${pct(ecb.bcubedF1.mean)} ± ${pct(ecb.bcubedF1.sd)} (min ${pct(ecb.bcubedF1.min)}, max ${pct(ecb.bcubedF1.max)}); not held-out (the cross-validated figure is above; target 0.93, #26); plain TF-IDF baseline 0.87.`,
      '',
      'Where the errors are (gold story:articles in one predicted story; gold story: sizes of its parts):',
      '',
      ...ecb.orders.map(
        (o) => `- order ${o.seed}: mixed ${o.mixed.join('; ') || 'none'} · split ${o.split.join('; ') || 'none'}`,
      ),
      '',
      `All at once (the same features and clustering over all ${ecb.articles} articles, statistics of the whole set — what the representation reaches without arrival order): B³ F1 ${pct(ecb.allAtOnce.bcubed.f1)}; mixed ${ecb.allAtOnce.mixed.join('; ') || 'none'} · split ${ecb.allAtOnce.split.join('; ') || 'none'}. Errors in both lists are the representation's; errors only in the orders are the online procedure's.`,
      '',
      `How well article similarity tells a topic's stories apart (AUC of within-story vs cross-story pairs; 1 = any threshold separates, 0.5 = none), topics below 0.9: ${
        ecb.allAtOnce.separability
          .filter((t) => t.auc < 0.9)
          .map((t) => `${t.topic}: ${pct(t.auc)}`)
          .join(', ') || 'none'
      }.`,
      '',
    );
    console.log('ecbplus B3 F1', ecb.bcubedF1, 'all at once', ecb.allAtOnce.bcubed.f1);
  }
  if (only.includes('uci-cv')) {
    const setup = uciCrossValidationSetup();
    const grid = uciGrid();
    const cv = await crossValidate(config, setup, gridChooser(config, grid));
    report.uciCrossValidation = { grid: grid.map((c) => c.name), ...cv };
    md.push(
      `## UCI headlines by story folds (${cv.k}-fold cross-validation)`,
      '',
      `Stories in order of first appearance in the file, the i-th in fold i mod ${cv.k}. For each fold the headline merge threshold is chosen on the other folds' headlines alone (timestamp order), then all 6,366 headlines are clustered and the held-out fold's are scored. Thresholds tried: ${grid.map((c) => c.name.replace('merge threshold ', '')).join(', ')}. The join threshold stays as shipped.`,
      '',
      ...crossValidationMarkdown(cv, 1),
    );
    console.log('uci cross-validated B3 F1', cv.bcubedF1, 'pooled', cv.pooled);
  }
  if (only.includes('uci')) {
    const uci = await uciSuite(config);
    report.uci = uci;
    md.push(
      '## UCI News Aggregator headlines with the shipped options, merge threshold tuned on all of them (6,366, title only, timestamp order)',
      '',
      `B³ P ${pct(uci.bcubed.precision)}, R ${pct(uci.bcubed.recall)}, **F1 ${pct(uci.bcubed.f1)}** (not held-out: the cross-validated figure, target 0.80, is above; baseline 0.49); pairwise F1 ${pct(uci.pairwise.f1)}; ${uci.predictedStories} stories for ${uci.goldStories} gold; ${uci.merges} merges; ${uci.msPerArticle} ms/article (wall).`,
      '',
    );
    console.log('uci B3', uci.bcubed, 'stories', uci.predictedStories);
  }
  if (only.includes('syndication')) {
    const syn = await syndicationSuite(config);
    report.syndication = syn;
    md.push(
      '## Syndication (ECB+ originals republished with transformations, deterministic)',
      '',
      `${syn.articles} articles, ${syn.copies} copies (${Object.entries(syn.transformations)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}); ${syn.excludedNaturalCopies} dataset articles left out as natural republications of each other.`,
      '',
      `Pairwise precision **${pct(syn.precision)}**, recall **${pct(syn.recall)}** (targets 0.99 / 0.95); false links between independent articles of one story: ${syn.sameStoryFalseLinks}.`,
      '',
    );
    console.log('syndication P/R', syn.precision, syn.recall, 'same-story false links', syn.sameStoryFalseLinks);
  }
  if (scale) {
    const result = await scaleSuite(config, sizes);
    report.scale = result;
    md.push(
      '## Cost growth (in-memory stores, generated stream)',
      '',
      markdownTable(
        ['stored articles', 'mean CPU ms', 'p50 CPU ms', 'p95 CPU ms', 'mean wall ms'],
        result.points.map((p) => [p.storedArticles, p.meanMs, p.p50Ms, p.p95Ms, p.wallMeanMs]),
      ),
      '',
      `CPU time per article (dedupe + clustering, fingerprinting included); wall time depends on the host's load. Growth from smallest to largest: ×${result.growth} (${result.flatWithin2x ? 'within' : '**not within**'} ×2), measured over the last ${result.window} articles before each size.`,
      '',
    );
    console.log('scale', JSON.stringify(result.points), 'growth', result.growth);
  }
  md.push('## Parameters', '', '```json', JSON.stringify(report.parameters, null, 2), '```', '');

  const written = writeReport('stories', report, md.join('\n'));
  console.log(`wrote ${written.json} and ${written.markdown}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
