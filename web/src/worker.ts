/// <reference lib="webworker" />
// The dedicated worker: loads the Go engine (wasm/) and carries messages
// between it and the page. Everything slow — reading the File, parsing,
// decompressing, hashing — happens here, never on the page's thread.
import { describeDeath } from "./errors";
import type { Envelope, ReadAnswer, ReadAsk, Reply, Request, ShardClaim, ToWorker } from "./protocol";

declare const self: DedicatedWorkerGlobalScope;

// The functions wasm/jsbridge calls and defines; the names are the contract.
interface Bridge {
  wimlensReady: () => void;
  wimlensWarm: () => void;
  wimlensReply: (id: number, json: string) => void;
  wimlensProgress: (id: number, done: number, total: number) => void;
  wimlensRead: (file: Blob, start: number, end: number) => Promise<Uint8Array>;
  wimlensReadDone: (data: Uint8Array) => void;
  wimlensBuffer: (bytes: number) => Uint8Array;
  wimlensChunk: (id: number, data: Uint8Array) => Promise<void> | undefined;
  wimlensHandle?: (json: string, files: File[], claim?: () => number) => void;
  wimlensMemory?: WebAssembly.Memory;
  Go: new () => { importObject: WebAssembly.Imports; run(instance: WebAssembly.Instance): Promise<void> };
}
const bridge = globalThis as unknown as Bridge;

function post(m: Reply, transfer: Transferable[] = []): void {
  self.postMessage(m, transfer);
}

bridge.wimlensReply = (id, json) => {
  owed.delete(id);
  // Parsed here, not on the page, so a 150k-entry listing costs the page
  // only the structured clone.
  const { result, error, stats }: Envelope = JSON.parse(json);
  const sink = sinks.get(id);
  if (sink) {
    sinks.delete(id);
    sink.postMessage(error ? { error: error.message } : { end: true });
  }
  post(error ? { type: "error", id, error, result, stats } : { type: "result", id, result, stats });
};
bridge.wimlensWarm = () => post({ type: "warm" });
bridge.wimlensProgress = (id, done, total) => post({ type: "progress", id, done, total });
// A request's chunks in flight are bounded: past CREDIT bytes the page has
// not yet handed to the browser, the engine waits (on the promise returned
// here) for the page's credit. Made faster than the browser took them in,
// the chunks of a 1 GiB download got its save cancelled.
const CREDIT = 128 << 20;
const owed = new Map<number, { bytes: number; wake?: () => void }>();
bridge.wimlensChunk = (id, data) => {
  const sink = sinks.get(id);
  if (sink) sink.postMessage({ chunk: data }, [data.buffer]);
  else post({ type: "chunk", id, data }, [data.buffer]);
  const o = owed.get(id) ?? { bytes: 0 };
  owed.set(id, o);
  o.bytes += data.length;
  return o.bytes < CREDIT ? undefined : new Promise<void>((resolve) => (o.wake = resolve));
};

function credit(id: number, bytes: number): void {
  const o = owed.get(id);
  if (!o) return;
  o.bytes -= bytes;
  if (o.bytes < CREDIT && o.wake) {
    o.wake();
    o.wake = undefined;
  }
}

// A download the page saves through its service worker sends its chunks
// to a port of that worker's (web/public/save-sw.js), which credits the
// bytes the browser has written and says when the person cancelled.
const sinks = new Map<number, MessagePort>();

/** Buffers given back to be filled again, up to max of them. */
class Spares {
  private list: ArrayBuffer[] = [];
  constructor(private max: number) {}
  /** A buffer of at least bytes, if one is kept. */
  take(bytes: number): ArrayBuffer | undefined {
    const i = this.list.findIndex((b) => b.byteLength >= bytes);
    return i < 0 ? undefined : this.list.splice(i, 1)[0];
  }
  give(b: ArrayBuffer): void {
    if (this.list.length < this.max) this.list.push(b);
  }
}

// The buffers it gives back are filled again: fresh memory for each chunk
// cost 5 s a GiB, more than copying into it. While the engine waits for
// credit it reuses each as it comes; when a download ends they all come
// back, and 32 are kept.
const chunkBuffers = new Spares(32);
bridge.wimlensBuffer = (bytes) => new Uint8Array(chunkBuffers.take(bytes) ?? new ArrayBuffer(bytes), 0, bytes);

function attach(id: number, sink: MessagePort): void {
  sinks.set(id, sink);
  sink.onmessage = (e: MessageEvent<{ credit?: number; buffer?: ArrayBuffer; cancel?: boolean }>) => {
    if (e.data.buffer) chunkBuffers.give(e.data.buffer);
    if (e.data.credit) credit(id, e.data.credit);
    // Cancels carry negative ids, which the page never uses: their
    // answers reach it as replies to no request of its own.
    else if (e.data.cancel) onMessage({ id: -id, op: "cancel", target: id });
  };
}

