// The DatabaseApi's outcome operations (issue 17), as the owner runs them: filters and counts,
// the history of an outcome, the dashboard's numbers, the CSV export's rows; setting an outcome
// and a deal. Spread into databaseOperations() beside the others.
// The dashboard's and the CSV's code is fetched by the worker when first asked for: start-up
// does not load it.
import type { OutcomeApi } from '../api.ts';
import { outcomeCounts, outcomeHistory, setOutcome, updateDeal } from '../domain/outcomes-repo.ts';
import { getProposal } from '../domain/proposals-repo.ts';
import { recordGeneration } from '../domain/generated-with.ts';
import type { Db } from '../domain/db.ts';
import type { OperationTable } from './operations.ts';

/** The dashboard for local days `fromDay` to `toDay` (both included) in `timeZone`; from the first proposal sent when `fromDay` is null. */
async function dashboardFor(db: Db, { fromDay, toDay, timeZone }: Parameters<OutcomeApi['dashboard']>[0]) {
  const [{ localMidnight, localWeeks, sqliteUtc }, { dashboardData, firstSent }] = await Promise.all([
    import('../domain/calendar.ts'), import('../domain/dashboard.ts'),
  ]);
  const midnight = (text: string, plusDays = 0) => {
    const [y, m, d] = text.split('-').map(Number);
    return localMidnight(timeZone, y, m, d + plusDays);
  };
  const to = midnight(toDay, 1);
  const first = fromDay === null ? firstSent(db) : null;
  const from = fromDay !== null ? midnight(fromDay)
    : first !== null ? Math.min(Date.parse(`${first.replace(' ', 'T')}Z`), to - 1)
    : midnight(toDay);
  return dashboardData(db, { from: sqliteUtc(from), to: sqliteUtc(to), weeks: localWeeks(timeZone, from, to).weeks });
}

/** The proposal as it is after a write, which the write's caller shows. */
function proposalAfter(db: Db, id: number) {
  const p = getProposal(db, id);
  if (!p) throw new Error(`Proposal ${id} does not exist (it may have been deleted).`);
  return p;
}

export const outcomeOperations: Pick<OperationTable, keyof OutcomeApi> = {
  outcomeCounts: { read: ({ db }, filter) => outcomeCounts(db, filter) },
  outcomeHistory: { read: ({ db }, id) => outcomeHistory(db, id) },
  dashboard: { read: ({ db }, period) => dashboardFor(db, period) },
  historyRows: { read: async ({ db }) => (await import('../domain/history-export.ts')).historyRows(db) },
  setOutcome: {
    commit: ({ db }, [id, outcome]) => { setOutcome(db, id, outcome); return proposalAfter(db, id); },
    change: ([id]) => ({ proposals: [id] }),
  },
  recordGeneration: {
    commit: ({ db }, [id, generatedWith]) => recordGeneration(db, id, generatedWith),
    change: ([id]) => ({ proposals: [id] }),
  },
  updateDeal: {
    commit: ({ db }, [id, patch]) => { updateDeal(db, id, patch); return proposalAfter(db, id); },
    change: ([id]) => ({ proposals: [id] }),
  },
};
