/// <reference lib="webworker" />
// The dedicated worker: loads the Go engine (wasm/) and carries messages
// between it and the page. Everything slow — reading the File, parsing,
// decompressing, hashing — happens here, never on the page's thread.
import type { Reply, Request, ToWorker } from "./protocol";

declare const self: DedicatedWorkerGlobalScope;

// The functions wasm/jsbridge calls and defines; the names are the contract.
interface Bridge {
  wimlensReady: () => void;
  wimlensWarm: () => void;
  wimlensReply: (id: number, json: string) => void;
  wimlensProgress: (id: number, done: number, total: number) => void;
  wimlensChunk: (id: number, data: Uint8Array) => Promise<void> | undefined;
  wimlensHandle?: (json: string, files: File[]) => void;
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
  const env = JSON.parse(json);
  post(env.error ? { type: "error", id, ...env } : { type: "result", id, ...env });
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
  post({ type: "chunk", id, data }, [data.buffer]);
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

// Requests that arrive while the engine loads wait here.
const waiting: Request[] = [];

function dispatch(req: Request): void {
  const { files, ...rest } = req as Request & { files?: File[] };
  bridge.wimlensHandle!(JSON.stringify(rest), files ?? []);
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.op === "credit") return credit(m.target, m.bytes);
  // A cancelled download waiting for credit goes on, to see its cancel.
  if (m.op === "cancel") credit(m.target, Infinity);
  if (bridge.wimlensHandle) dispatch(m);
  else waiting.push(m);
};

async function start(): Promise<void> {
  // The engine lies in wasm/ beside the app's assets/ (and beside src/ in
  // development), so it is found from this script's own address.
  const base = new URL("../wasm/", self.location.href);
  await import(/* @vite-ignore */ new URL("wasm_exec.js", base).href);
  const go = new bridge.Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch(new URL("wimlens.wasm", base)), go.importObject);
  // Shared so the engine can hand WebCrypto views of its memory, not copies.
  bridge.wimlensMemory = instance.exports.mem as WebAssembly.Memory;
  bridge.wimlensReady = () => {
    for (const req of waiting.splice(0)) dispatch(req);
    post({ type: "ready" });
  };
  await go.run(instance);
  post({ type: "fatal", message: "the engine stopped" });
}

start().catch((err: unknown) => post({ type: "fatal", message: String(err) }));
