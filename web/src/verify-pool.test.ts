import { afterEach, describe, expect, it, vi } from "vitest";
import type { Reply, ShardClaim, ShardReports, ToWorker } from "./protocol";
import { MAX_ENGINES, VerifyPool, engineCount, type Helper } from "./verify-pool";
import { type Port, WorkerClient } from "./worker-client";

const SHARDS = 7;
const stats = { bytesRead: 0, reads: 0, hits: 0, size: 0 };

/** An engine stand-in: verifyShards claims from the counter it is given
 * until it names no shard, a shard a turn of the event loop, as the Go
 * engine would; verify joins reports by listing their shards. */
class FakeEngine implements Port {
  sent: ToWorker[] = [];
  claimed: number[] = [];
  onmessage: ((e: MessageEvent<Reply>) => void) | null = null;
  private cancelled = new Set<number>();
  constructor(private hang = false) {}
  postMessage(m: ToWorker): void {
    this.sent.push(m);
    if (!("id" in m)) return;
    const id = m.id;
    if (m.op === "cancel") {
      this.cancelled.add(m.target);
      this.reply({ type: "error", id: m.target, error: { kind: "cancelled", message: "cancelled" }, stats });
    } else if (m.op === "verifyShards") {
      if (!this.hang) void this.work(id, m.shards);
    } else if (m.op === "verify") {
      const shards = m.reports?.shards.map((s) => s.shard) ?? [];
      this.reply({ type: "result", id, result: { ok: true, blobs: shards.length, bytes: 0, integrity: "absent", faults: [], shards }, stats });
    }
  }
  private async work(id: number, c: ShardClaim): Promise<void> {
    const out: ShardReports = { n: SHARDS, shards: [] };
    for (let k = Atomics.add(c.counter, 0, c.step); k < SHARDS; k = Atomics.add(c.counter, 0, c.step)) {
      await new Promise((r) => setTimeout(r, 1));
      if (this.cancelled.has(id)) return;
      this.claimed.push(k);
      out.shards.push({ shard: k, blobs: 1, bytes: 10, hasIntegrity: false });
      this.reply({ type: "progress", id, done: 10 * out.shards.length, total: 10 * SHARDS });
    }
    this.reply({ type: "result", id, result: out, stats });
  }
  reply(m: Reply): void {
    this.onmessage?.({ data: m } as MessageEvent<Reply>);
  }
}

/** A pool of n engines, the helpers fake too. */
function pool(n: number, helper = (_i: number) => new FakeEngine()) {
  const main = new FakeEngine();
  const helpers: (FakeEngine & { terminated?: boolean })[] = [];
  const p = new VerifyPool(new WorkerClient(main), n, () => {
    const e = helper(helpers.length + 1);
    helpers.push(e);
    const client = new WorkerClient(e);
    e.reply({ type: "ready" });
    return { client, terminate: () => Object.assign(e, { terminated: true }) } satisfies Helper;
  });
  p.setFiles([new File(["x"], "a.wim")]);
  return { p, main, helpers };
}

afterEach(() => vi.unstubAllGlobals());

describe("VerifyPool", () => {
  it("counts one engine per core, within bounds", () => {
    expect(engineCount(2)).toBe(2);
    expect(engineCount(64)).toBe(MAX_ENGINES);
    expect(engineCount(0)).toBe(1);
    expect(engineCount(undefined)).toBe(1);
    expect(engineCount(16, 2)).toBe(4);
    expect(engineCount(16, 0.5)).toBe(1);
    expect(engineCount(4, 8)).toBe(4);
  });

  it("shares one counter when isolated: every shard once, joined, progress summed", async () => {
    vi.stubGlobal("crossOriginIsolated", true);
    const { p, main, helpers } = pool(3);
    const seen: number[] = [];
    let engines: [number, boolean] | null = null;
    const v = await p.verify({ onProgress: (d, t) => (expect(t).toBe(70), seen.push(d)), onEngines: (n, s) => (engines = [n, s]) });
    expect(engines).toEqual([3, true]);
    const claimed = [main, ...helpers].flatMap((e) => e.claimed).sort();
    expect(claimed).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((v as unknown as { shards: number[] }).shards.sort()).toEqual(claimed);
    expect(seen.at(-1)).toBe(70);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(helpers.map((h) => h.terminated)).toEqual([true, true]);
    // Helpers are sent the files; the browsing engine has them open.
    expect(helpers.every((h) => h.sent.some((m) => "files" in m && m.files?.length === 1))).toBe(true);
    expect(main.sent.some((m) => "files" in m)).toBe(false);
  });

  it("splits the shards by engine when there is no SharedArrayBuffer", async () => {
    vi.stubGlobal("crossOriginIsolated", false);
    const { p, main, helpers } = pool(3);
    let shared = true;
    await p.verify({ onEngines: (_, s) => (shared = s) });
    expect(shared).toBe(false);
    expect([main, ...helpers].map((e) => e.claimed)).toEqual([
      [0, 3, 6],
      [1, 4],
      [2, 5],
    ]);
  });

  it("verifies alone on one engine, or with no files to give helpers", async () => {
    const { p, main, helpers } = pool(1);
    await p.verify();
    const two = pool(2);
    two.p.setFiles([]);
    await two.p.verify();
    for (const e of [main, two.main]) expect(e.sent.map((m) => ("op" in m ? m.op : ""))).toEqual(["verify"]);
    expect([...helpers, ...two.helpers]).toEqual([]);
  });

  it("stops every engine when a helper dies, and says why", async () => {
    const { p, main, helpers } = pool(3, (i) => new FakeEngine(i === 2));
    const run = p.verify();
    await new Promise((r) => setTimeout(r, 0));
    helpers[1].reply({ type: "fatal", message: "the engine ran out of memory" });
    // Not the browsing engine's death, which closes the file.
    await expect(run).rejects.toMatchObject({ info: { kind: "error", message: expect.stringMatching(/^A verify engine stopped: .*out of memory/) } });
    expect(helpers.map((h) => h.terminated)).toEqual([true, true]);
    expect(main.sent.some((m) => "op" in m && m.op === "cancel")).toBe(true);
  });

  it("cancel stops every engine at once", async () => {
    const { p, main, helpers } = pool(4, () => new FakeEngine(true));
    const abort = new AbortController();
    const run = p.verify({ signal: abort.signal });
    abort.abort();
    await expect(run).rejects.toMatchObject({ info: { kind: "cancelled" } });
    expect(helpers.map((h) => h.terminated)).toEqual([true, true, true]);
    expect(main.sent.some((m) => "op" in m && m.op === "cancel")).toBe(true);
  });
});
