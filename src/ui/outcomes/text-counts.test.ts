import { describe, expect, it } from 'vitest';
import { COVER_LETTER_LIMIT, prepareWordCounts, textCounts } from './text-counts.ts';

describe('counting a proposal', () => {
  it('before the segmenter is ready, words are what lies between spaces', () => {
    expect(textCounts("Hi — I don't   bite.")).toEqual({ words: 5, characters: 20 });
  });

  it('counts words as the language has them, and characters as a form limit does', () => {
    prepareWordCounts();
    expect(textCounts('')).toEqual({ words: 0, characters: 0 });
    expect(textCounts("Hi — I don't   bite.\n\nÉtat, 2 things!")).toEqual({ words: 7, characters: 37 });
    expect(textCounts('🚀 ok')).toEqual({ words: 1, characters: 5 });
    expect(COVER_LETTER_LIMIT).toBe(5000);
    expect(textCounts('ab  cd\n'.repeat(5000))).toEqual({ words: 10_000, characters: 35_000 });
  });
});
