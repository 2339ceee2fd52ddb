import { MARK_END, MARK_START } from '../db/domain/proposal.ts';

/** Text with search matches (between \u0002 and \u0003) shown as <mark>: never inserted as HTML. */
export function Marked({ text }: { text: string }) {
  const parts: (string | preact.JSX.Element)[] = [];
  let rest = text;
  let key = 0;
  for (;;) {
    const start = rest.indexOf(MARK_START);
    if (start < 0) break;
    const end = rest.indexOf(MARK_END, start);
    if (end < 0) break;
    if (start > 0) parts.push(rest.slice(0, start));
    parts.push(<mark key={key++}>{rest.slice(start + 1, end)}</mark>);
    rest = rest.slice(end + 1);
  }
  parts.push(rest.replaceAll(MARK_START, '').replaceAll(MARK_END, ''));
  return <>{parts}</>;
}
