// Verify on every core. Go on js/wasm has one thread, so the page verifies
// with several engines: the one it browses with and helpers, each a worker
// of its own (worker.ts) that opens the same Files. The archive is cut in
// shards (bulk.VerifyShards); the engines claim them from one counter on a
// SharedArrayBuffer, so a faster engine, or one that started sooner, takes
// more, and the browsing engine joins every shard's report into the one a
// lone verify makes (wasm/api/shards.go). A SharedArrayBuffer needs the
// page to be cross-origin isolated (COOP and COEP headers); without, each
// engine takes every n-th shard, counting on its own.
import type { ShardClaim, Verify } from "./protocol";
import { type CallOptions, WorkerClient, WorkerError } from "./worker-client";

/** Each engine has a heap of its own (128 MiB at start, up to some
 * 400 MiB verifying) and an archive is cut in at most 16 shards: past 8
 * engines, more add memory, not speed. */
export const MAX_ENGINES = 8;

/** How many engines verify: one per core, up to MAX_ENGINES, and no more
 * than two per GiB of the device's memory where the browser says it
 * (navigator.deviceMemory, Chromium's). */
export function engineCount(
  cores = globalThis.navigator?.hardwareConcurrency,
  memoryGiB = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory,
): number {
  const byMemory = memoryGiB ? Math.floor(2 * memoryGiB) : MAX_ENGINES;
  return Math.max(1, Math.min(Math.floor(cores || 1), MAX_ENGINES, byMemory));
}

/** A helper engine: its client (which fails its requests when the
 * engine dies), and a way to end it at once. */
export interface Helper {
  client: WorkerClient;
  terminate(): void;
}

/** Starts a helper engine in a worker of its own. */
export function startHelper(name: string): Helper {
  const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name });
  return { client: new WorkerClient(worker), terminate: () => worker.terminate() };
}

/** A helper's death is not the browsing engine's: the file stays open. */
function helperError(err: unknown): unknown {
  if (!(err instanceof WorkerError) || err.info.kind !== "engine") return err;
  return new WorkerError({ kind: "error", message: `A verify engine stopped: ${err.info.message}` });
}

export interface VerifyOptions extends Pick<CallOptions, "onProgress" | "signal"> {
  /** Told how many engines verify, and whether they share one counter. */
  onEngines?: (engines: number, shared: boolean) => void;
}

export class VerifyPool {
  private files: File[] = [];

  constructor(
    private main: WorkerClient,
    private engines = engineCount(),
    private start: (name: string) => Helper = startHelper,
  ) {}

  /** The files the browsing engine opened, which helpers open too. */
  setFiles(files: File[]): void {
    this.files = files;
  }

  /** Verifies the open archive on every engine. The first failure or a
   * cancel stops them all; helpers end with the run. */
  async verify(opts: VerifyOptions = {}): Promise<Verify> {
    const n = this.files.length ? this.engines : 1;
    const shared = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === "function";
    opts.onEngines?.(n, shared && n > 1);
    if (n <= 1) return this.main.call({ op: "verify" }, opts);
    const counter = shared ? new Int32Array(new SharedArrayBuffer(4)) : null;
    const claim = (i: number): ShardClaim => (counter ? { counter, step: 1 } : { counter: new Int32Array([i]), step: n });
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    if (opts.signal?.aborted) stop.abort();
    const stopped = new Promise<never>((_, reject) =>
      stop.signal.addEventListener("abort", () => reject(new WorkerError({ kind: "cancelled", message: "cancelled" })), { once: true }),
    );
    stopped.catch(() => {});
    // Progress is every engine's work summed: each counts its own out of
    // the whole archive's.
    const done = new Array<number>(n).fill(0);
    const progress = (i: number) => (d: number, total: number) => {
      done[i] = d;
      opts.onProgress?.(
        done.reduce((a, b) => a + b, 0),
        total,
      );
    };
    const helpers: Helper[] = [];
    try {
      for (let i = 1; i < n; i++) helpers.push(this.start(`wimlens-verify-${i}`));
      const runs = [
        this.main.call({ op: "verifyShards", shards: claim(0) }, { signal: stop.signal, onProgress: progress(0) }),
        ...helpers.map((h, i) =>
          Promise.race([
            stopped,
            h.client.call({ op: "verifyShards", files: this.files, shards: claim(i + 1) }, { onProgress: progress(i + 1) }).catch((err: unknown) => {
              throw helperError(err);
            }),
          ]),
        ),
      ];
      const reports = await Promise.all(
        runs.map((r) =>
          r.catch((err: unknown) => {
            stop.abort();
            throw err;
          }),
        ),
      );
      for (const h of helpers.splice(0)) h.terminate();
      return await this.main.call({ op: "verify", reports: { n: reports[0].n, shards: reports.flatMap((r) => r.shards) } }, { signal: opts.signal });
    } finally {
      for (const h of helpers) h.terminate();
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }
}
