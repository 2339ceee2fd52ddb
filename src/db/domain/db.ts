// What the repositories need of a database is what the migration engine needs: run SQL, and run a
// query with bound values. One port, one driver, one transaction helper for both.
export { tableExists, type MigrationDb as Db, type Row, type SqlValue } from '../../migrate/database.ts';
export { withTransaction } from '../../migrate/transaction.ts';
