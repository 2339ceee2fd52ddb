import { describe, expect, it } from 'vitest';
import { failureNotice } from './notice.tsx';

describe('failureNotice', () => {
  it('says what did not happen, then why in the words of explain-error.ts, as an error', () => {
    expect(failureNotice('The proposal was not deleted', new Error('SQLITE_FULL: database or disk is full'), ' Try again.')).toEqual({
      tone: 'error',
      text: expect.stringMatching(/^The proposal was not deleted: this browser's storage for the app is full \(nothing already saved was lost\)\. .* Try again\.$/),
    });
  });

  it('a typed error that crossed from the worker keeps its own words', () => {
    const stale = Object.assign(new Error('A newer version of Upwork Researcher is open in another tab: reload this tab to use it.'), { kind: 'stale-build' });
    expect(failureNotice('Not saved', stale).text).toBe('Not saved: A newer version of Upwork Researcher is open in another tab: reload this tab to use it.');
  });
});
