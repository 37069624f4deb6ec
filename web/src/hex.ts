// The hex view's rows: offset, 16 bytes in hex, and the printable ASCII.

export const HEX_ROW = 16;

/** One line per 16 bytes of data, which starts at offset base of the file. */
export function hexRows(data: Uint8Array, base: number): string[] {
  const rows: string[] = [];
  for (let i = 0; i < data.length; i += HEX_ROW) {
    const row = data.subarray(i, i + HEX_ROW);
    let hex = "";
    let ascii = "";
    for (let k = 0; k < HEX_ROW; k++) {
      if (k === 8) hex += " ";
      if (k < row.length) {
        hex += row[k].toString(16).padStart(2, "0") + " ";
        ascii += row[k] >= 0x20 && row[k] < 0x7f ? String.fromCharCode(row[k]) : ".";
      } else hex += "   ";
    }
    rows.push(`${(base + i).toString(16).padStart(8, "0")}  ${hex} |${ascii}|`);
  }
  return rows;
}
