// The corpus of `npm run bench:query`: stories, articles, copies and entities synthesized in Postgres by SQL,
// filled in as the pipeline fills them (done articles with their search vectors, syndication links, story
// aggregates, story_entity rows with their tiers, mentions, aliases), from vocabulary written for this benchmark.
import { Client } from 'pg';
import { variantKey } from '@storyline/nlp';

const PLACES = [
  'Port Ellis',
  'Ridgemont',
  'Alder Bay',
  'Kestrel Falls',
  'Marrow Creek',
  'Eastholm',
  'Coldwater',
  'Brightwell',
  'Granton',
  'Hollins Cove',
  'Larkspur',
  'Northgate',
  'Oakridge',
  'Pelham Sound',
  'Quarry Hill',
  'Redfern',
  'Saltmarsh',
  'Thornbury',
  'Upton Vale',
  'Westmere',
  'Ashford Point',
  'Bramble Heath',
  'Cinder Lake',
  'Dunmore',
  'Elmstead',
  'Fairhaven',
  'Glenrock',
  'Harrow Bridge',
  'Ivywood',
  'Juniper Flats',
  'Kingsmere',
  'Lowmoor',
  'Millbrook',
  'Newhaven Reach',
  'Oldcastle',
  'Pinecrest',
  'Queensbury',
  'Rookwood',
  'Stonebridge',
  'Tallow Ford',
];
const SUBJECTS = [
  'flood',
  'ferry strike',
  'bridge repairs',
  'school budget',
  'hospital expansion',
  'wildfire',
  'water shortage',
  'tram line',
  'harbour dredging',
  'library hours',
  'factory closure',
  'election recount',
  'heatwave',
  'landslide',
  'bus fares',
  'housing plan',
  'power outage',
  'festival',
  'court ruling',
  'port expansion',
  'storm damage',
  'teachers pay',
  'rail delays',
  'air quality',
  'fishing quotas',
  'museum reopening',
  'road closure',
  'tax increase',
  'stadium vote',
  'hospital strike',
];
const FIRST_NAMES = [
  'Amara',
  'Bruno',
  'Celia',
  'Dmitri',
  'Elena',
  'Farid',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Kaia',
  'Leon',
  'Maren',
  'Nikolai',
  'Olga',
  'Pavel',
  'Rosa',
  'Stefan',
  'Tamsin',
  'Viktor',
];
const SURNAMES = [
  'Achterberg',
  'Brannigan',
  'Castellano',
  'Delacroix',
  'Eriksen',
  'Fairweather',
  'Gallagher',
  'Halvorsen',
  'Ivanova',
  'Jablonski',
  'Kowalczyk',
  'Lindqvist',
  'Marchetti',
  'Nakamura',
  'Okonkwo',
  'Petrakis',
  'Quintero',
  'Rasmussen',
  'Szabo',
  'Thorvaldsen',
  'Underhill',
  'Valdivia',
  'Whitcombe',
  'Xenakis',
  'Yardley',
];
const ORG_KINDS = ['City Council', 'Harbour Authority', 'Transit Board', 'Health Trust', 'Chamber of Commerce'];
const SOURCES = Array.from({ length: 60 }, (_, i) => `outlet-${String(i + 1).padStart(2, '0')}`);

