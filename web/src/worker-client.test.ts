import { describe, expect, it, vi } from "vitest";
import type { Reply, ToWorker } from "./protocol";
import { type Port, WorkerClient, WorkerError, concat } from "./worker-client";

/** A worker stand-in: records what the client posts, replies on demand. */
class FakePort implements Port {
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<Reply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminate(): void {
    this.terminated = true;
  }
  postMessage(m: ToWorker): void {
    this.sent.push(m);
  }
  reply(m: Reply): void {
    this.onmessage?.({ data: m } as MessageEvent<Reply>);
  }
}

const stats = { bytesRead: 10, reads: 1, hits: 0, size: 100 };

describe("WorkerClient", () => {
  it("resolves ready and numbers requests", async () => {
    const port = new FakePort();
    const c = new WorkerClient(port);
    port.reply({ type: "ready" });
    await c.ready;
    const p = c.call({ op: "list", image: 1, node: 0 });
    expect(port.sent).toEqual([{ op: "list", image: 1, node: 0, id: 1 }]);
    port.reply({ type: "result", id: 1, result: { node: 0, entries: [] }, stats });
    expect(await p).toEqual({ node: 0, entries: [] });
  });

  it("resolves warm only when the engine says it warmed up", async () => {
    const port = new FakePort();
    const c = new WorkerClient(port);
    let warm = false;
    void c.warm.then(() => (warm = true));
    port.reply({ type: "ready" });
    await c.ready;
    expect(warm).toBe(false);
    port.reply({ type: "warm" });
    await c.warm;
    expect(warm).toBe(true);
  });

  it("routes progress and chunks to their request, and reports stats", async () => {
    const port = new FakePort();
    const c = new WorkerClient(port);
    const seen: number[][] = [];
    let read = 0;
    c.onStats = (s) => (read = s.bytesRead);
    const p = c.read(1, 5, 0, 6);
    port.reply({ type: "progress", id: 1, done: 3, total: 6 });
    port.reply({ type: "chunk", id: 1, data: new Uint8Array([1, 2, 3]) });
    port.reply({ type: "chunk", id: 2, data: new Uint8Array([9]) }); // someone else's
    port.reply({ type: "chunk", id: 1, data: new Uint8Array([4, 5, 6]) });
    port.reply({ type: "result", id: 1, result: { name: "f", stream: "", size: 6, offset: 0, length: 6 }, stats });
    const r = await p;
    expect([...r.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(read).toBe(10);
    const q = c.call({ op: "verify" }, { onProgress: (d, t) => seen.push([d, t]) });
    port.reply({ type: "progress", id: 2, done: 1, total: 2 });
    port.reply({ type: "result", id: 2, result: { ok: true }, stats });
    await q;
    expect(seen).toEqual([[1, 2]]);
  });

  it("gathers a download into a Blob", async () => {
    const port = new FakePort();
    const c = new WorkerClient(port);
    const p = c.download(1, 3, "ads");
    expect(port.sent[0]).toMatchObject({ op: "download", node: 3, stream: "ads" });
    port.reply({ type: "chunk", id: 1, data: new TextEncoder().encode("hello ") });
    port.reply({ type: "chunk", id: 1, data: new TextEncoder().encode("world") });
    port.reply({ type: "result", id: 1, result: { name: "f", stream: "ads", size: 11, offset: 0, length: 11 }, stats });
    const { result, blob } = await p;
    expect(result.length).toBe(11);
    expect(await blob.text()).toBe("hello world");
  });

  it("credits a download's chunks back once the browser holds them", async () => {
    const port = new FakePort();
    const c = new WorkerClient(port);
    const p = c.download(1, 3);
    const big = 40 << 20;
    for (const fill of [1, 2]) port.reply({ type: "chunk", id: 1, data: new Uint8Array(big).fill(fill) });
    await vi.waitFor(() => expect(port.sent).toContainEqual({ op: "credit", target: 1, bytes: 2 * big }));
    port.reply({ type: "result", id: 1, result: { name: "f", stream: "", size: 2 * big, offset: 0, length: 2 * big }, stats });
    const { blob } = await p;
    expect(blob.size).toBe(2 * big);
    expect(new Uint8Array(await blob.slice(big, big + 1).arrayBuffer())[0]).toBe(2);
  });

  it("rejects with the worker's error and what it could still tell", async () => {
    const port = new FakePort();
    const c = new WorkerClient(port);
    const p = c.open([]);
    port.reply({ type: "error", id: 1, error: { kind: "encrypted", message: "encrypted ESD" }, result: { archive: { guid: "ab" } }, stats });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerError);
    expect((err as WorkerError).info.kind).toBe("encrypted");
    expect((err as WorkerError).partial).toEqual({ archive: { guid: "ab" } });
  });

  it("sends a cancel for an aborted request", async () => {
    const port = new FakePort();
    const c = new WorkerClient(port);
    const abort = new AbortController();
    const p = c.call({ op: "verify" }, { signal: abort.signal });
    abort.abort();
    expect(port.sent[1]).toEqual({ id: 2, op: "cancel", target: 1 });
    port.reply({ type: "error", id: 1, error: { kind: "cancelled", message: "context canceled" }, stats });
    await expect(p).rejects.toThrow("context canceled");
    const already = new AbortController();
    already.abort();
    void c.call({ op: "search", image: 1, query: "x" }, { signal: already.signal }).catch(() => {});
    await Promise.resolve();
    expect(port.sent.at(-1)).toEqual({ id: 4, op: "cancel", target: 3 });
  });

  it("fails everything pending, and what comes after, when the engine dies", async () => {
    const port = new FakePort();
    const c = new WorkerClient(port);
    const p = c.call({ op: "verify" });
    port.reply({ type: "fatal", message: "the engine ran out of memory" });
    await expect(p).rejects.toThrow("The engine ran out of memory.");
    await expect(p).rejects.toMatchObject({ info: { kind: "engine" } });
    await expect(c.ready).rejects.toThrow(/out of memory/);
    await expect(c.call({ op: "verify" })).rejects.toThrow(/out of memory/);
  });

  it("started from a factory, replaces an engine that dies, once, and tells", async () => {
    const ports: FakePort[] = [];
    const c = new WorkerClient(() => {
      const p = new FakePort();
      ports.push(p);
      return p;
    });
    const lost: string[] = [];
    c.onLost = (e) => lost.push(e.info.message);
    ports[0].reply({ type: "ready" });
    const p = c.open([]);
    ports[0].reply({ type: "fatal", message: "the engine hit a bug (panic: x)" });
    ports[0].onerror?.({ message: "late", preventDefault() {} } as ErrorEvent); // the dead one says no more
    await expect(p).rejects.toMatchObject({ info: { kind: "engine", message: "The engine hit a bug (panic: x)." } });
    expect(lost).toEqual(["The engine hit a bug (panic: x)."]);
    expect(ports).toHaveLength(2);
    expect(ports[0].terminated).toBe(true);
    // The next request goes to the fresh engine and is answered there.
    const q = c.call({ op: "list", image: 1, node: 0 });
    expect(ports[1].sent).toEqual([{ op: "list", image: 1, node: 0, id: 2 }]);
    ports[1].reply({ type: "result", id: 2, result: { node: 0, entries: [] }, stats });
    expect(await q).toEqual({ node: 0, entries: [] });
  });

  it("starts no new engine until asked when one dies before it loads", async () => {
    let started = 0;
    const ports: FakePort[] = [];
    const c = new WorkerClient(() => {
      started++;
      const p = new FakePort();
      ports.push(p);
      return p;
    });
    ports[0].onerror?.({ message: "", preventDefault() {} } as ErrorEvent);
    await expect(c.ready).rejects.toThrow("Its script could not start.");
    expect(started).toBe(1);
    void c.call({ op: "verify" });
    expect(started).toBe(2);
    expect(ports[1].sent).toHaveLength(1);
  });
});

describe("concat", () => {
  it("joins chunks", () => {
    expect([...concat([new Uint8Array([1]), new Uint8Array(), new Uint8Array([2, 3])])]).toEqual([1, 2, 3]);
  });
});
