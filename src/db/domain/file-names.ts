// Names of the files the app writes or hands out. One timestamp format for all of them: sortable,
// safe on every file system, and exact to the millisecond (two backups in one second differ).

/** `20261123T231001123Z` */
export const fileStamp = (at: Date) => at.toISOString().replace(/[-:.]/g, '');

export const databaseExportName = (at = new Date()) => `upwork-researcher-${fileStamp(at)}.sqlite3`;
export const jsonExportName = (at = new Date()) => `upwork-researcher-proposals-${fileStamp(at)}.json`;
export const csvExportName = (at = new Date()) => `upwork-researcher-history-${fileStamp(at)}.csv`;
