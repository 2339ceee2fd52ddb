// Counting a proposal as Upwork's form does.

/**
 * Upwork's cover-letter field takes at most 5,000 characters (Upwork Community, "Cover letter 5000
 * characters is not enough", community.upwork.com/t5/Freelancers/Cover-letter-5000-characters-is-not-enough/m-p/515534;
 * see the README).
 */
export const COVER_LETTER_LIMIT = 5000;

// A word segmenter loads the language's word-break data (~10-30 ms): made when the page is idle,
// not while the app starts; until then words are what lies between spaces.
let segmenter: Intl.Segmenter | null = null;
/** Longer than this (four times Upwork's limit), words are counted between spaces in one fast pass. */
const LONG = 20_000;
export function prepareWordCounts(): void {
  if (!segmenter && typeof Intl !== 'undefined' && 'Segmenter' in Intl) segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
}

/**
 * Words as the language has them (Intl.Segmenter: "don't" is one word, so is "état", and Chinese
 * is split into words too). Characters as a web form's length limit counts them (UTF-16 code
 * units: an emoji is two), so the warning is never late.
 */
export function textCounts(text: string): { words: number; characters: number } {
  let words = 0;
  if (text.length > LONG) {
    // Far past any cover letter (a pasted book): counted in one pass, as fast as typing goes.
    let inWord = false;
    for (let i = 0; i < text.length; i++) {
      const space = text.charCodeAt(i) <= 32;
      if (!space && !inWord) words++;
      inWord = !space;
    }
  } else if (segmenter) {
    for (const s of segmenter.segment(text)) if (s.isWordLike) words++;
  } else {
    words = text.split(/\s+/).filter(Boolean).length;
  }
  return { words, characters: text.length };
}
