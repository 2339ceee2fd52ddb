import { useCallback, useEffect, useState } from 'preact/hooks';

export type Async<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'error'; error: Error };

/** Runs `load` on mount and whenever `reload` is called; keeps the last value while reloading. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[] = []): [Async<T>, () => void] {
  const [state, setState] = useState<Async<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setState({ status: 'done', value }),
      (error: Error) => live && setState({ status: 'error', error }),
    );
    return () => { live = false; };
  }, [tick, ...deps]);
  return [state, useCallback(() => setTick((t) => t + 1), [])];
}
