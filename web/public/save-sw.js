// The service worker that saves downloads as they are made. Each page
// registers its own, scoped to an address of its own (web/src/tasks.ts). The
// page hands it a MessagePort whose other end the engine's worker writes
// chunks to; the page's hidden frame then asks for <scope><id>, and this
// worker answers with a response streamed from the port, which the browser
// writes to disk as it comes. Nothing is fetched: the bytes never leave the
// machine, and the page never holds the whole file (a 1 GiB Blob took the
// browser 4 s more to save after it was made, and sometimes failed).
//
// Port protocol: to the page, {op: "saving"} once the save is known and
// {op: "started"} once the browser asked for it; then, with the engine's
// worker at the other end (web/src/worker.ts):
//   from the engine: {chunk: Uint8Array} | {end: true} | {error: string}
//   to the engine:   {credit: bytes, buffer} once the browser took a chunk,
//                    with its buffer to reuse,
//                    {cancel: true} when the person cancelled the download.
/// <reference lib="webworker" />
"use strict";

/** Saves announced by the page and not yet asked for, by id. */
const saves = new Map();

self.addEventListener("message", (e) => {
  const m = e.data;
  if (m?.op === "ping") return;
  if (m?.op !== "save" || !(m.port instanceof MessagePort)) return;
  saves.set(String(m.id), { name: String(m.name), size: m.size, port: m.port, body: portStream(m.port) });
  // The page points its frame here only once the save is known.
  m.port.postMessage({ op: "saving", id: m.id });
});

self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (!url.href.startsWith(self.registration.scope)) return;
  const id = url.href.slice(self.registration.scope.length);
  const save = saves.get(id);
  if (!save) {
    e.respondWith(new Response("This download has expired.", { status: 404 }));
    return;
  }
  saves.delete(id);
  // The page hands the port to the engine only now, so an engine never
  // waits on a save the browser did not start.
  save.port.postMessage({ op: "started" });
  const headers = {
    "Content-Type": "application/octet-stream",
    // The page made the name safe (web/src/text.ts safeFileName); the
    // encoded form carries any Unicode in it.
    "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(save.name)}`,
    "X-Content-Type-Options": "nosniff",
  };
  if (Number.isSafeInteger(save.size) && save.size >= 0) headers["Content-Length"] = String(save.size);
  e.respondWith(new Response(save.body, { headers }));
});

/** A stream of the chunks the engine writes to port. The browser pulls a
 * chunk at a time as it writes; each chunk goes back to the engine once the
 * browser has moved on from it, as credit and as a buffer to fill again:
 * fresh memory for every chunk cost the engine 5 s a GiB. */
function portStream(port) {
  const ready = []; // chunks come, not yet asked for
  const given = []; // chunks handed to the browser, the last maybe in use
  let want = null; // the browser's pull waiting for a chunk
  let ended = false;
  const giveBack = (keep) => {
    while (given.length > keep) {
      const c = given.shift();
      port.postMessage({ credit: c.byteLength, buffer: c.buffer }, [c.buffer]);
    }
  };
  return new ReadableStream(
    {
      start(c) {
        port.onmessage = (e) => {
          const m = e.data;
          if (m.chunk) {
            ready.push(m.chunk);
            if (want) want();
          } else if (m.end) {
            ended = true;
            if (want) want();
          } else if (m.error !== undefined) {
            c.error(new Error(String(m.error)));
            port.close();
          }
        };
      },
      // The browser asks for a chunk only once it has taken in the one
      // before: all but that one are free.
      async pull(c) {
        giveBack(1);
        while (!ready.length && !ended) await new Promise((resolve) => (want = resolve));
        want = null;
        if (ready.length) {
          const chunk = ready.shift();
          given.push(chunk);
          c.enqueue(chunk);
        } else {
          giveBack(0);
          c.close();
          port.close();
        }
      },
      cancel() {
        port.postMessage({ cancel: true });
        port.close();
      },
    },
    { highWaterMark: 0 },
  );
}
