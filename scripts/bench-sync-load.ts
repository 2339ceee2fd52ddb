// The sync server under load (`npm run bench`, run by bench-sync.mjs): DEVICES simulated devices,
// each an automerge-repo Repo with the app's WebSocket client (no database: the server's figures
// are what is measured), join one space on the running server at SYNC_URL, then each makes CHANGES
// changes at once (its own ten proposals, written and rewritten). Waits until every device holds
// every proposal at the same heads. Prints JSON: the time to converge, the server's CPU time and
// memory (from /proc, SYNC_SERVER_PID), this process's CPU time, and how many answers were dropped
// on closing connections (src/sync/send-while-open.ts).
import { readFileSync } from 'node:fs';
import { NodeClientAdapter, nodeSyncClient, untilServerHas } from './sync-node-client.ts';

const SERVER = process.env.SYNC_URL ?? '';
const PID = Number(process.env.SYNC_SERVER_PID);
if (!SERVER || !PID) throw new Error('SYNC_URL and SYNC_SERVER_PID: the address and process of a running sync server');
const DEVICES = Number(process.env.BENCH_SYNC_DEVICES ?? 50);
const CHANGES = Number(process.env.BENCH_SYNC_CHANGES ?? 100);
const LIMIT_MS = Number(process.env.BENCH_SYNC_LIMIT_MS ?? 600_000);

/** The server process's CPU time (user + system, ms) and memory (resident now and at most, MB). */
function serverUsage() {
  const stat = readFileSync(`/proc/${PID}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]); // utime, stime (fields 14, 15)
  const status = readFileSync(`/proc/${PID}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { cpuMs: ticks * 10, rssMB: kb('VmRSS') / 1024, peakMB: kb('VmHWM') / 1024 };
}

const sortedHeads = (heads: readonly string[]) => JSON.stringify([...heads].sort());

interface Doc { proposals: Record<string, { text: string }> }

const { space, token } = (await (await fetch(`${SERVER}/spaces`, { method: 'POST' })).json()) as { space: string; token: string };
const url = `${SERVER.replace('http', 'ws')}/sync/${space}?token=${token}`;
const before = serverUsage();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const first = nodeSyncClient(url);
const root = first.create<Doc>({ proposals: {} });
await untilServerHas(first, root);
const devices = [first];
for (let i = 1; i < DEVICES; i++) devices.push(nodeSyncClient(url));
const handles = [root, ...await Promise.all(devices.slice(1).map((d) => d.find<Doc>(root.url)))];
const joinedMs = performance.now() - t0;
await Promise.all(handles.map(async (h, i) => {
  for (let k = 0; k < CHANGES; k++) {
    h.change((d) => { d.proposals[`d${i}-${k % 10}`] = { text: `change ${k} from device ${i}` }; });
    if (k % 10 === 9) await new Promise((r) => setTimeout(r, 5));
  }
}));
const changedMs = performance.now() - t0;
const want = DEVICES * Math.min(10, CHANGES);
const converged = () => {
  const heads = sortedHeads(handles[0].heads());
  return handles.every((h) => Object.keys(h.doc().proposals).length === want && sortedHeads(h.heads()) === heads);
};
let peakMB = before.peakMB;
while (!converged() && performance.now() - t0 < LIMIT_MS) {
  peakMB = Math.max(peakMB, serverUsage().rssMB);
  await new Promise((r) => setTimeout(r, 50));
}
const convergeMs = performance.now() - t0;
const after = serverUsage();
const cpu = process.cpuUsage(cpu0);
const dropped = devices.reduce((n, d) => n + d.networkSubsystem.adapters.reduce((m, a) => m + (a instanceof NodeClientAdapter ? a.dropped : 0), 0), 0);
console.log(JSON.stringify({
  devices: DEVICES, changesEach: CHANGES, converged: converged(), joinedMs, changedMs, convergeMs,
  serverCpuMs: after.cpuMs - before.cpuMs, serverRssMB: after.rssMB, serverPeakMB: Math.max(peakMB, after.peakMB),
  devicesCpuMs: (cpu.user + cpu.system) / 1000, droppedAnswers: dropped,
}));
await Promise.all(devices.map((d) => d.shutdown()));
process.exit(0);
