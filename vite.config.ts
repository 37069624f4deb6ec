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

// What every response of the site carries. As a header the policy also
// binds the workers (a meta tag binds only its document) and can forbid
// framing the page. COOP and COEP make the page cross-origin isolated, so
// verify engines in several workers can share a SharedArrayBuffer; every
// resource is the site's own, so require-corp costs nothing.
export const HEADERS: Record<string, string> = {
  "Content-Security-Policy": `${CSP}; frame-ancestors 'none'`,
  "X-Content-Type-Options": "nosniff",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

// The built page carries the policy in a meta tag, so it holds on any
// static host, and the build writes HEADERS to dist/_headers, in the form
// static hosts such as Netlify and Cloudflare Pages read; `wimlens serve`
// sends what it says (cli/serve.go).
function siteHeaders(): Plugin {
  return {
    name: "wimlens-headers",
    apply: "build",
    transformIndexHtml: () => [{ tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: CSP }, injectTo: "head-prepend" }],
    generateBundle() {
      const lines = Object.entries(HEADERS).map(([k, v]) => `  ${k}: ${v}\n`);
      this.emitFile({ type: "asset", fileName: "_headers", source: `/*\n${lines.join("")}` });
    },
  };
}

// The dev server sends HEADERS too, but its live reload injects styles in
// <style> tags: they carry a nonce, made afresh each time the server starts,
// which the dev server's policy allows.
const devNonce = crypto.randomUUID().replaceAll("-", "");
const devHeaders = { ...HEADERS, "Content-Security-Policy": HEADERS["Content-Security-Policy"].replace("style-src 'self'", `style-src 'self' 'nonce-${devNonce}'`) };

// The app is static files: web/ is the root, the build lands in dist/.
// The engine (wimlens.wasm, wasm_exec.js) and sample.wim are copied into
// web/public by `make wasm web` before Vite runs.
export default defineConfig(({ command, isPreview }) => ({
  root: "web",
  base: "./",
  publicDir: "public",
  plugins: [siteHeaders()],
  html: command === "serve" && !isPreview ? { cspNonce: devNonce } : {},
  build: {
    outDir: "../dist",
    emptyOutDir: true,
    target: "es2022",
  },
  worker: { format: "es" },
  server: { headers: devHeaders },
  preview: { headers: HEADERS },
  test: {
    root: ".",
    include: ["web/src/**/*.test.ts"],
  },
}));
