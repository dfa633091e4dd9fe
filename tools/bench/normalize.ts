// Normalization benchmark: `node dist/tools/bench/normalize.js [--seconds N]` (after `npm run build`).
//
// Throughput of normalizeArticle on one core (the process is single-threaded; the figure per CPU-second is also
// given because the bench may share its machine) over:
//   - the seed articles (plain text, read from $STORYLINE_SHARED_DIR/seeds),
//   - the ECB+ dev articles (title + body, 462 news articles),
//   - synthetic ~100 KB HTML pages generated here: "typical" pages shaped like real news pages (most bytes are
//     inline scripts, styles, SVG, navigation, related links and comments around a few KB of story) and
//     "text-heavy" pages (~100 KB of mostly story markup, the worst case for content extraction).
// Each suite runs for --seconds (default 5) after a warm-up pass. Then, independent of --seconds, how CPU time grows
// on the tests' adversarial inputs from 1 MB to 4 MB (about 4x is linear, about 16x quadratic).
// Writes bench/reports/normalize.{json,md}.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { normalizeArticle, NORMALIZER_VERSION, type RawArticle } from '@storyline/text';
import { sharedDir } from '../eval/paths';
// Relative imports of library internals: the adversarial inputs are test fixtures and stripNonContent an internal
// stage, neither part of @storyline/text's API, and the bench must time exactly what the tests exercise.
import { stripNonContent } from '../../libs/text/src/normalize/html/strip-non-content';
import {
  ADVERSARIAL_HTML_PATTERNS,
  ADVERSARIAL_NESTING_PATTERNS,
  repeatToLength,
} from '../../libs/text/src/normalize/testing/adversarial-inputs';
import { environment, markdownTable, writeReport } from './report';

const TARGET_PLAIN_PER_SECOND = 2000;
const TARGET_HTML_PER_SECOND = 100;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

interface SuiteResult {
  suite: string;
  items: number;
  meanInputBytes: number;
  normalized: number;
  seconds: number;
  perSecond: number;
  perCpuSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function inputBytes(a: RawArticle): number {
  return Buffer.byteLength(`${a.title ?? ''}${a.body ?? ''}${a.html ?? ''}`);
}

function runSuite(suite: string, items: RawArticle[], seconds: number): SuiteResult {
  for (const item of items) normalizeArticle(item); // warm-up: JIT, lazy loads
  const durations: number[] = [];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const item of items) {
      const t = performance.now();
      normalizeArticle(item);
      durations.push(performance.now() - t);
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  durations.sort((a, b) => a - b);
  return {
    suite,
    items: items.length,
    meanInputBytes: Math.round(items.reduce((s, a) => s + inputBytes(a), 0) / items.length),
    normalized: durations.length,
    seconds: round(elapsed),
    perSecond: Math.round(durations.length / elapsed),
    perCpuSecond: Math.round(durations.length / cpuSeconds),
    latencyMs: {
      p50: round(percentile(durations, 0.5), 3),
      p95: round(percentile(durations, 0.95), 3),
      p99: round(percentile(durations, 0.99), 3),
      max: round(durations[durations.length - 1], 3),
    },
  };
}

function loadSeeds(): RawArticle[] {
  const dir = join(sharedDir(), 'seeds');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ body: readFileSync(join(dir, f), 'utf8'), receivedAt: '2022-04-08T12:00:00Z' }));
}

export function loadEcbPlus(): RawArticle[] {
  const file = join(sharedDir(), 'datasets', 'ecbplus-dev', 'articles.jsonl.gz');
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const a = JSON.parse(line) as { title: string; body: string; url: string | null };
      return { title: a.title, body: a.body, url: a.url };
    });
}

// ---- synthetic HTML pages -------------------------------------------------------------------------------------

