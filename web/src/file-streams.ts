// The reader worker's streams (reader.ts): each read goes on with the
// stream the read before it left, when it starts where that one stopped.
// Chromium gives each new stream a pipe of fresh memory, which the kernel
// zeroes: a stream for every 4 MiB read took 4 % of the CPU of a verify in
// the page, and downloads run 6 % faster without.

interface Open {
  key: number;
  at: number;
  reader: ReadableStreamBYOBReader;
}

export class FileStreams {
  private open: Open[] = []; // the most recently used last

  /** max streams stay open: enough for the parts of a split WIM read in
   * turn, and a second file. */
  constructor(private readonly max = 4) {}

  /** Reads length bytes of file (named by key: the engine's files come as
   * new copies with every ask) from start into the start of buffer,
   * returned: each read moves the buffer, and a byte stream hands it back
   * in its answer. Reads must not overlap in time. */
  async read(file: Blob, key: number, start: number, length: number, buffer: ArrayBuffer): Promise<ArrayBuffer> {
    if (length === 0) return buffer;
    const i = this.open.findIndex((o) => o.key === key && o.at === start);
    const s = i >= 0 ? this.open.splice(i, 1)[0] : { key, at: start, reader: file.slice(start).stream().getReader({ mode: "byob" }) };
    let got = 0;
    try {
      while (got < length) {
        const { value, done } = await s.reader.read(new Uint8Array(buffer, got, length - got));
        if (done || !value) throw new Error(`the file ended after ${start + got} of ${start + length} bytes (was it changed?)`);
        got += value.byteLength;
        buffer = value.buffer;
      }
    } catch (err) {
      void s.reader.cancel().catch(() => {});
      throw err;
    }
    s.at = start + length;
    this.open.push(s);
    if (this.open.length > this.max) void this.open.shift()!.reader.cancel().catch(() => {});
    return buffer;
  }
}
