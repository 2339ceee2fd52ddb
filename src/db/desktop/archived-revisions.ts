// The desktop app moves a proposal's older revisions into `proposals.archived_revisions`: a BLOB
// of zlib-compressed JSON, a list of {id, proposalId, content, revisionType, restoredFromId,
// createdAt} (archive.rs; its V24 migration's comment shows it without proposalId, so it is not
// required). Inflated with the platform's DecompressionStream('deflate'), which is zlib's format,
// in browsers and in Node alike.
import { formatBytes, IMPORT_LIMITS } from '../domain/limits.ts';

export interface ArchivedRevision {
  id: number | null;
  content: string;
  revisionType: 'generation' | 'edit' | 'restore';
  restoredFromId: number | null;
  createdAt: string;
}

/** What a desktop file holds that cannot be read: `message` says what and where. */
export class DesktopFileError extends Error {
  readonly kind = 'bad-import';
  constructor(message: string) {
    super(message);
    this.name = 'DesktopFileError';
  }
}

/**
 * Inflates zlib data, refusing to go past `limit` bytes: a crafted file could hold a small BLOB
 * that inflates to more memory than the tab has.
 */
export async function inflateZlib(bytes: Uint8Array, limit = IMPORT_LIMITS.bytes): Promise<Uint8Array> {
  const reader = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      throw new Error(`it inflates to more than ${formatBytes(limit)}`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

const TYPES = ['generation', 'edit', 'restore'];
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** The revisions archived in one proposal's BLOB; refuses, naming the proposal, what it cannot read whole. */
export async function readArchivedRevisions(blob: Uint8Array, proposalId: number): Promise<ArchivedRevision[]> {
  if (blob.length === 0) return [];
  const where = `The archived revisions of the desktop's proposal ${proposalId}`;
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await inflateZlib(blob)));
  } catch (e) {
    throw new DesktopFileError(`${where} cannot be read (${e instanceof Error ? e.message : String(e)}): they are not zlib-compressed JSON as the desktop app writes them. Nothing was imported.`);
  }
  if (!Array.isArray(data)) throw new DesktopFileError(`${where} are not a list. Nothing was imported.`);
  return data.map((r: unknown, i) => {
    const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    if (typeof o.content !== 'string' || typeof o.createdAt !== 'string' || !TYPES.includes(String(o.revisionType))
      || !(o.restoredFromId === null || o.restoredFromId === undefined || isInt(o.restoredFromId))) {
      throw new DesktopFileError(`${where}: revision ${i + 1} is not one the desktop app writes (content, revisionType, restoredFromId, createdAt). Nothing was imported.`);
    }
    return {
      id: isInt(o.id) ? o.id : null,
      content: o.content,
      revisionType: o.revisionType as ArchivedRevision['revisionType'],
      restoredFromId: isInt(o.restoredFromId) ? o.restoredFromId : null,
      createdAt: o.createdAt,
    };
  });
}