// Placeholders: {place}, {subject}, {person}, {org}, {n}.
const TITLES: Record<string, string[]> = {
  en: [
    '{place} {subject}: {org} promises answers',
    '{person} warns of {subject} costs in {place}',
    '{subject} in {place} enters second week',
    '{org} votes on {subject} after {n} complaints',
    'What the {subject} means for {place}',
    '{place} residents react to {subject}',
  ],
  de: ['{place}: {org} berät über {subject}', '{person} warnt vor Folgen in {place}'],
  fr: ['{place} : le {org} se prononce', '{person} met en garde {place}'],
};
const SENTENCES: Record<string, string[]> = {
  en: [
    'Officials in {place} said the {subject} had affected {n} households by Tuesday evening.',
    '{person} of the {org} told reporters that a full review would begin next month.',
    'Residents gathered outside the town hall, some holding signs about the {subject}.',
    'The {org} said it had set aside emergency funds and asked for patience.',
    'Local businesses reported losses, and several shops near the harbour closed early.',
    '{person} said the response had been slower than promised and called for an inquiry.',
    'Engineers expect the work to take at least {n} days, weather permitting.',
    'A spokesperson for the regional government declined to comment on the timetable.',
    'Schools in {place} will stay open, although some bus routes have been changed.',
    'Critics said warnings about the {subject} had been ignored for years.',
    'The council meeting, which ran past midnight, ended without a vote.',
    'Volunteers handed out water and blankets at the community centre on Mill Street.',
    'Figures published on Friday showed a sharp rise in calls to the helpline.',
    '{person} thanked emergency crews and said more help would arrive from neighbouring towns.',
    'Insurance companies have begun sending assessors to the worst-hit streets.',
    'The opposition accused the {org} of hiding the true cost from taxpayers.',
  ],
  de: [
    'Die Behörden in {place} meldeten am Dienstag {n} betroffene Haushalte.',
    '{person} vom {org} kündigte eine umfassende Prüfung an.',
    'Anwohner versammelten sich vor dem Rathaus und forderten Antworten.',
    'Die Arbeiten sollen mindestens {n} Tage dauern, teilte die Stadt mit.',
    'Mehrere Geschäfte am Hafen blieben geschlossen.',
    'Kritiker werfen der Verwaltung vor, Warnungen ignoriert zu haben.',
  ],
  fr: [
    'Les autorités de {place} ont recensé {n} foyers touchés mardi soir.',
    '{person}, du {org}, a annoncé un examen complet le mois prochain.',
    "Des habitants se sont rassemblés devant l'hôtel de ville.",
    'Les travaux devraient durer au moins {n} jours, selon la mairie.',
    'Plusieurs commerces du port ont fermé plus tôt que prévu.',
    "L'opposition accuse la municipalité d'avoir caché le coût réel.",
  ],
};
/** Sentences per article body. */
const BODY_SENTENCES = 8;

export interface SeedOptions {
  articles: number;
  /** Stories targeted; a story drawn by no article is not created, so slightly fewer exist. */
  stories: number;
  /** Share of the articles that are syndicated copies of another article of their story. */
  copyShare: number;
  log: (line: string) => void;
}

export interface SeedVocabulary {
  places: string[];
  subjects: string[];
  persons: string[];
  sources: string[];
  orgs: string[];
}

interface SeedEntity {
  id: string;
  key: string;
  type: 'PERSON' | 'ORGANIZATION' | 'LOCATION';
  name: string;
  surname: string | null;
}

function entities(): { places: SeedEntity[]; persons: SeedEntity[]; orgs: SeedEntity[] } {
  // Deterministic ids: the same corpus (and so the same request lists) on every run.
  const hex = (n: number, kind: number) => `00000000-0000-4000-${8000 + kind}-${n.toString(16).padStart(12, '0')}`;
  const make = (type: SeedEntity['type'], name: string, i: number, kind: number, surname: string | null = null) => ({
    id: hex(i, kind),
    key: `${type}:${variantKey(name)}`,
    type,
    name,
    surname,
  });
  return {
    places: PLACES.map((p, i) => make('LOCATION', p, i, 1)),
    persons: FIRST_NAMES.flatMap((f, i) =>
      SURNAMES.map((s, j) => make('PERSON', `${f} ${s}`, i * SURNAMES.length + j, 2, s)),
    ),
    orgs: PLACES.flatMap((p, i) =>
      ORG_KINDS.map((k, j) => make('ORGANIZATION', `${p} ${k}`, i * ORG_KINDS.length + j, 3)),
    ),
  };
}

export function seedVocabulary(): SeedVocabulary {
  const e = entities();
  return {
    places: PLACES,
    subjects: SUBJECTS,
    persons: e.persons.map((p) => p.name),
    sources: SOURCES,
    orgs: e.orgs.map((o) => o.name),
  };
}

