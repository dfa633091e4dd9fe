import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigSchema } from './config.schema';

// The README's configuration table is the operator's reference: a variable added here must be listed there.
describe('README configuration table', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const defaults = ConfigSchema.parse({});

  it.each(Object.keys(ConfigSchema.shape))('lists %s with its default', (key) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
    expect(row).toBeDefined();
    const value = defaults[key as keyof typeof defaults];
    // No value by default (an optional port) or an empty list (API_KEYS) is shown as "none" in the table.
    const none = value === undefined || (Array.isArray(value) && value.length === 0);
    expect(row).toContain(none ? 'none' : `\`${String(value)}\``);
  });
});
