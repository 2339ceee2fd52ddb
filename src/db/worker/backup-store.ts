// Backups as plain OPFS files in a folder of their own (never inside the sahpool folder, whose
// files the VFS owns). createWritable() swaps the file in on close(), so a failed or full write
// leaves no half backup behind.
import type { BackupInfo } from '../api.ts';
import { backupName, backupsToPrune, parseBackupName, sortBackups } from './backup-names.ts';

const FOLDER = 'upwork-researcher-backups';

const folder = async () => (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create: true });

export async function writeBackup(bytes: Uint8Array, fromVersion: number, at = new Date()): Promise<string> {
  const dir = await folder();
  const name = backupName(fromVersion, at);
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
  const names: string[] = [];
  for await (const key of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(key);
  for (const old of backupsToPrune(names)) await dir.removeEntry(old).catch(() => {});
  return name;
}

export async function listBackups(): Promise<BackupInfo[]> {
  const dir = await folder();
  const found: BackupInfo[] = [];
  for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
    const parsed = parseBackupName(name);
    if (parsed && handle.kind === 'file') found.push({ ...parsed, size: (await (handle as FileSystemFileHandle).getFile()).size });
  }
  return sortBackups(found);
}

export async function readBackup(name: string): Promise<Uint8Array> {
  if (!parseBackupName(name)) throw new Error(`${name} is not a backup name`);
  const file = await (await (await folder()).getFileHandle(name)).getFile();
  return new Uint8Array(await file.arrayBuffer());
}
