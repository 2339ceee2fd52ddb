// The announce channel, which every tab hears: a worker says hello when it starts, the owner says
// who it is and its state (on every change, and to every hello), and what each write changed.
// Builds are compared here: a newer build anywhere stops this one; an owner of an older build is
// told this build exists, so that it hands over.
import type { DataChange, StartupState } from '../api.ts';
import { compareBuilds, type Announce, type Channel, type Peer } from './protocol.ts';

export interface Announcements {
  hello(): void;
  owner(term: string, state: StartupState): void;
  changed(term: string, change: DataChange): void;
}

export interface Heard {
  /** A tab of a newer build exists: this one must stop. */
  newerBuild(): void;
  /** A worker of this build started: the owner tells it its state. */
  hello(): void;
  /** The owner of this build, and its state. */
  owner(term: string, state: StartupState): void;
  changed(change: DataChange): void;
}

export function announcements(channel: Channel, self: Peer, heard: Heard): Announcements {
  const post = (message: Announce) => channel.postMessage(message);
  const said: Announcements = {
    hello: () => post({ type: 'hello', from: self }),
    owner: (term, state) => post({ type: 'owner', from: self, owner: term, state }),
    changed: (term, change) => post({ type: 'changed', owner: term, change }),
  };
  channel.onmessage = (e) => {
    const m = e.data as Announce;
    if (m.type === 'changed') return heard.changed(m.change);
    const order = compareBuilds(m.from, self);
    if (order > 0) return heard.newerBuild();
    if (m.type === 'hello') return heard.hello();
    // An older owner hands over once it hears that this build exists.
    if (order < 0) return said.hello();
    heard.owner(m.owner, m.state);
  };
  return said;
}
