// wimlens' CLI built for js/wasm against 7z-wasm (7-Zip 24.09 built with
// Emscripten), both under this Node, on one host file. bench/wasm-node.sh
// builds the CLI, installs 7z-wasm and prints the table.
//
//   node bench/node.mjs time RUNS WIMLENS_WASM WASM_EXEC_NODE list|verify FILE
//     prints "7z-wasm SECONDS" and "wimlens SECONDS": the best wall time of
//     RUNS fresh node processes each, start-up (instantiating the wasm)
//     included, since that is what a user of either pays.
//   node bench/node.mjs 7z l|t FILE
//     runs 7z-wasm once in this process (the child the timer spawns).
import { spawnSync } from "node:child_process";
import { writeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [mode, ...args] = process.argv.slice(2);

if (mode === "7z") {
  const [cmd, file] = args;
  // Installed by `npm ci --prefix bench` (bench/package.json), so the import
  // resolves from bench/node_modules and never from the app's.
  const { default: SevenZip } = await import("7z-wasm");
  // Lines are gathered and written once: Emscripten's default prints each
  // line with console.log, which would time Node's console, not 7-Zip.
  const lines = [];
  const sz = await SevenZip({ print: (s) => lines.push(s), printErr: (s) => lines.push(s) });
  // NODEFS mounts the file's folder, so 7-Zip reads the host file in place
  // (the way its own cli.js does), not a copy in memory.
  sz.FS.mkdir("/in");
  sz.FS.mount(sz.NODEFS, { root: path.dirname(path.resolve(file)) }, "/in");
  const code = sz.callMain([cmd, "/in/" + path.basename(file)]);
  writeSync(1, lines.join("\n") + "\n");
  process.exit(code);
} else if (mode === "time") {
  const [runs, wasm, execNode, job, file] = args;
  const self = fileURLToPath(import.meta.url);
  const tools = {
    "7z-wasm": [self, "7z", job === "list" ? "l" : "t", file],
    wimlens: [execNode, wasm, job === "list" ? "dir" : "verify", file],
  };
  const best = Object.fromEntries(Object.keys(tools).map((t) => [t, Infinity]));
  // Runs alternate between the tools, so a neighbour's load on this shared
  // machine falls on both alike. A run that fails (a tool that cannot read
  // the format, or finds it damaged) stops the bench: its time would mean
  // nothing.
  for (let i = 0; i < Number(runs); i++) {
    for (const [tool, argv] of Object.entries(tools)) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, argv, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 26 });
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      if (r.status !== 0) {
        console.error(`${tool} ${job} ${file}: exit ${r.status ?? r.signal}\n${r.stderr}`);
        process.exit(1);
      }
      best[tool] = Math.min(best[tool], s);
    }
  }
  for (const [tool, s] of Object.entries(best)) console.log(tool, s.toFixed(3));
} else {
  console.error("usage: node bench/node.mjs time RUNS WIMLENS_WASM WASM_EXEC_NODE list|verify FILE | 7z l|t FILE");
  process.exit(2);
}
