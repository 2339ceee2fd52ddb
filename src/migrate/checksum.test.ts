import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refineryChecksum } from './checksum.ts';

const v1 = readFileSync('migrations/V1__initial_schema.sql', 'utf8');
const v2 = readFileSync('migrations/V2__add_settings_table.sql', 'utf8');

// The reference values refinery itself produced for these two files (the desktop app's migrations).
describe('refineryChecksum', () => {
  it.each([
    [1, 'initial_schema', v1, '105872891364838878'],
    [2, 'add_settings_table', v2, '4782535381122879736'],
    [3, 'add_status_to_proposals', 'ALTER TABLE proposals ADD COLUMN status TEXT;\n', '3671735821130054985'],
    [4, 'empty', '', '11390926295293858155'],
    [6, 'données_日本', 'SELECT 1;\n', '16973391942874704684'],
    [2147483647, 'max_i32', 'SELECT 1;\n', '4099218976597660285'],
    [1, 'initial_schema', v1.replace(/\n/g, '\r\n'), '647529484459724382'],
    [1, 'initial_schema', v1.slice(0, -1), '13297430337587729'],
  ])('V%i__%s matches refinery', (version, name, sql, expected) => {
    expect(refineryChecksum(version, name, sql)).toBe(expected);
  });

  it('the seed files are the exact bytes refinery hashed', () => {
    expect(Buffer.byteLength(v1)).toBe(303);
    expect(Buffer.byteLength(v2)).toBe(300);
    expect(v1.includes('\r')).toBe(false);
  });

  it('counts a BOM and the name', () => {
    const plain = refineryChecksum(1, 'a', 'SELECT 1;');
    expect(refineryChecksum(1, 'a', '\uFEFFSELECT 1;')).not.toBe(plain);
    expect(refineryChecksum(1, 'b', 'SELECT 1;')).not.toBe(plain);
    expect(refineryChecksum(2, 'a', 'SELECT 1;')).not.toBe(plain);
  });
});