// Files are read by a worker of their own (reader.ts), so reads go on while
// the engine decodes; where workers cannot start workers, here. The engine
// hands each answer's buffer back once it has copied out of it, to be
// filled again.
let reader = typeof Worker === "undefined" ? null : new Worker(new URL("./reader.ts", import.meta.url), { type: "module", name: "wimlens-reader" });
const reads = new Map<number, { ask: ReadAsk; resolve: (b: Uint8Array) => void; reject: (e: unknown) => void }>();
// The engine reads one chunk ahead: 4 buffers are plenty.
const readBuffers = new Spares(4);
let nextRead = 1;
const fileKeys = new WeakMap<Blob, number>();
const readHere = async (file: Blob, start: number, end: number) => new Uint8Array(await file.slice(start, end).arrayBuffer());
if (reader) {
  reader.onmessage = (e: MessageEvent<ReadAnswer>) => {
    const a = e.data;
    const r = reads.get(a.id);
    reads.delete(a.id);
    if (a.data) r?.resolve(new Uint8Array(a.data, 0, a.length));
    else r?.reject(new Error(a.error));
  };
  // A reader that cannot start (or dies) leaves the reads to this thread.
  reader.onerror = () => {
    reader?.terminate();
    reader = null;
    for (const { ask, resolve, reject } of reads.values()) readHere(ask.file, ask.start, ask.end).then(resolve, reject);
    reads.clear();
  };
}
bridge.wimlensRead = (file, start, end) => {
  if (!reader) return readHere(file, start, end);
  const buffer = readBuffers.take(end - start);
  let key = fileKeys.get(file);
  if (key === undefined) fileKeys.set(file, (key = nextRead));
  const ask: ReadAsk = { id: nextRead++, file, key, start, end, buffer };
  return new Promise((resolve, reject) => {
    reads.set(ask.id, { ask, resolve, reject });
    reader!.postMessage(ask, buffer ? [buffer] : []);
  });
};
bridge.wimlensReadDone = (data) => {
  if (reader) readBuffers.give(data.buffer as ArrayBuffer);
};

// Requests that arrive while the engine loads wait here.
const waiting: Request[] = [];

function dispatch(req: Request): void {
  const { files, sink, shards, ...rest } = req as Request & { files?: File[]; sink?: MessagePort; shards?: ShardClaim };
  if (sink) attach(req.id, sink);
  // A verify engine names its next shard from a counter shared by every
  // engine, or from one of its own (see verify-pool.ts).
  const claim = shards && (() => Atomics.add(shards.counter, 0, shards.step));
  bridge.wimlensHandle!(JSON.stringify(rest), files ?? [], claim);
}

function onMessage(m: ToWorker): void {
  if (m.op === "credit") return credit(m.target, m.bytes);
  // A cancelled download waiting for credit goes on, to see its cancel.
  if (m.op === "cancel") credit(m.target, Infinity);
  if (bridge.wimlensHandle) dispatch(m);
  else waiting.push(m);
}
self.onmessage = (e: MessageEvent<ToWorker>) => onMessage(e.data);

async function start(): Promise<void> {
  // The engine lies in wasm/ beside the app's assets/ (and beside src/ in
  // development), so it is found from this script's own address.
  const base = new URL("../wasm/", self.location.href);
  await import(/* @vite-ignore */ new URL("wasm_exec.js", base).href);
  keepOutput();
  const go = new bridge.Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch(new URL("wimlens.wasm", base)), go.importObject);
  // Shared so the engine can hand WebCrypto views of its memory, not copies.
  bridge.wimlensMemory = instance.exports.mem as WebAssembly.Memory;
  bridge.wimlensReady = () => {
    for (const req of waiting.splice(0)) dispatch(req);
    post({ type: "ready" });
  };
  await go.run(instance);
  die();
}

// The engine prints nothing until it dies, and then says why (the Go
// runtime's "fatal error: out of memory", a panic): the start of what it
// writes is kept to tell the page.
let output = "";
function keepOutput(): void {
  const fs = (globalThis as unknown as { fs: { writeSync(fd: number, b: Uint8Array): number } }).fs;
  const write = fs.writeSync.bind(fs);
  const text = new TextDecoder();
  fs.writeSync = (fd, b) => {
    if (output.length < 16384) output += text.decode(b);
    return write(fd, b);
  };
}

// However the engine ends — it exits, or a trap or an exception (a stack
// overflow's RangeError) unwinds out of it — the page hears it once and
// starts another: this one can answer nothing more.
let dead = false;
function die(cause?: unknown): void {
  if (dead) return;
  dead = true;
  post({ type: "fatal", message: describeDeath(output, cause) });
}
self.addEventListener("error", (e) => {
  e.preventDefault();
  die(e.error ?? e.message);
});
self.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  die(e.reason);
});

start().catch(die);
