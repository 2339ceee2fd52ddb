import { describe, expect, it } from 'vitest';
import { parseMigrationFileName } from './migration-name.ts';

describe('parseMigrationFileName (refinery rules)', () => {
  it.each([
    ['V1__initial_schema.sql', 1, 'initial_schema'],
    ['V2__add_settings_table.sql', 2, 'add_settings_table'],
    ['V001__leading_zeros.sql', 1, 'leading_zeros'],
    ['V6__données_日本.sql', 6, 'données_日本'],
    ['V2147483647__max_i32.sql', 2147483647, 'max_i32'],
    ['V10__a.sql', 10, 'a'],
    ['V3__CamelCase2.sql', 3, 'CamelCase2'],
  ])('accepts %s', (file, version, name) => {
    expect(parseMigrationFileName(file)).toEqual({ ok: true, prefix: 'V', version, name });
  });

  it.each([
    ['V1_single_underscore.sql', 'must be in the format'],
    ['v1__lower_v.sql', 'must be in the format'],
    ['V__no_version.sql', 'must be in the format'],
    ['V1__has-dash.sql', 'must be in the format'],
    ['V1__has space.sql', 'must be in the format'],
    ['V1__has.dot.sql', 'must be in the format'],
    ['V1__.sql', 'must be in the format'],
    ['1__no_prefix.sql', 'must be in the format'],
    ['V1.5__decimal.sql', 'must be a valid integer'],
    ['V0__zero.sql', 'must be a valid integer'],
    ['V2147483648__too_big.sql', 'must be a valid integer'],
    ['V99999999999999999999__way_too_big.sql', 'must be a valid integer'],
    ['V1__name.txt', 'must end in .sql'],
  ])('refuses %s', (file, reason) => {
    const parsed = parseMigrationFileName(file);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toContain(reason);
  });

  it('knows the U prefix (and the caller refuses it)', () => {
    expect(parseMigrationFileName('U3__unversioned.sql')).toMatchObject({ ok: true, prefix: 'U', version: 3 });
  });
});
