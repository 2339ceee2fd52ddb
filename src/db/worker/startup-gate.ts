/**
 * Holds every call until start-up ends: then each proceeds with the session, or fails with
 * start-up's own error. While blocked (no storage, until the user chooses memory) calls fail at
 * once instead of waiting for something that may never come.
 */
export class StartupGate<T> {
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;
  #ready = new Promise<T>((resolve, reject) => { this.#resolve = resolve; this.#reject = reject; });
  #blocked: (() => Error) | null = null;

  constructor() {
    this.#ready.catch(() => {}); // the failure is delivered to callers of wait(), not as unhandled
  }

  wait(): Promise<T> {
    return this.#blocked ? Promise.reject(this.#blocked()) : this.#ready;
  }

  open(value: T): void {
    this.#blocked = null;
    this.#resolve(value);
  }

  fail(error: unknown): void {
    this.#blocked = null;
    this.#reject(error);
  }

  block(error: () => Error): void {
    this.#blocked = error;
  }
}
