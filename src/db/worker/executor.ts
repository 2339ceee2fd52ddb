// Runs the DatabaseApi's operations on the owner, one at a time (no operation sees another half
// done). A write commits in one transaction with its request id; the same id again is answered
// from the record, so a write resent after an owner change is never applied twice.
import { withTransaction } from '../../migrate/index.ts';
import type { DataChange } from '../api.ts';
import { appliedResult, recordApplied } from '../domain/applied-requests.ts';
import type { Operations } from './operations.ts';
import type { Startup } from './startup.ts';

export interface Call {
  id: string;
  /** The tab that made the call: changes name it, so that tab knows its own. */
  tab: string;
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

export function createExecutor(startup: Startup, ops: Operations, onChange: (change: DataChange) => void): Executor {
  let queue: Promise<unknown> = Promise.resolve();

  async function run({ id, tab, method, args }: Call): Promise<unknown> {
    const read = ops.reads[method];
    if (read) return read(await startup.session(), ...args);
    const op = ops.writes[method];
    if (!op) throw new UnknownOperationError(method);
    const s = await startup.session();
    const key = op.key?.(args) ?? id;
    const done = appliedResult(s.db, key);
    if (done) return op.reply ? op.reply(done.value) : done.value;
    const prepared = op.prepare ? await op.prepare(s, ...args) : undefined;
    const value = withTransaction(s.db, () => {
      const result = op.commit(s, args, prepared);
      recordApplied(s.db, key, result);
      return result;
    });
    onChange({ ...op.change(args, value), by: tab });
    return op.reply ? op.reply(value) : value;
  }

  return {
    execute(call) {
      // Rescue works even when start-up failed or waits, so it does not queue behind it, unless it
      // replaces the database: then it waits for every operation before it, and the next wait for it.
      const rescue = ops.rescue[call.method];
      const ctx = { announce: (change: Omit<DataChange, 'by'>) => onChange({ ...change, by: call.tab }) };
      if (rescue && !ops.exclusive.has(call.method)) return Promise.resolve().then(() => rescue(ctx, ...call.args));
      const result = queue.then(() => (rescue ? rescue(ctx, ...call.args) : run(call)));
      queue = result.catch(() => {});
      return result;
    },
    drain: () => queue.then(() => {}),
  };
}
