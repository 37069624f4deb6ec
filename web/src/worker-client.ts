// The page's typed client for the worker: every call is a promise, progress
// and chunks arrive through callbacks, and an AbortSignal cancels. The UI
// awaits; nothing it does waits on the worker synchronously.
import type { Call, Content, ErrorInfo, Opened, ReadStats, Reply, Request, ResultOf, ToWorker, Zipped } from "./protocol";

/** The worker as the client uses it; tests pass a fake. */
export interface Port {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<Reply>) => void) | null;
  /** A Worker's: an error its script did not handle, or a script that
   * could not load. */
  onerror?: ((e: ErrorEvent) => void) | null;
  terminate?(): void;
}

/** A failed request: the worker's error, and what it could still tell. */
export class WorkerError extends Error {
  constructor(
    readonly info: ErrorInfo,
    readonly partial?: unknown,
  ) {
    super(info.message);
    this.name = "WorkerError";
  }
}

export interface CallOptions {
  onProgress?: (done: number, total: number) => void;
  /** Called with each chunk and the id of its request. */
  onChunk?: (data: Uint8Array, id: number) => void;
  signal?: AbortSignal;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  opts: CallOptions;
}

type Op = Call["op"];

export class WorkerClient {
  /** Resolves once the engine has loaded; rejects if it cannot. */
  ready!: Promise<void>;
  /** Resolves once the engine has warmed up, unless a request came first. */
  warm!: Promise<void>;
  /** Called with the read counts after every answer. */
  onStats: ((s: ReadStats) => void) | null = null;
  /** Called once each time an engine dies, with the error every request
   * it had under way fails with: what it held (the open files) is gone. */
  onLost: ((err: WorkerError) => void) | null = null;

  private nextId = 1;
  private pending = new Map<number, Pending>();
  private fatal: Error | null = null;
  private port: Port | null = null;
  private isReady = false;
  private failed: (e: unknown) => void = () => {};
  private start: (() => Port) | null;

  /** Takes a worker, or a way to start one: then an engine that dies is
   * replaced by a fresh one, at once if it had loaded, else at the next
   * request (an engine that cannot load is not started in a loop). */
  constructor(engine: Port | (() => Port)) {
    this.start = typeof engine === "function" ? engine : null;
    this.attach(typeof engine === "function" ? engine() : engine);
  }

  private attach(port: Port): void {
    let readyResolve!: () => void;
    let warmResolve!: () => void;
    this.isReady = false;
    this.ready = new Promise((res, rej) => ((readyResolve = res), (this.failed = rej)));
    this.ready.catch(() => {}); // the loss is reported through onLost
    this.warm = new Promise((res) => (warmResolve = res));
    this.port = port;
    port.onmessage = (e) => this.receive(e.data, readyResolve, warmResolve);
    if ("onerror" in port)
      port.onerror = (e) => {
        e.preventDefault?.();
        this.lose(e.message ? `its script failed: ${e.message}` : "its script could not start");
      };
  }

  /** Ends the engine with why it died, fails what it had under way, and
   * starts another as the constructor says. */
  private lose(why: string): void {
    const port = this.port;
    if (!port) return;
    port.onmessage = null;
    if ("onerror" in port) port.onerror = null;
    port.terminate?.();
    this.port = null;
    const err = new WorkerError({ kind: "engine", message: why.charAt(0).toUpperCase() + why.slice(1) + "." });
    this.failed(err);
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    if (!this.start) this.fatal = err;
    else if (this.isReady) this.attach(this.start());
    this.onLost?.(err);
  }

  private receive(m: Reply, ready: () => void, warm: () => void): void {
    switch (m.type) {
      case "ready":
        this.isReady = true;
        ready();
        return;
      case "warm":
        warm();
        return;
      case "fatal":
        this.lose(m.message);
        return;
    }
    const p = this.pending.get(m.id);
    if (!p) return; // a late message for a request already settled
    switch (m.type) {
      case "progress":
        p.opts.onProgress?.(m.done, m.total);
        return;
      case "chunk":
        p.opts.onChunk?.(m.data, m.id);
        return;
    }
    this.pending.delete(m.id);
    this.onStats?.(m.stats);
    if (m.type === "result") p.resolve(m.result);
    else p.reject(new WorkerError(m.error, m.result));
  }

