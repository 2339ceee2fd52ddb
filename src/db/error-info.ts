import type { ErrorInfo, ErrorKind } from './api.ts';

/** An error as plain data: name, message and every field of a typed error (version, line…). */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const fields = typeof (e as { toJSON?: unknown }).toJSON === 'function'
    ? (e as unknown as { toJSON(): Record<string, unknown> }).toJSON()
    : { ...e };
  return { ...fields, name: e.name, message: e.message, kind: (e as { kind?: ErrorKind }).kind };
}
