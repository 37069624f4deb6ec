/// <reference lib="webworker" />
// Reads slices of the page's Files for the engine's worker (worker.ts), on
// a thread of its own. A File's bytes reach a worker only while its thread
// is idle, and the engine's is busy decoding: a 1 GiB download there spent
// 4 s of its 11 waiting for reads. Reads fill the buffer the engine sends
// back once it has copied out of it: a fresh one for every 4 MiB cost this
// thread 1.7 s of a 1 GiB download's 10.
import { FileStreams } from "./file-streams";
import type { ReadAnswer, ReadAsk } from "./protocol";

declare const self: DedicatedWorkerGlobalScope;

const streams = new FileStreams();

// Asks are answered one at a time, in order: a read ahead then goes on
// with the stream the read before it leaves. Whatever goes wrong is an
// answer too, and the queue goes on.
let queue = Promise.resolve();
self.onmessage = (e: MessageEvent<ReadAsk>) => {
  queue = queue.then(() => answer(e.data)).catch((err: unknown) => self.postMessage({ id: e.data.id, error: String(err) } satisfies ReadAnswer));
};

async function answer({ id, file, key, start, end, buffer }: ReadAsk): Promise<void> {
  // A file cut short since it was opened gives fewer bytes: the answer
  // says how many, and the engine reports the short read.
  const length = Math.max(0, Math.min(end, file.size) - start);
  let a: ReadAnswer;
  try {
    a = { id, data: await streams.read(file, key, start, length, buffer ?? new ArrayBuffer(end - start)), length };
  } catch (err) {
    a = { id, error: String(err) };
  }
  self.postMessage(a, a.data ? [a.data] : []);
}
