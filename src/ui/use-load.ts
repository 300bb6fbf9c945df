import { useCallback, useEffect, useState } from 'preact/hooks';

/**
 * What a screen shows: loaded when it mounts and again on `refresh()` (after each action). A
 * failed load keeps the last data and sets `error`, which the screen's notice shows; the next
 * successful load clears it. `deps` are what `load` reads, as for useCallback.
 */
export const useLoad = <T>(load: () => Promise<T>, deps: readonly unknown[]) => {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const refresh = useCallback(async () => {
    try {
      setData(await load());
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, deps);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { data, error, refresh };
};
