import { describe, expect, it } from 'vitest';
import { formatAppliedOn, parseAppliedOn } from './history.ts';

describe('applied_on', () => {
  it.each([
    ['2026-11-23T22:57:38.610Z', '2026-11-23T22:57:38.61Z'],
    ['2026-11-23T22:57:38.700Z', '2026-11-23T22:57:38.7Z'],
    ['2026-11-23T22:57:38.000Z', '2026-11-23T22:57:38Z'],
    ['2026-11-23T22:57:38.123Z', '2026-11-23T22:57:38.123Z'],
  ])('writes %s as refinery does: %s', (iso, text) => {
    expect(formatAppliedOn(new Date(iso))).toBe(text);
  });

  it.each([
    ['2026-11-23T22:57:38Z', '2026-11-23T22:57:38.000Z'],
    ['2026-11-23T22:57:38.123456789Z', '2026-11-23T22:57:38.123Z'],
    ['2024-01-02T03:04:05-06:00', '2024-01-02T09:04:05.000Z'],
  ])('reads %s', (text, iso) => {
    expect(parseAppliedOn(text)?.toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', '2026-11-23', '2026-11-23T22:57:38', '2026-13-01T00:00:00Z', '2026-11-23T25:00:00Z'])(
    'refuses %j', (text) => expect(parseAppliedOn(text)).toBeNull(),
  );
});
