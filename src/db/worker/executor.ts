// Runs the DatabaseApi's owner operations on the owner, one at a time (no operation sees another
// half done). A write commits in one transaction with its request id; the same id again is answered
// from the record, so a write resent after an owner change is never applied twice.
import { withTransaction } from '../../migrate/index.ts';
import type { DataChange, OwnerOperation } from '../api.ts';
import { appliedResult, recordApplied } from '../domain/applied-requests.ts';
import type { OperationTable, RescueContext } from './operations.ts';
import type { OwnerDatabase, Session } from './owner-database.ts';

export interface Call {
  id: string;
  /** The tab that made the call: changes name it, so that tab knows its own. */
  tab: string;
  /** A string, not an OwnerOperation: it may come from another build, over a channel. */
  method: string;
  args: unknown[];
}

export interface Executor {
  execute(call: Call): Promise<unknown>;
  /** Resolves when every operation accepted so far has finished. */
  drain(): Promise<void>;
}

export class UnknownOperationError extends Error {
  readonly kind = 'unknown-operation';
  constructor(readonly method: string) {
    super(`The database has no operation "${method}".`);
    this.name = 'UnknownOperationError';
  }
}

// The table is checked against the DatabaseApi where it is written; here a call's arguments are
// whatever arrived, so every operation is seen through one signature.
type Untyped =
  | { read: (s: Session, ...args: unknown[]) => unknown }
  | { rescue: (ctx: RescueContext, ...args: unknown[]) => unknown; exclusive?: boolean }
  | UntypedWrite;
interface UntypedWrite {
  prepare?: (s: Session, ...args: unknown[]) => Promise<unknown>;
  commit: (s: Session, args: unknown[], prepared: unknown) => unknown;
  change: (args: unknown[], recorded: unknown) => Omit<DataChange, 'by'>;
  reply?: (recorded: unknown) => unknown;
}

export function createExecutor(database: OwnerDatabase, ops: OperationTable, onChange: (change: DataChange) => void): Executor {
  let queue: Promise<unknown> = Promise.resolve();
  const find = (method: string): Untyped | undefined =>
    Object.hasOwn(ops, method) ? (ops[method as OwnerOperation] as unknown as Untyped) : undefined;

  async function runWrite(op: UntypedWrite, { id, tab, args }: Call): Promise<unknown> {
    const s = await database.session();
    const done = appliedResult(s.db, id);
    if (done) return op.reply ? op.reply(done.value) : done.value;
    const prepared = op.prepare ? await op.prepare(s, ...args) : undefined;
    const value = withTransaction(s.db, () => {
      const result = op.commit(s, args, prepared);
      recordApplied(s.db, id, result);
      return result;
    });
    onChange({ ...op.change(args, value), by: tab });
    return op.reply ? op.reply(value) : value;
  }

  return {
    execute(call) {
      const op = find(call.method);
      if (!op) return Promise.reject(new UnknownOperationError(call.method));
      const { args } = call;
      const ctx = { id: call.id, announce: (change: Omit<DataChange, 'by'>) => onChange({ ...change, by: call.tab }) };
      // Rescue works even when start-up failed or waits, so it does not queue behind it, unless it
      // replaces the database: then it waits for every operation before it, and the next wait for it.
      if ('rescue' in op && !op.exclusive) return Promise.resolve().then(() => op.rescue(ctx, ...args));
      const result = queue.then(async () => {
        if ('rescue' in op) return op.rescue(ctx, ...args);
        if ('read' in op) return op.read(await database.session(), ...args);
        return runWrite(op, call);
      });
      queue = result.catch(() => {});
      return result;
    },
    drain: () => queue.then(() => {}),
  };
}