/**
 * Fills an empty, migrated database. Each story has a place, a subject, a person and an organisation (and a second
 * person in the background); its articles' titles and bodies are built from templates naming them, in English
 * (90 %), German or French. Story sizes are skewed (article → story by the square of a uniform draw): most
 * stories have a few articles, the largest a few thousand. An eighth of the articles have no publication date (the normaliser's
 * fallback, the receive time, with its provenance), another eighth one read from a dateline. Tables are ANALYZEd and VACUUMed at the end, as autovacuum would have left them.
 */
export async function seedQueryCorpus(db: Client, o: SeedOptions): Promise<void> {
  const e = entities();
  const copies = Math.round(o.articles * o.copyShare);
  const originals = o.articles - copies;
  const step = async (what: string, sql: string, params: unknown[] = []) => {
    const started = performance.now();
    const res = await db.query(sql, params);
    o.log(`${what}: ${res.rowCount ?? 0} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  // Indexes are built once at the end instead of row by row (minutes at 1 M articles): the same indexes, as the
  // migrations define them.
  const indexes: Array<{ name: string; def: string }> = (
    await db.query(
      `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [['article', 'story', 'story_entity', 'entity_mention', 'syndication_link']],
    )
  ).rows;
  for (const i of indexes) await db.query(`DROP INDEX "${i.name}"`);
  await db.query(`SELECT setseed(0.25)`);
  await step(
    'entities',
    `INSERT INTO entity (id, key, type, canonical_name, mention_count)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[])`,
    (() => {
      const all = [...e.places, ...e.persons, ...e.orgs];
      return [
        all.map((x) => x.id),
        all.map((x) => x.key),
        all.map((x) => x.type),
        all.map((x) => x.name),
        all.map(() => 0),
      ];
    })(),
  );
  await step(
    'entity aliases',
    `INSERT INTO entity_alias (entity_id, alias, count)
     SELECT id, canonical_name, 10 FROM entity
     UNION ALL
     SELECT id, split_part(canonical_name, ' ', 2), 3 FROM entity WHERE type = 'PERSON'`,
  );
  // Stories: a place, subject, main person, second person and organisation each, a start time within a year.
  await step(
    'story plan',
    `CREATE UNLOGGED TABLE bench_story AS
     SELECT s::int, md5('story-' || s)::uuid AS id,
            ((s * 7919) % $2)::int AS place, ((s * 104729) % $3)::int AS subject,
            ((s * 15485863) % $4)::int AS person, (((s * 15485863) % $4 + 1 + s % ($4 - 1)) % $4)::int AS person2,
            (((s * 15485863) % $4 + 2 + s % ($4 - 2)) % $4)::int AS person3,
            (((s * 7919) % $2) * $5 + (s % $5))::int AS org,
            timestamptz '2031-01-01T00:00:00Z' + (random() * interval '365 days') AS starts
       FROM generate_series(1, $1::bigint) s`,
    [o.stories, PLACES.length, SUBJECTS.length, e.persons.length, ORG_KINDS.length],
  );
  await db.query(`ALTER TABLE bench_story ADD PRIMARY KEY (s)`);
  const lang = (l: string) => `$${{ en: 1, de: 2, fr: 3 }[l]}::text[]`;
  const pick = (arr: string) => `(${arr})[1 + floor(random() * cardinality(${arr}))::int]`;
  const body = (l: string) => Array.from({ length: BODY_SENTENCES }, () => pick(lang(l))).join(` || ' ' || `);
  const titleOf = (l: string) => pick(`$${{ en: 4, de: 5, fr: 6 }[l]}::text[]`);
  const fill = (template: string) =>
    `replace(replace(replace(replace(replace(${template}, '{place}', ($7::text[])[st.place + 1]),
       '{subject}', ($8::text[])[st.subject + 1]), '{person}', ($9::text[])[st.person + 1]),
       '{org}', ($10::text[])[st.org + 1]), '{n}', (2 + floor(random() * 400))::int::text)`;
  await step(
    'articles',
    `INSERT INTO article (id, source, url, content_type, title, text, word_count, language, language_confidence,
                          published_at, metadata, received_at, status, normalized_at, clustered_at, entities_at,
                          done_at, story_id, entities_story_id, content_hash)
     SELECT id, source, 'https://' || source || '.example.com/news/' || id, 'text/plain', title, text,
            length(text) - length(replace(text, ' ', '')) + 1, language, 0.99,
            CASE WHEN dated = 'received' THEN at + interval '3 minutes' ELSE at END,
            jsonb_build_object('publishedAt', jsonb_build_object('source', dated)), at + interval '3 minutes', 'done',
            at + interval '4 minutes', at + interval '4 minutes', at + interval '4 minutes', at + interval '4 minutes',
            story_id, story_id, md5(text)
       FROM (
         SELECT md5('article-' || g.j)::uuid AS id, ($11::text[])[1 + floor(random() * cardinality($11::text[]))::int] AS source,
                g.language, st.id AS story_id, (ARRAY['input', 'input', 'input', 'input', 'input', 'html-meta', 'dateline', 'received'])[1 + floor(random() * 8)::int]
                  AS dated,
                st.starts + random() * random() * interval '72 hours' AS at,
                CASE g.language WHEN 'de' THEN ${fill(titleOf('de'))} WHEN 'fr' THEN ${fill(titleOf('fr'))}
                                ELSE ${fill(titleOf('en'))} END AS title,
                CASE g.language WHEN 'de' THEN ${fill(body('de'))} WHEN 'fr' THEN ${fill(body('fr'))}
                                ELSE ${fill(body('en'))} END AS text
           FROM (SELECT j, 1 + floor($12::int * random() ^ 2)::int AS s,
                        CASE WHEN random() < 0.9 THEN 'en' WHEN random() < 0.5 THEN 'de' ELSE 'fr' END AS language
                   FROM generate_series(1, $13::int) j) g
           JOIN bench_story st USING (s)
       ) a`,
    [
      SENTENCES.en,
      SENTENCES.de,
      SENTENCES.fr,
      TITLES.en,
      TITLES.de,
      TITLES.fr,
      PLACES,
      SUBJECTS,
      e.persons.map((p) => p.name),
      e.orgs.map((x) => x.name),
      SOURCES,
      o.stories,
      originals,
    ],
  );
  // Copies: another outlet republishing an article of the story, word for word (exact) or lightly edited (near).
  await step(
    'copies',
    `INSERT INTO article (id, source, url, content_type, title, text, word_count, language, language_confidence,
                          published_at, metadata, received_at, status, normalized_at, clustered_at, entities_at,
                          done_at, story_id, entities_story_id, content_hash, canonical_id)
     SELECT md5('copy-' || a.id)::uuid, c.source, 'https://' || c.source || '.example.com/wire/' || a.id, 'text/plain',
            a.title, a.text || CASE WHEN c.near THEN ' Additional reporting by staff.' ELSE '' END, a.word_count,
            a.language, 0.99, a.published_at, a.metadata, a.received_at + c.later, 'done', a.done_at + c.later,
            a.done_at + c.later, a.done_at + c.later, a.done_at + c.later, a.story_id, a.story_id, a.content_hash, a.id
       FROM (SELECT * FROM article ORDER BY md5(id::text) LIMIT $1) a
       CROSS JOIN LATERAL (SELECT ($2::text[])[1 + floor(random() * cardinality($2::text[]))::int] AS source,
                                  random() < 0.3 AS near, random() * interval '6 hours' AS later
                             WHERE a.id IS NOT NULL) c`,
    [copies, SOURCES],
  );
  await step(
    'syndication links',
    `INSERT INTO syndication_link (copy_id, canonical_id, kind, jaccard, containment, created_at)
     SELECT id, canonical_id, CASE WHEN text LIKE '%Additional reporting by staff.' THEN 'near' ELSE 'exact' END,
            CASE WHEN text LIKE '%Additional reporting by staff.' THEN 0.93 ELSE 1 END, 1, done_at
       FROM article WHERE canonical_id IS NOT NULL`,
  );
  await step(
    'stories',
    `INSERT INTO story (id, title, version, article_count, first_seen_at, last_seen_at, created_at, updated_at,
                        profile, sources, entity_articles)
     SELECT a.story_id, (array_agg(a.title ORDER BY coalesce(a.published_at, a.received_at), a.id))[1],
            1 + count(*) / 5, count(*), min(coalesce(a.published_at, a.received_at)),
            max(coalesce(a.published_at, a.received_at)), min(a.done_at), max(a.done_at) + interval '1 second',
            '{}', array_agg(DISTINCT a.source ORDER BY a.source), count(*)
       FROM article a GROUP BY a.story_id`,
  );
  // Each story's entities, with aggregates as the entities stage keeps them: its place and organisation in every
  // article, its main person in most, the second person in a few, a tail of others mentioned less.
  await step(
    'story entities',
    `INSERT INTO story_entity (story_id, entity_id, mentions, articles, titles, leads, surname, full_name, tier)
     SELECT x.story_id, x.entity_id, x.mentions, x.articles, x.titles, x.leads, x.surname, x.surname IS NOT NULL,
            floor(log(2, x.mentions::numeric))::smallint
       FROM (
         SELECT s.id AS story_id, v.*
           FROM story s JOIN bench_story b ON b.id = s.id
           CROSS JOIN LATERAL (VALUES
             (($1::uuid[])[b.place + 1], 3 * s.article_count, s.article_count, s.article_count / 2, s.article_count, NULL::text),
             (($3::uuid[])[b.org + 1], 2 * s.article_count, s.article_count, s.article_count / 3, s.article_count / 2, NULL),
             (($2::uuid[])[b.person + 1], 2 * s.article_count, greatest(1, s.article_count * 3 / 4), s.article_count / 4,
              s.article_count / 2, ($4::text[])[b.person + 1]),
             (($2::uuid[])[b.person2 + 1], 1 + s.article_count / 4, 1 + s.article_count / 5, 0, 0, ($4::text[])[b.person2 + 1]),
             (($1::uuid[])[(b.place + 1 + b.s % 7) % cardinality($1::uuid[]) + 1], 1 + s.article_count / 2,
              1 + s.article_count / 3, 0, 0, NULL),
             (($3::uuid[])[(b.org + 5) % cardinality($3::uuid[]) + 1], 1 + s.article_count / 6, 1 + s.article_count / 8, 0, 0, NULL),
             (($2::uuid[])[b.person3 + 1], 1 + s.article_count / 10, 1 + s.article_count / 12, 0, 0, ($4::text[])[b.person3 + 1]),
             (($1::uuid[])[(b.place + 8 + b.s % 11) % cardinality($1::uuid[]) + 1], 1, 1, 0, 0, NULL)
           ) v(entity_id, mentions, articles, titles, leads, surname)
       ) x
     ON CONFLICT DO NOTHING`,
    [e.places.map((x) => x.id), e.persons.map((x) => x.id), e.orgs.map((x) => x.id), e.persons.map((x) => x.surname)],
  );
  await step(
    'entity mention counts',
    `UPDATE entity e SET mention_count = m.mentions
       FROM (SELECT entity_id, sum(mentions)::int AS mentions FROM story_entity GROUP BY entity_id) m
      WHERE m.entity_id = e.id`,
  );
  // Mentions of an article's place, person and organisation (article detail lists them).
  await step(
    'entity mentions',
    `INSERT INTO entity_mention (article_id, entity_id, start, "end", text, type, sentence, zone)
     SELECT a.id, m.entity_id, m.start, m.start + length(en.canonical_name), en.canonical_name, en.type, m.sentence, m.zone
       FROM article a JOIN bench_story b ON b.id = a.story_id
       CROSS JOIN LATERAL (VALUES (($1::uuid[])[b.place + 1], 0, 0, 0), (($2::uuid[])[b.person + 1], 40, 1, 1),
                                  (($3::uuid[])[b.org + 1], 120, 2, 1)) m(entity_id, start, sentence, zone)
       JOIN entity en ON en.id = m.entity_id`,
    [e.places.map((x) => x.id), e.persons.map((x) => x.id), e.orgs.map((x) => x.id)],
  );
  await db.query(`DROP TABLE bench_story`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  for (const i of indexes) await step(`index ${i.name}`, i.def);
  const started = performance.now();
  await db.query(`VACUUM (ANALYZE)`);
  o.log(`vacuum analyze in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
