// Words and characters of the proposal as it is typed, and a warning before Upwork's cover-letter
// limit (see COVER_LETTER_LIMIT).
import { useEffect, useState } from 'preact/hooks';
import { COVER_LETTER_LIMIT, prepareWordCounts, textCounts } from './text-counts.ts';

export function TextCounts({ text }: { text: string }) {
  const [, setPrepared] = useState(false);
  useEffect(() => {
    const ready = () => { prepareWordCounts(); setPrepared(true); };
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(ready, { timeout: 2000 });
      return () => cancelIdleCallback(handle);
    }
    const t = setTimeout(ready, 500);
    return () => clearTimeout(t);
  }, []);
  const { words, characters } = textCounts(text);
  const over = characters > COVER_LETTER_LIMIT;
  const near = !over && characters >= COVER_LETTER_LIMIT * 0.9;
  return (
    <p id="proposal-counts" class={`counts${over ? ' over' : near ? ' near' : ''}`} aria-live={over || near ? 'polite' : 'off'}>
      {words.toLocaleString()} word{words === 1 ? '' : 's'} · {characters.toLocaleString()} / {COVER_LETTER_LIMIT.toLocaleString()} characters
      {over && <strong> · {(characters - COVER_LETTER_LIMIT).toLocaleString()} over Upwork’s cover-letter limit: Upwork will not take it as it is.</strong>}
      {near && <span> · close to Upwork’s cover-letter limit</span>}
    </p>
  );
}
