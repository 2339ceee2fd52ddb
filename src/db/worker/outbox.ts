// What this tab asked of an owner in another tab and has not had answered. A call waits here
// until an owner answers it, and is sent again, with the same id, whenever a new owner announces
// itself (the owner applies a write id once: executor.ts). Nothing is lost as owners come and go.
import type { ErrorInfo } from '../api.ts';
import type { Channel, Peer, Request, Response } from './protocol.ts';

interface Pending {
  request: Request;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** The owner term it was last sent to (null: not sent yet). */
  sentTo: string | null;
  timer: ReturnType<typeof setTimeout>;
}

export interface Outbox {
  /** Sends a call to the owner of `term` (or keeps it until there is one); resolves with its answer. */
  send(id: string, method: string, args: unknown[], term: string | null): Promise<unknown>;
  /** A new owner: everything not yet sent to it goes to it. */
  resendTo(term: string): void;
  /** Takes every waiting call out (the owner is this tab now, or it must not go on). */
  takeAll(): { id: string; method: string; args: unknown[]; resolve(value: unknown): void; reject(error: unknown): void }[];
}

/** An error that crossed a channel as plain data, as an Error again with its fields. */
const errorFrom = (info: ErrorInfo) => Object.assign(new Error(info.message), info);

export function createOutbox({ from, requests, inbox, timeoutMs }: { from: Peer; requests: Channel; inbox: Channel; timeoutMs: number }): Outbox {
  const waiting = new Map<string, Pending>();
  const post = (p: Pending, term: string) => {
    p.sentTo = term;
    requests.postMessage(p.request);
  };

  inbox.onmessage = (e) => {
    const r = e.data as Response;
    const p = waiting.get(r.id);
    if (r.type !== 'response' || !p) return;
    waiting.delete(r.id);
    clearTimeout(p.timer);
    if (r.ok) p.resolve(r.value);
    else p.reject(errorFrom(r.error));
  };

  return {
    send(id, method, args, term) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`No tab of this app could open the database within ${Math.round(timeoutMs / 1000)} seconds, so "${method}" was not confirmed. Reload the app; nothing that was saved before is lost.`));
        }, timeoutMs);
        const p: Pending = { request: { type: 'request', id, from, method, args }, resolve, reject, sentTo: null, timer };
        waiting.set(id, p);
        if (term) post(p, term);
      });
    },
    resendTo(term) {
      for (const p of waiting.values()) if (p.sentTo !== term) post(p, term);
    },
    takeAll() {
      const taken = [...waiting].map(([id, p]) => {
        clearTimeout(p.timer);
        return { id, method: p.request.method, args: p.request.args, resolve: p.resolve, reject: p.reject };
      });
      waiting.clear();
      return taken;
    },
  };
}
