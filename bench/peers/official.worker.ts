// The official SQLite WASM build (the app's version) with either of its OPFS VFSes, chosen by the
// worker's name: `opfs-sahpool` (the app's: no COOP/COEP) or `opfs` (needs cross-origin isolation).
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import { expose } from 'comlink';
import { oo1Connection } from './oo1-connection.ts';
import { sqliteStore } from './sqlite-store.ts';

const FILE = '/bench.sqlite3';

expose(sqliteStore(async () => {
  const sqlite3 = await sqlite3InitModule();
  if (self.name === 'opfs-sahpool') {
    const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'opfs-sahpool', initialCapacity: 4 });
    return { conn: oo1Connection(new pool.OpfsSAHPoolDb(FILE)), storage: 'opfs-sahpool' };
  }
  // Installed only where it can work (cross-origin isolated, OPFS); otherwise OpfsDb is absent.
  if (!sqlite3.oo1.OpfsDb) throw new Error(`the official build's opfs VFS did not install (cross-origin isolated: ${self.crossOriginIsolated})`);
  return { conn: oo1Connection(new sqlite3.oo1.OpfsDb(FILE)), storage: 'opfs' };
}));
