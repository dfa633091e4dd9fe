import { combinedText, entitiesCliLine, extractEntities } from './extract';
import { loadNerModel } from './ner/model';
import { recognize } from './ner/recognize';

// These tests use the committed model file (models/ner-v1.json.gz).
const model = loadNerModel();

describe('recognize', () => {
  it('finds people, organisations and places with offsets into the text', () => {
    const text = 'In Brussels, Ukrainian Foreign Minister Dmytro Kuleba urged NATO to provide more weapons.';
    const mentions = recognize(model, text);
    for (const m of mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(mentions.map((m) => [m.text, m.type])).toEqual([
      ['Brussels', 'LOCATION'],
      ['Dmytro Kuleba', 'PERSON'],
      ['NATO', 'ORGANIZATION'],
    ]);
  });

  it('numbers sentences', () => {
    const mentions = recognize(model, 'Later, Putin said so on Monday.\n\nOn Tuesday, Smith replied from Washington.');
    expect(mentions.map((m) => [m.text, m.sentence])).toEqual([
      ['Putin', 0],
      ['Smith', 1],
      ['Washington', 1],
    ]);
  });

  it('does not report months, weekdays, sentence-initial verbs or newsletter slogans', () => {
    const text =
      '“Abandon your military equipment and leave,” Mr Zelensky said on Thursday in March.\n\n' +
      'We’ve Already Come Too Far To End This Now.\n\nSubscribe To Our Weekly Newsletter\n\n' +
      'Follow the coverage of the war.\n\nMay was warm. September and Monday too.';
    const found = extractEntities(model, { text }).mentions.map((m) => m.canonical);
    expect(found).toEqual(['Zelensky']);
  });
});

describe('extractEntities', () => {
  it('tags title and body as one document with offsets into title + "\\n\\n" + text', () => {
    const article = {
      title: 'Kuleba urges NATO to send weapons',
      text: 'Dmytro Kuleba spoke in Brussels on Thursday.',
    };
    const combined = combinedText(article);
    expect(combined).toBe(`${article.title}\n\n${article.text}`);
    const { mentions } = extractEntities(model, article);
    for (const m of mentions) expect(combined.slice(m.start, m.end)).toBe(m.text);
    const inTitle = mentions.filter((m) => m.start < article.title.length);
    expect(inTitle.map((m) => m.text)).toEqual(['Kuleba', 'NATO']);
    expect(inTitle[0]).toMatchObject({ canonical: 'Dmytro Kuleba', type: 'PERSON' });
    expect(mentions.find((m) => m.text === 'Dmytro Kuleba')?.entityKey).toBe(inTitle[0].entityKey);
  });

  it('handles an article without title or without entities', () => {
    expect(extractEntities(model, { title: '', text: 'nothing to see here.' }).mentions).toEqual([]);
    expect(extractEntities(model, { text: '' }).mentions).toEqual([]);
  });
});

describe('entitiesCliLine', () => {
  it("tags the dateline place the normalizer cut from the text, and the body's mentions of it as places", () => {
    const title = 'Harbour flooded';
    const text =
      'A storm surge flooded the harbour district of Marrowby Quay on Monday, officials in Marrowby Quay said.';
    const { mentions } = extractEntities(model, { title, text, dateline: 'MARROWBY QUAY, Norland' });
    const bodyStart = title.length + 2;
    expect(mentions.slice(0, 2)).toMatchObject([
      { start: bodyStart, end: bodyStart, text: 'MARROWBY QUAY', type: 'LOCATION' },
      { start: bodyStart, end: bodyStart, text: 'Norland', type: 'LOCATION' },
    ]);
    const quay = mentions.filter((m) => /marrowby quay/i.test(m.text));
    expect(quay.length).toBe(3);
    expect(new Set(quay.map((m) => m.entityKey))).toEqual(new Set([quay[0].entityKey]));
    expect(quay[0].type).toBe('LOCATION');
    expect(extractEntities(model, { text, dateline: null }).mentions.every((m) => m.start < m.end)).toBe(true);
  });

  it('emits the CLI line shape with offsets into the input text', () => {
    const text = 'The EU and the European Union are one; Kiev is Kyiv.';
    const line = entitiesCliLine(model, { id: 'a1', text });
    expect(Object.keys(line)).toEqual(['id', 'mentions']);
    expect(line.id).toBe('a1');
    for (const m of line.mentions) {
      expect(Object.keys(m)).toEqual(['start', 'end', 'text', 'type', 'entityKey', 'canonical']);
      expect(text.slice(m.start, m.end)).toBe(m.text);
    }
    const keys = new Map(line.mentions.map((m) => [m.text, m.entityKey]));
    expect(keys.get('EU')).toBe(keys.get('European Union'));
    expect(keys.get('Kiev')).toBe(keys.get('Kyiv'));
  });
});
