import { describe, expect, it } from 'vitest';
import { buildFtsQuery } from './search-query.ts';

describe('buildFtsQuery', () => {
  it.each([
    ['react', '"react"*'],
    ['  React   developer ', '"React"* "developer"*'],
    ['"quoted" AND NEAR(x)', '"quoted"* "AND"* "NEAR(x"*'],
    ['c++ node.js', '"c"* "node.js"*'],
    ['café', '"café"*'],
    ['ｆｕｌｌwidth', '"fullwidth"*'],
  ])('%j → %s', (input, query) => expect(buildFtsQuery(input)).toBe(query));

  it.each(['', '   ', '"" -- ** :'])('%j has nothing to search', (input) => expect(buildFtsQuery(input)).toBeNull());

  it('keeps at most 12 words', () => {
    expect(buildFtsQuery(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))!.split(' ')).toHaveLength(12);
  });
});
