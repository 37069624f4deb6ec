import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

// The one Content-Security-Policy of the site. Only the site's own scripts
// run, WebAssembly may compile, and nothing can be fetched or sent anywhere
// but the site itself: a WIM's bytes have no way off the machine. blob: is
// for image previews (img); downloads are answered by the page's own service
// worker in a hidden frame of the site (frame-src), or are blob: links,
// which CSP does not govern.
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  // The hidden frame that starts a download saved by the service worker.
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

// The built page carries the policy in a meta tag, so it holds on any
// static host; the preview server also sends it as a header, which covers
// the worker too (a meta tag binds only its document). The dev server gets
// neither: Vite's live reload needs what the policy forbids.
function csp(): Plugin {
  return {
    name: "wimlens-csp",
    apply: "build",
    transformIndexHtml: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP }, injectTo: "head-prepend" }],
  };
}

// The app is static files: web/ is the root, the build lands in dist/.
// The engine (wimlens.wasm, wasm_exec.js) and sample.wim are copied into
// web/public by `make wasm web` before Vite runs.
export default defineConfig({
  root: "web",
  base: "./",
  publicDir: "public",
  plugins: [csp()],
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    target: "es2022",
  },
  worker: { format: "es" },
  preview: { headers: { "Content-Security-Policy": CSP } },
  test: {
    root: ".",
    include: ["web/src/**/*.test.ts"],
  },
});