/** Deterministic pseudo-random numbers (LCG), so every run benchmarks the same pages. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function links(random: () => number, count: number, prefix: string): string {
  const words = ['world', 'politics', 'business', 'climate', 'sport', 'culture', 'science', 'health', 'tech', 'travel'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const w = words[Math.floor(random() * words.length)];
    out.push(`<li class="${prefix}-item"><a href="/${w}/${i}" data-track="${prefix}-${i}">${w} ${i}</a></li>`);
  }
  return out.join('\n');
}

function inlineScript(random: () => number, bytes: number): string {
  const parts: string[] = ['window.__APP_STATE__ = {"items":['];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = `{"id":${i},"slug":"story-${Math.floor(random() * 1e6)}","score":${random().toFixed(4)},"tags":["a","b"]},`;
    parts.push(item);
    size += item.length;
  }
  parts.push(
    ']}; (function(){ for (var i = 0; i < 10; i++) { if (i < 5 && window.x) { track("<p>not text</p>"); } } })();',
  );
  return `<script>${parts.join('')}</script>`;
}

function styles(bytes: number): string {
  const rules: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const rule = `.c-${i} > .child-${i % 7}{margin:${i % 13}px ${i % 5}px;color:#${(i * 4099).toString(16).slice(-6).padStart(6, '0')}}\n`;
    rules.push(rule);
    size += rule.length;
  }
  return `<style>${rules.join('')}</style>`;
}

function svgSprite(count: number): string {
  const icons: string[] = [];
  for (let i = 0; i < count; i++) {
    icons.push(
      `<symbol id="icon-${i}" viewBox="0 0 24 24"><path d="M${i} 2L${i + 3} 7L22 ${i % 20}Z M3 ${i % 17}h18v2H3z"/></symbol>`,
    );
  }
  return `<svg style="display:none" xmlns="http://www.w3.org/2000/svg">${icons.join('')}</svg>`;
}

function articleMarkup(story: RawArticle, repeat: number): string {
  const paragraphs = (story.body ?? '').split(/\n\s*\n/).filter(Boolean);
  const blocks: string[] = [];
  for (let r = 0; r < repeat; r++) {
    paragraphs.forEach((p, i) => {
      blocks.push(`<p>${escapeHtml(p)}</p>`);
      if (r === 0 && i === 1) {
        blocks.push(
          '<figure><img src="/img/a.jpg" alt=""><figcaption>A scene from the day. Photo: Staff / Wire</figcaption></figure>',
        );
      }
      if (r === 0 && i === 2)
        blocks.push('<div class="promo"><p>Sign up for our daily briefing</p><button>Subscribe</button></div>');
    });
    if (repeat > 1) blocks.push(`<h2>Update ${r + 1}</h2>`);
  }
  return blocks.join('\n');
}

function page(story: RawArticle, index: number, kind: 'typical' | 'text-heavy'): string {
  const random = rng(index + 1);
  const title = escapeHtml(story.title ?? `Story ${index}`);
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: story.title,
    datePublished: '2024-05-0' + ((index % 9) + 1) + 'T08:00:00Z',
    author: [{ '@type': 'Person', name: 'Staff Writer' }],
    publisher: { '@type': 'Organization', name: 'Bench Daily' },
  });
  const head = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${title} | Bench Daily</title>`,
    `<meta property="og:title" content="${title}"><meta property="og:site_name" content="Bench Daily">`,
    '<meta property="article:published_time" content="2024-05-01T08:00:00Z"><meta name="author" content="Staff Writer">',
    `<link rel="canonical" href="https://bench.example/news/${index}">`,
    `<script type="application/ld+json">${jsonLd}</script>`,
  ];
  let body: string;
  if (kind === 'typical') {
    head.push(styles(12_000), inlineScript(random, 30_000), inlineScript(random, 12_000));
    body = [
      '<body>',
      svgSprite(60),
      `<header><nav class="main-menu"><ul>${links(random, 140, 'nav')}</ul></nav></header>`,
      `<main><article><h1>${title}</h1><p class="byline">By Staff Writer</p>`,
      articleMarkup(story, 1),
      '</article>',
      `<aside class="related"><h3>Related</h3><ul>${links(random, 30, 'related')}</ul></aside>`,
      `<section class="comments">${Array.from({ length: 25 }, (_, i) => `<div class="comment"><p class="author">reader${i}</p><p>Comment number ${i} on this story, with an opinion.</p></div>`).join('')}</section>`,
      `</main><footer><ul>${links(random, 80, 'footer')}</ul><p>\u00A9 2024 Bench Daily</p></footer>`,
      inlineScript(random, 8_000),
      '</body></html>',
    ].join('\n');
  } else {
    body = [
      `<body><header><nav><ul>${links(random, 20, 'nav')}</ul></nav></header>`,
      `<main><article><h1>${title}</h1>`,
      articleMarkup(story, 1),
      '</article></main><footer><p>\u00A9 2024 Bench Daily</p></footer></body></html>',
    ].join('\n');
  }
  let html = `${head.join('\n')}</head>${body}`;
  if (kind === 'text-heavy') {
    // Grow the story until the page is ~100 KB: long live pages and full-text archives look like this.
    let repeat = 2;
    while (html.length < 95_000) {
      html = `${head.join('\n')}</head>${body.replace(articleMarkup(story, 1), articleMarkup(story, repeat))}`;
      repeat++;
    }
  }
  return html;
}

export function syntheticPages(stories: RawArticle[], kind: 'typical' | 'text-heavy', count: number): RawArticle[] {
  const withText = stories.filter((s) => (s.body ?? '').length > 1500);
  return Array.from({ length: count }, (_, i) => ({
    html: page(withText[(i * 7) % withText.length], i, kind),
    url: `https://bench.example/news/${i}`,
  }));
}

// ---- scaling on adversarial input ----------------------------------------------------------------------------

const MB = 1_000_000;

/**
 * One character of each kind from ADVERSARIAL_LINE_CHARACTERS (word, blank, sentence end, hyphen, slash,
 * typographic quote, combining mark, zero-width, line break): the whole list takes ~17 s here, this subset ~5 s.
 */
