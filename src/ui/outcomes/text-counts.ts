// Counting a proposal as Upwork's form does.

/**
 * Upwork's cover-letter field takes at most 5,000 characters (Upwork Community, "Cover letter 5000
 * characters is not enough", community.upwork.com/t5/Freelancers/Cover-letter-5000-characters-is-not-enough/m-p/515534;
 * see the README).
 */
export const COVER_LETTER_LIMIT = 5000;

const words = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'word' }) : null;

/**
 * Words as the language has them (Intl.Segmenter: "don't" is one word, so is "état", and Chinese
 * is split into words too). Characters as a web form's length limit counts them (UTF-16 code
 * units: an emoji is two), so the warning is never late.
 */
export function textCounts(text: string): { words: number; characters: number } {
  let n = 0;
  if (words) {
    for (const s of words.segment(text)) if (s.isWordLike) n++;
  } else {
    n = text.split(/\s+/).filter(Boolean).length;
  }
  return { words: n, characters: text.length };
}
