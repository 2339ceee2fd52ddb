// The dashboard (loaded only when opened, with its chart library): what the proposals sent in a
// period became. Every chart has its numbers in a table; every figure comes from the worker's SQL.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DashboardData } from '../../db/api.ts';
import { ownTimeZone } from '../../db/domain/calendar.ts';
import type { GroupRow } from '../../db/domain/dashboard.ts';
import type { DatabaseClient } from '../database-client.ts';
import { useDataChanges } from '../data-changes.ts';
import { failureNotice, NoticeLine, useNotice } from '../notice.tsx';
import { WeekChart } from './Chart.tsx';
import { duration, oneDecimal, percent } from './format-figures.ts';
import { isPeriod, PERIODS, periodDays, type PeriodKind } from './period.ts';

const PERIOD_KEY = 'upwork-researcher:dashboard-period';

export default function Dashboard({ db }: { db: DatabaseClient }) {
  const [kind, setKind] = useState<PeriodKind>(() => {
    const saved = localStorage.getItem(PERIOD_KEY);
    return isPeriod(saved) ? saved : '12w';
  });
  const [data, setData] = useState<DashboardData | null>(null);
  const { notice, setNotice } = useNotice();
  const [revision, setRevision] = useState(0);
  const refresh = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Any tab's change (an outcome set, an import): the numbers follow.
  useDataChanges((change) => {
    if (!change.proposals) return;
    clearTimeout(refresh.current);
    refresh.current = setTimeout(() => setRevision((r) => r + 1), 50);
  });
  useEffect(() => {
    let live = true;
    localStorage.setItem(PERIOD_KEY, kind);
    const timeZone = ownTimeZone();
    db.dashboard({ ...periodDays(kind, timeZone), timeZone }).then(
      (d) => { if (live) { setData(d); setNotice(null); } },
      (e) => live && setNotice(failureNotice('The dashboard could not be read', e)),
    );
    return () => { live = false; };
  }, [kind, revision]);

  return (
    <section class="dashboard" aria-labelledby="dashboard-title" data-loaded={data ? 'true' : undefined}>
      <header class="dashboard-head">
        <h1 id="dashboard-title">Dashboard</h1>
        <div>
          <label for="period" class="inline">Period</label>
          <select id="period" value={kind} onChange={(e) => setKind(e.currentTarget.value as PeriodKind)}>
            {Object.entries(PERIODS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
        </div>
      </header>
      <NoticeLine notice={notice} />
      {!data ? <p role="status">Counting…</p> : <Figures data={data} kind={kind} onAllTime={() => setKind('all')} />}
    </section>
  );
}

function Figures({ data, kind, onAllTime }: { data: DashboardData; kind: PeriodKind; onAllTime: () => void }) {
  const f = data.funnel;
  if (f.sent === 0) {
    return (
      <div class="dashboard-empty" role="status">
        <p><strong>No proposals were sent in this period.</strong></p>
        <p>Set a proposal’s outcome to <em>Sent</em> when you send it (in the editor or the list), then Viewed, Replied, Interview, Hired, Not hired or No reply as things happen: this page then shows your reply, interview and hire rates, what Connects each reply and hire cost, and what works best.</p>
        {kind !== 'all' && <button type="button" onClick={onAllTime}>Show all time</button>}
      </div>
    );
  }
  const weeks = data.weeks.map((w) => w.label);
  const rate = (n: (w: DashboardData['weeks'][number]) => number) => data.weeks.map((w) => (w.sent ? Math.round((n(w) / w.sent) * 1000) / 10 : null));
  return (
    <>
      {f.sent === 1 && <p class="notice info" role="status">One proposal sent in this period: the rates below are about that one proposal. They mean more after a dozen or so.</p>}
      <dl class="tiles">
        <Tile label="Sent" value={String(f.sent)} />
        <Tile label="Reply rate" value={percent(f.replied, f.sent)} note={`${f.replied} replied`} />
        <Tile label="Interview rate" value={percent(f.interview, f.sent)} note={`${f.interview} interviews`} />
        <Tile label="Hire rate" value={percent(f.hired, f.sent)} note={`${f.hired} hired`} />
        <Tile label="Time to first reply (median)" value={data.firstReply ? duration(data.firstReply.medianHours) : '—'}
          note={data.firstReply ? `mean ${duration(data.firstReply.meanHours)}, ${data.firstReply.count} replies` : 'no replies yet'} />
        <Tile label="Connects per reply" value={oneDecimal(data.connects.perReply)} note={`${data.connects.spent} Connects on ${data.connects.proposalsWithConnects} proposals`} />
        <Tile label="Connects per hire" value={oneDecimal(data.connects.perHire)} />
        {data.contractValue > 0 && <Tile label="Contract value won" value={data.contractValue.toLocaleString()} />}
      </dl>

      <h2>Proposals sent per week</h2>
      <WeekChart title="proposals sent per week" weeks={weeks} series={[{ label: 'Sent', values: data.weeks.map((w) => w.sent), color: '--accent-strong', bars: true }]} />
      <DataTable caption="Proposals sent per week, and what became of them" head={['Week of', 'Sent', 'Replied', 'Interview', 'Hired']}
        rows={data.weeks.map((w) => [w.label, w.sent, w.replied, w.interview, w.hired])} />

      <h2>Reply, interview and hire rates by week sent</h2>
      <WeekChart title="reply, interview and hire rates by the week the proposals were sent" weeks={weeks} unit="%"
        series={[
          { label: 'Reply rate', values: rate((w) => w.replied), color: '--o-progress' },
          { label: 'Interview rate', values: rate((w) => w.interview), color: '--o-closed' },
          { label: 'Hire rate', values: rate((w) => w.hired), color: '--accent-strong' },
        ]} />
      <DataTable caption="Rates by the week the proposals were sent" head={['Week of', 'Sent', 'Reply rate', 'Interview rate', 'Hire rate']}
        rows={data.weeks.filter((w) => w.sent > 0).map((w) => [w.label, w.sent, percent(w.replied, w.sent), percent(w.interview, w.sent), percent(w.hired, w.sent)])} />

      <h2>Funnel</h2>
      <table class="funnel">
        <caption class="visually-hidden">How far the proposals sent got</caption>
        <thead><tr><th scope="col">Stage</th><th scope="col">Proposals</th><th scope="col">Of those sent</th></tr></thead>
        <tbody>
          {([['Sent', f.sent], ['Viewed', f.viewed], ['Replied', f.replied], ['Interview', f.interview], ['Hired', f.hired]] as const).map(([label, n]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td><span class="bar" style={{ width: `${(n / f.sent) * 100}%` }} aria-hidden="true" /> {n}</td>
              <td>{percent(n, f.sent)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="fine">Where they are now: {data.now.open} still open, {data.now.hired} hired, {data.now.notHired} not hired, {data.now.noReply} without a reply.</p>

      <h2>What works</h2>
      <Groups caption="By client" heading="Client" rows={data.byClient} unknown="No client" />
      <Groups caption="By bid type" heading="Bid type" rows={data.byBidType} unknown="No bid type" name={(k) => (k === 'hourly' ? 'Hourly' : k === 'fixed' ? 'Fixed price' : k)} />
      <Groups caption="By provider and model" heading="Model" rows={data.byModel} unknown="Not generated" />
      <Groups caption="By prompt template" heading="Template" rows={data.byTemplate} unknown="Not generated" />
    </>
  );
}

const Tile = ({ label, value, note }: { label: string; value: string; note?: string }) => (
  <div class="tile"><dt>{label}</dt><dd><span class="tile-value">{value}</span>{note && <span class="fine"> {note}</span>}</dd></div>
);

function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: (string | number)[][] }) {
  return (
    <details class="chart-table">
      <summary>Table: {caption}</summary>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead><tr>{head.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
        <tbody>{rows.map((r) => <tr key={String(r[0])}>{r.map((c, i) => (i === 0 ? <th key={i} scope="row">{c}</th> : <td key={i}>{c}</td>))}</tr>)}</tbody>
      </table>
    </details>
  );
}

function Groups({ caption, heading, rows, unknown, name = (k) => k }: { caption: string; heading: string; rows: GroupRow[]; unknown: string; name?: (k: string) => string }) {
  if (rows.length === 0) return null;
  // All unknown (none generated here, no client named): one line says so instead of a table of one row.
  if (rows.every((r) => r.key === null)) return <p class="fine">{caption}: {unknown.toLowerCase()}, all {rows[0].sent} of them.</p>;
  return (
    <table class="groups">
      <caption>{caption}</caption>
      <thead><tr><th scope="col">{heading}</th><th scope="col">Sent</th><th scope="col">Reply rate</th><th scope="col">Interview rate</th><th scope="col">Hire rate</th><th scope="col">Connects</th></tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key ?? ''}>
            <th scope="row">{r.key === null ? <em>{unknown}</em> : name(r.key)}</th>
            <td>{r.sent}</td><td>{percent(r.replied, r.sent)}</td><td>{percent(r.interview, r.sent)}</td><td>{percent(r.hired, r.sent)}</td><td>{r.connects}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
