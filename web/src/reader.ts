/// <reference lib="webworker" />
// Reads slices of the page's Files for the engine's worker (worker.ts), on
// a thread of its own. A File's bytes reach a worker only while its thread
// is idle, and the engine's is busy decoding: a 1 GiB download there spent
// 4 s of its 11 waiting for reads. Reads fill the buffer the engine sends
// back once it has copied out of it: a fresh one for every 4 MiB cost this
// thread 1.7 s of a 1 GiB download's 10.
import type { ReadAnswer, ReadAsk } from "./protocol";

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = async (e: MessageEvent<ReadAsk>) => {
  const { id, file, start, end, buffer } = e.data;
  let answer: ReadAnswer;
  // A file cut short since it was opened gives fewer bytes: the answer
  // says how many, and the engine reports the short read.
  const blob = file.slice(start, end);
  try {
    answer = { id, data: await readInto(blob, buffer ?? new ArrayBuffer(end - start)), length: blob.size };
  } catch (err) {
    answer = { id, error: String(err) };
  }
  self.postMessage(answer, answer.data ? [answer.data] : []);
};

/** Reads all of blob into the start of buffer, returned (each read moves
 * the buffer: a byte stream hands it back in its answer). */
async function readInto(blob: Blob, buffer: ArrayBuffer): Promise<ArrayBuffer> {
  const reader = blob.stream().getReader({ mode: "byob" });
  let got = 0;
  while (got < blob.size) {
    const { value, done } = await reader.read(new Uint8Array(buffer, got, blob.size - got));
    if (done || !value) throw new Error(`the file ended after ${got} of ${blob.size} bytes (was it changed?)`);
    got += value.byteLength;
    buffer = value.buffer;
  }
  return buffer;
}
