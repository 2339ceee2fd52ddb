import { describe, expect, it } from 'vitest';
import { formatBytes } from './format.ts';

describe('formatBytes', () => {
  it.each([[null, 'unknown'], [0, '0 B'], [1023, '1023 B'], [1024, '1.0 KB'], [16384, '16 KB'], [5 * 1024 ** 3, '5.0 GB']])(
    '%s → %s', (n, text) => expect(formatBytes(n)).toBe(text),
  );
});