  private send<T>(req: Request, opts: CallOptions): Promise<T> {
    if (this.fatal) return Promise.reject(this.fatal);
    if (!this.port && this.start) this.attach(this.start());
    const port = this.port!;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(req.id, { resolve: resolve as (v: unknown) => void, reject, opts });
      const { signal } = opts;
      if (signal) {
        const cancel = () => this.port === port && port.postMessage({ id: this.nextId++, op: "cancel", target: req.id });
        if (signal.aborted) queueMicrotask(cancel);
        else signal.addEventListener("abort", cancel, { once: true });
      }
      const sink = "sink" in req ? req.sink : undefined;
      port.postMessage(req, sink ? [sink] : []);
    });
  }

  /** Opens a WIM, or the parts of a split WIM; replaces what was open. */
  open(files: File[]): Promise<Opened> {
    return this.send<Opened>({ id: this.nextId++, op: "open", files }, {});
  }

  /** Opens a second WIM to compare the first with; the first stays open. */
  openSecond(files: File[]): Promise<Opened> {
    return this.send<Opened>({ id: this.nextId++, op: "openSecond", files }, {});
  }

  call<K extends Op>(call: Extract<Call, { op: K }>, opts: CallOptions = {}): Promise<ResultOf[K]> {
    return this.send<ResultOf[K]>({ ...call, id: this.nextId++ } as Request, opts);
  }

  /** Reads a range of a stream into memory, for previews. */
  async read(
    image: number,
    node: number,
    offset: number,
    length: number,
    stream = "",
    opts: CallOptions = {},
  ): Promise<{ content: Content; data: Uint8Array }> {
    const parts: Uint8Array[] = [];
    const content = await this.call({ op: "read", image, node, stream, offset, length }, { ...opts, onChunk: (d) => parts.push(d) });
    return { content, data: concat(parts) };
  }

  /** Downloads a whole stream as a Blob, gathered chunk by chunk; second
   * reads from the file openSecond opened. */
  download(image: number, node: number, stream = "", opts: CallOptions = {}, second = false): Promise<Gathered<Content>> {
    return this.gather({ op: "download", image, node, stream, second }, "application/octet-stream", opts);
  }

  /** Downloads a whole stream into sink, a port of the service worker that
   * saves it to disk as it comes (web/public/save-sw.js). */
  downloadTo(sink: MessagePort, image: number, node: number, stream = "", opts: CallOptions = {}, second = false): Promise<Content> {
    return this.call({ op: "download", image, node, stream, second, sink }, opts);
  }

  /** Zips a folder (or the whole image, node 0) as a Blob. */
  zip(image: number, node: number, opts: CallOptions = {}): Promise<Gathered<Zipped>> {
    return this.gather({ op: "zip", image, node }, "application/zip", opts);
  }

  // The page keeps chunks as Blob parts, which the browser may hold outside
  // the JS heap (the worker never holds more than one chunk). Chunks are
  // joined GATHER_BYTES at a time: a Blob of a thousand 1 MiB Blobs made
  // Chromium cancel the download of a 1 GiB file, one of sixteen did not.
  private async gather<K extends "download" | "zip">(
    call: Extract<Call, { op: K }>,
    type: string,
    opts: CallOptions,
  ): Promise<Gathered<ResultOf[K]>> {
    const parts: Blob[] = [];
    let pending: Uint8Array<ArrayBuffer>[] = [];
    let pendingBytes = 0;
    // Each part's bytes are credited back to the worker once the browser
    // has built the part: reading from a Blob waits for that.
    const flush = (id?: number) => {
      if (!pending.length) return;
      const part = new Blob(pending);
      parts.push(part);
      if (id !== undefined) {
        const bytes = pendingBytes;
        void part
          .slice(0, 1)
          .arrayBuffer()
          .finally(() => this.port?.postMessage({ op: "credit", target: id, bytes }));
      }
      pending = [];
      pendingBytes = 0;
    };
    const result = await this.call<K>(call, {
      ...opts,
      onChunk: (d, id) => {
        pending.push(d as Uint8Array<ArrayBuffer>);
        if ((pendingBytes += d.length) >= GATHER_BYTES) flush(id);
      },
    });
    flush();
    return { result, blob: new Blob(parts, { type }) };
  }
}

/** How many bytes of chunks the page joins into one Blob part. */
const GATHER_BYTES = 64 << 20;

/** A download's answer and its bytes. */
export interface Gathered<T> {
  result: T;
  blob: Blob;
}

/** Joins chunks into one array. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
