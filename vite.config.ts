import { defineConfig } from "vite";

// The app is static files: web/ is the root, the build lands in dist/.
// wasm/ artifacts (wimlens.wasm, wasm_exec.js) are copied into web/public/wasm
// by the Makefile before Vite runs.
export default defineConfig({
  root: "web",
  base: "./",
  publicDir: "public",
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    target: "es2022",
  },
  worker: { format: "es" },
  test: {
    root: ".",
    include: ["web/**/*.test.ts"],
  },
});
