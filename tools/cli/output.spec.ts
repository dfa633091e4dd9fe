import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOutput } from './output';

describe('openOutput', () => {
  it('writes a file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'storyline-output-')), 'out.jsonl');
    const out = await openOutput(path);
    await out.write('{"a":1}\n');
    await out.close();
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
  });

  it('fails as an ordinary error when the file cannot be opened', async () => {
    await expect(openOutput(join(tmpdir(), 'no-such-folder-storyline', 'out.jsonl'))).rejects.toThrow(
      /^cannot write .*out\.jsonl: ENOENT/,
    );
  });
});
