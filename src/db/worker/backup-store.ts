// Backups as plain OPFS files in a folder of their own (never inside the sahpool folder, whose
// files the VFS owns). createWritable() swaps the file in on close(), so a failed or full write
// leaves no half backup behind.
import type { BackupInfo, BackupKind } from '../api.ts';
import { backupName, backupsToPrune, oldestFirst, parseBackupName, sortBackups } from './backup-names.ts';

const FOLDER = 'upwork-researcher-backups';

const folder = async () => (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create: true });

/** The few things a backup write needs of a folder: so the retry when space runs out is tested in Node. */
export interface BackupFolder {
  names(): Promise<string[]>;
  /** Writes the whole file or nothing (throws, QuotaExceededError when there is no room). */
  write(name: string, bytes: Uint8Array): Promise<void>;
  remove(name: string): Promise<void>;
}

function opfsFolder(dir: FileSystemDirectoryHandle): BackupFolder {
  return {
    async names() {
      const found: string[] = [];
      for await (const key of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) found.push(key);
      return found;
    },
    async write(name, bytes) {
      const file = await dir.getFileHandle(name, { create: true });
      try {
        const out = await file.createWritable();
        try {
          await out.write(bytes as Uint8Array<ArrayBuffer>);
          await out.close();
        } catch (e) {
          await out.abort().catch(() => {});
          throw e;
        }
      } catch (e) {
        await dir.removeEntry(name).catch(() => {});
        throw e;
      }
    },
    remove: (name) => dir.removeEntry(name),
  };
}

const isQuotaError = (e: unknown) => (e as Error)?.name === 'QuotaExceededError' || /quota|no space|disk is full/i.test(String((e as Error)?.message));

/**
 * Writes the backup; when it does not fit, deletes the oldest backups one by one (any kind) and
 * tries again, before giving up. Then keeps the newest few of each kind, and always this one.
 */
export async function writeBackupIn(folder: BackupFolder, bytes: Uint8Array, fromVersion: number | null, kind: BackupKind, at = new Date()): Promise<string> {
  const taken = new Set(await folder.names());
  let name = backupName(kind, fromVersion, at);
  for (let n = 2; taken.has(name); n++) name = backupName(kind, fromVersion, at, n); // two in one second
  for (;;) {
    try {
      await folder.write(name, bytes);
      break;
    } catch (e) {
      const oldest = oldestFirst(await folder.names()).filter((n) => n !== name)[0];
      if (!isQuotaError(e) || !oldest) throw e;
      await folder.remove(oldest);
    }
  }
  for (const old of backupsToPrune(await folder.names(), name)) await folder.remove(old).catch(() => {});
  return name;
}

export const writeBackup = async (bytes: Uint8Array, fromVersion: number | null, kind: BackupKind): Promise<string> =>
  writeBackupIn(opfsFolder(await folder()), bytes, fromVersion, kind);

export async function listBackups(): Promise<BackupInfo[]> {
  const dir = await folder();
  const found: BackupInfo[] = [];
  for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
    const parsed = parseBackupName(name);
    if (parsed && handle.kind === 'file') found.push({ ...parsed, size: (await (handle as FileSystemFileHandle).getFile()).size });
  }
  return sortBackups(found);
}

const checkedName = (name: string) => {
  if (!parseBackupName(name)) throw new Error(`${name} is not a backup name`);
  return name;
};

export async function readBackup(name: string): Promise<Uint8Array> {
  const file = await (await (await folder()).getFileHandle(checkedName(name))).getFile();
  return new Uint8Array(await file.arrayBuffer());
}

export async function deleteBackup(name: string): Promise<void> {
  await (await folder()).removeEntry(checkedName(name));
}
