/**
 * A value loaded from the API, held in `$state` so a view can read `data`, `error` and `loading`
 * directly in its markup (and hand them to LoadState).
 *
 * Each `load()` aborts the one before it and only the newest call may write its outcome, so a slow
 * early answer never overwrites a newer one. The previous `data` stays visible while a reload runs.
 */
export class Resource<T> {
  data = $state<T | undefined>(undefined);
  error = $state<Error | null>(null);
  loading = $state(false);

  #loader: (signal: AbortSignal) => Promise<T>;
  #controller: AbortController | null = null;
  #generation = 0;

  constructor(loader: (signal: AbortSignal) => Promise<T>) {
    this.#loader = loader;
  }

  /** Loads (or reloads); resolves when this call's outcome is recorded or superseded, never rejects. */
  load = async (): Promise<void> => {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const generation = ++this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const value = await this.#loader(controller.signal);
      if (generation !== this.#generation) return;
      this.data = value;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = error instanceof Error ? error : new Error(String(error));
    } finally {
      if (generation === this.#generation) {
        this.loading = false;
        this.#controller = null;
      }
    }
  };

  /** Stops the call in flight (a view being left); its outcome is ignored. */
  abort = (): void => {
    this.#generation++;
    this.#controller?.abort();
    this.#controller = null;
    this.loading = false;
  };
}

/** `resource((signal) => api.get('/api/assignments/{id}', { params: { path: { id } }, signal }))`, loading at once unless `lazy`. */
export function resource<T>(loader: (signal: AbortSignal) => Promise<T>, options: { lazy?: boolean } = {}): Resource<T> {
  const created = new Resource(loader);
  if (!options.lazy) void created.load();
  return created;
}