const BENCHED_LINE_CHARACTERS = ['a', ' ', '.', '-', '/', '\u2019', '\u0301', '\u200B', '\n'];

interface ScalingResult {
  input: string;
  stage: string;
  cpuMs1MB: number;
  cpuMs4MB: number;
  /** cpuMs4MB / cpuMs1MB: about 4 when linear, about 16 when quadratic. */
  ratio: number;
}

/** CPU time rather than wall time, so that other work on a shared machine does not inflate it. */
function cpuMs(run: () => unknown): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Printable ASCII as a quoted string; anything else as code points, which a table would show as blank or merged. */
function inputLabel(pattern: string): string {
  if (/^[\x21-\x7e]+$/.test(pattern)) return JSON.stringify(pattern);
  return [...pattern].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

/** Best of two runs: the first may include JIT compilation of a rarely used path. */
const bestOfTwoCpuMs = (run: () => unknown) => Math.min(cpuMs(run), cpuMs(run));

function scaling(pattern: string, stage: string, run: (input: string) => unknown): ScalingResult {
  const small = repeatToLength(pattern, MB);
  const large = repeatToLength(pattern, 4 * MB);
  const ms1 = bestOfTwoCpuMs(() => run(small));
  const ms4 = bestOfTwoCpuMs(() => run(large));
  return {
    input: inputLabel(pattern),
    stage,
    cpuMs1MB: round(ms1, 1),
    cpuMs4MB: round(ms4, 1),
    ratio: round(ms4 / ms1, 1),
  };
}

function adversarialScaling(): { seconds: number; results: ScalingResult[] } {
  const start = performance.now();
  const results = [
    ...BENCHED_LINE_CHARACTERS.map((c) =>
      scaling(c, 'normalizeArticle, plain text', (body) => normalizeArticle({ body })),
    ),
    ...ADVERSARIAL_HTML_PATTERNS.map((p) => scaling(p, 'stripNonContent', stripNonContent)),
    ...ADVERSARIAL_NESTING_PATTERNS.map((p) =>
      scaling(p, 'normalizeArticle, HTML', (html) => normalizeArticle({ html })),
    ),
  ];
  return { seconds: round((performance.now() - start) / 1000, 1), results };
}

// ---- main ----------------------------------------------------------------------------------------------------

function coldStartMs(raw: RawArticle): number {
  const t = performance.now();
  normalizeArticle(raw);
  return round(performance.now() - t, 1);
}

function main(): void {
  const seconds = option('--seconds', 5);
  const env = environment();
  const seeds = loadSeeds();
  const ecb = loadEcbPlus();
  const typical = syntheticPages(ecb, 'typical', 20);
  const textHeavy = syntheticPages(ecb, 'text-heavy', 10);

  // First calls load eld's n-gram tables and linkedom; measured once, outside the throughput figures.
  const coldStart = { firstPlainTextMs: coldStartMs(seeds[0]), firstHtmlMs: coldStartMs(typical[0]) };

  const results = [
    runSuite('seeds (plain text)', seeds, seconds),
    runSuite('ECB+ dev (title + body)', ecb, seconds),
    runSuite('synthetic HTML, typical ~100 KB', typical, seconds),
    runSuite('synthetic HTML, text-heavy ~100 KB', textHeavy, seconds),
  ];

  // Where HTML time goes: the same pages' extracted text through the text rules alone. The difference is DOM
  // parsing (linkedom) plus content extraction (Readability) and metadata reading.
  const textOnly = (pages: RawArticle[]) =>
    pages.map((p) => {
      const n = normalizeArticle(p);
      return { title: n.title?.value, body: n.text };
    });
  const split = [
    { pages: typical, html: results[2] },
    { pages: textHeavy, html: results[3] },
  ].map(({ pages, html }) => {
    const rules = runSuite(`${html.suite}: text rules only`, textOnly(pages), Math.max(1, seconds / 5));
    const htmlMs = 1000 / html.perCpuSecond;
    const rulesMs = 1000 / rules.perCpuSecond;
    return {
      suite: html.suite,
      msPerPage: round(htmlMs, 2),
      textRulesMs: round(rulesMs, 2),
      extractionMs: round(htmlMs - rulesMs, 2),
      extractionShare: round((htmlMs - rulesMs) / htmlMs, 2),
    };
  });

  const adversarial = adversarialScaling();

  // Targets are judged per CPU-second of this process (= one core), the figure that does not depend on what
  // else the machine is running; wall-clock rates are reported beside them.
  const target = (required: number, suites: SuiteResult[]) => {
    const worst = suites.reduce((w, r) => (r.perCpuSecond < w.perCpuSecond ? r : w));
    return {
      target: required,
      worstSuite: worst.suite,
      perCpuSecond: worst.perCpuSecond,
      perSecondWall: worst.perSecond,
      met: worst.perCpuSecond >= required,
    };
  };
  const targets = {
    plainTextPerSecond: target(TARGET_PLAIN_PER_SECOND, results.slice(0, 2)),
    htmlTypicalPerSecond: target(TARGET_HTML_PER_SECOND, [results[2]]),
    htmlTextHeavyPerSecond: target(TARGET_HTML_PER_SECOND, [results[3]]),
  };
  const report = {
    generatedAt: new Date().toISOString(),
    normalizerVersion: NORMALIZER_VERSION,
    environment: env,
    secondsPerSuite: seconds,
    coldStart,
    suites: results,
    htmlTimeSplit: split,
    adversarialScaling: adversarial,
    targets,
  };

  const md = [
    '# Normalization benchmark',
    '',
    `Generated ${report.generatedAt}, normalizer ${NORMALIZER_VERSION}, Node ${env.node} on ${env.cpu} ` +
      `(${env.cores} cores, load average ${env.loadAverage1m} at start). One process, one core; ${seconds} s per suite.`,
    '"per CPU-second" divides by this process\'s CPU time and is the better figure when the machine is shared.',
    '',
    markdownTable(
      ['suite', 'items', 'mean input', 'articles/s', 'per CPU-second', 'p50 ms', 'p95 ms', 'p99 ms'],
      results.map((r) => [
        r.suite,
        r.items,
        `${Math.round(r.meanInputBytes / 100) / 10} KB`,
        r.perSecond,
        r.perCpuSecond,
        r.latencyMs.p50,
        r.latencyMs.p95,
        r.latencyMs.p99,
      ]),
    ),
    '',
    '## Targets',
    '',
    markdownTable(
      ['target', 'required', 'worst suite', 'per CPU-second', 'wall articles/s', 'met'],
      [
        ['plain text articles/s', targets.plainTextPerSecond],
        ['HTML pages/s, typical ~100 KB', targets.htmlTypicalPerSecond],
        ['HTML pages/s, text-heavy ~100 KB', targets.htmlTextHeavyPerSecond],
      ].map(([name, t]) => {
        const r = t as ReturnType<typeof target>;
        return [name as string, r.target, r.worstSuite, r.perCpuSecond, r.perSecondWall, r.met ? 'yes' : 'no'];
      }),
    ),
    '',
    '## Where HTML time goes (CPU ms per page)',
    '',
    markdownTable(
      ['suite', 'total', 'text rules', 'DOM + Readability + metadata', 'share'],
      split.map((s) => [
        s.suite,
        s.msPerPage,
        s.textRulesMs,
        s.extractionMs,
        `${Math.round(s.extractionShare * 100)}%`,
      ]),
    ),
    '',
    `Cold start (loading eld's n-gram tables, then linkedom): first plain-text article ${coldStart.firstPlainTextMs} ms, ` +
      `first HTML page ${coldStart.firstHtmlMs} ms.`,
    '',
    '## Adversarial input: CPU ms at 1 MB and 4 MB (best of 2)',
    '',
    'Each input is one pattern repeated (libs/text/src/normalize/testing/adversarial-inputs.ts; the tests check the ' +
      'output on it). A 4 MB / 1 MB ratio near 4 is linear, near 16 quadratic; below a few ms it is mostly noise. ' +
      `Took ${adversarial.seconds} s.`,
    '',
    markdownTable(
      ['input', 'stage', '1 MB', '4 MB', '4 MB / 1 MB'],
      adversarial.results.map((r) => [r.input, r.stage, r.cpuMs1MB, r.cpuMs4MB, r.ratio]),
    ),
    '',
  ].join('\n');

  const written = writeReport('normalize', report, md);
  process.stdout.write(`${md}\nwrote ${written.json} and ${written.markdown}\n`);
}

if (require.main === module) main();
