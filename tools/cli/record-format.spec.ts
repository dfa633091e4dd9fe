import { csvRecord, recordWriter } from './record-format';

describe('csvRecord', () => {
  it('quotes only the fields that need it, doubling their quotes', () => {
    expect(csvRecord(['plain', 'a,b', 'say "no"', 'two\nlines', 'cr\r'])).toBe(
      'plain,"a,b","say ""no""","two\nlines","cr\r"\r\n',
    );
  });

  it('writes null as empty, numbers and booleans as text, lists and objects as JSON', () => {
    expect(csvRecord([null, undefined, 3, false, ['a', 'b'], { id: 'x' }])).toBe(
      ',,3,false,"[""a"",""b""]","{""id"":""x""}"\r\n',
    );
  });
});

describe('recordWriter', () => {
  const record = { id: 'a1', title: 'Dam opens, town waits', sources: ['wire'] };

  it('writes CSV columns in the given order under a header', () => {
    const csv = recordWriter<typeof record>('csv', ['title', 'id', 'sources']);
    expect(csv.header).toBe('title,id,sources\r\n');
    expect(csv.line(record)).toBe('"Dam opens, town waits",a1,"[""wire""]"\r\n');
  });

  it('writes JSON lines with every field, and no header', () => {
    const jsonl = recordWriter<typeof record>('jsonl', ['id']);
    expect(jsonl.header).toBe('');
    expect(JSON.parse(jsonl.line(record))).toEqual(record);
  });
});
