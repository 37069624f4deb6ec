// Measures the page's "Download folder as .zip" (the worker decompresses
// the folder's files and writes the zip; the page saves it as a Blob)
// against the native `wimlens extract FILE 1 FOLDER --zip OUT.zip` of the
// same folder. Target (issue 18): the page within 3× the native time on
// /usr/share captured as a solid ESD.
//
// FOLDER "/" is the whole image, zipped from the Archive tab's "Download
// image 1 as .zip"; any other folder from its details.
//
// usage: node bench/browser-zip.mjs FILE FOLDER   (after `make build`; bench/browser-zip.sh does both)
// env:   WIMLENS_BENCH_RUNS  how many runs of each, best kept (1: a big zip takes minutes)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { launch, openSite, repoRoot, serve } from "../web/e2e/harness.mjs";
import { bannerTexts, openFiles, reveal } from "../web/e2e/inspector.mjs";

const [fileArg, folder] = process.argv.slice(2);
const whole = folder === "/";
if (!fileArg || !folder || !folder.startsWith("/")) {
  console.error("usage: node bench/browser-zip.mjs FILE /FOLDER   (/ for the whole image)");
  process.exit(2);
}
const file = resolve(fileArg);
const runs = Number(process.env.WIMLENS_BENCH_RUNS ?? 1);
const work = mkdtempSync(join(tmpdir(), "wimlens-bench-zip-"));
const MiB = (n) => (n / 2 ** 20).toFixed(1);

/** Entries in a zip, after 7zz has tested every one of them (it exits
 * non-zero on a bad header or CRC, which throws here). */
function testZip(path) {
  execFileSync("7zz", ["t", path], { stdio: ["ignore", "ignore", "inherit"] });
  const list = execFileSync("7zz", ["l", "-ba", "-slt", path], { maxBuffer: 1 << 30 }).toString();
  return list.split("\n").filter((l) => l.startsWith("Path = ")).length;
}

/** Best wall time and largest peak RSS of the native zip over the runs. */
function native() {
  const out = join(work, "native.zip");
  const log = join(work, "time.log");
  let ms = Infinity;
  let kib = 0;
  for (let r = 0; r < runs; r++) {
    rmSync(out, { force: true });
    execFileSync("/usr/bin/time", ["-o", log, "-f", "%e %M", join(repoRoot, "bin", "wimlens"), "extract", file, "1", ...(whole ? [] : [folder]), "--zip", out], {
      stdio: ["ignore", "ignore", "pipe"], // its "wrote N entries" line; an error shows it
    });
    const [secs, peak] = readFileSync(log, "utf8").trim().split("\n").pop().split(" ").map(Number);
    console.log(`native run ${r + 1}: ${(secs * 1000).toFixed(0)} ms, peak ${MiB(peak * 1024)} MiB`);
    ms = Math.min(ms, secs * 1000);
    kib = Math.max(kib, peak);
  }
  return { ms, kib, size: statSync(out).size, entries: testZip(out) };
}

async function browser() {
  const server = await serve();
  const b = await launch();
  let best = Infinity;
  let size = 0;
  let entries = 0;
  try {
    for (let r = 0; r < runs; r++) {
      const { page } = await openSite(b.context, server.url);
      page.setDefaultTimeout(600_000);
      if ((await openFiles(page, [file])) !== "ready") throw new Error(`the page did not open ${file}`);
      if (whole) await page.getByRole("tab", { name: "Archive" }).click();
      else await reveal(page, folder);
      const warned = (await bannerTexts(page, "warn")).length;
      const t0 = performance.now();
      const [dl] = await Promise.all([
        page.waitForEvent("download", { timeout: 3_600_000 }),
        page.getByRole("button", { name: whole ? "Download image 1 as .zip" : "Download folder as .zip" }).click(),
      ]);
      // The page gathers the whole zip before it saves it; the time runs
      // until the browser has written it to disk.
      const failure = await dl.failure();
      const ms = performance.now() - t0;
      if (failure) throw new Error(`the browser's save failed: ${failure}`);
      // Notes (links written as plain files) are expected; entries left out are not.
      const left = (await bannerTexts(page, "warn")).slice(warned).filter((t) => t.includes("Left out of the zip"));
      if (left.length) throw new Error(`the page left entries out: ${left.join("; ")}`);
      const saved = await dl.path();
      size = statSync(saved).size;
      if (r === 0) entries = testZip(saved);
      console.log(`page run ${r + 1}: ${ms.toFixed(0)} ms (${dl.suggestedFilename()})`);
      best = Math.min(best, ms);
      await dl.delete();
      await page.close();
    }
  } finally {
    await b.close();
    await server.close();
  }
  return { ms: best, size, entries };
}

try {
  console.log(`zip of ${folder} in image 1 of ${basename(file)} (${MiB(statSync(file).size)} MiB), best of ${runs}`);
  const n = native();
  const p = await browser();
  if (p.entries !== n.entries) throw new Error(`the page's zip has ${p.entries} entries, wimlens extract --zip's ${n.entries}`);
  const ratio = p.ms / n.ms;
  console.log(`native wimlens extract --zip: ${n.ms.toFixed(0)} ms, peak ${MiB(n.kib * 1024)} MiB, ${MiB(n.size)} MiB zip, ${n.entries} entries`);
  console.log(`page Download folder as .zip: ${p.ms.toFixed(0)} ms, ${MiB(p.size)} MiB zip, ${p.entries} entries (7zz t: ok)`);
  console.log(`folder zip: page/native time ${ratio.toFixed(2)}× — target < 3×: ${ratio < 3 ? "met" : "NOT met"}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
