import { describe, expect, it } from "vitest";
import { describeDeath, describeError, listNumbers, missingPartsMessage } from "./errors";

describe("errors", () => {
  it("have a title for every kind", () => {
    expect(describeError({ kind: "missing-part", message: "" }).title).toMatch(/part/);
    expect(describeError({ kind: "encrypted", message: "" }).title).toBe("Encrypted ESD");
    expect(describeError({ kind: "error", message: "" }).title).toBe("Something went wrong");
  });
});

describe("missing parts", () => {
  it("names the parts as a person would", () => {
    expect(listNumbers([2])).toBe("2");
    expect(listNumbers([2, 3])).toBe("2 and 3");
    expect(listNumbers([2, 3, 4])).toBe("2, 3 and 4");
    expect(missingPartsMessage(3, [2, 3])).toMatch(/^Parts 2 and 3 of 3 are not open\. .*"size unknown"/);
    expect(missingPartsMessage(3, [1])).toMatch(/^Part 1 of 3 is not open\. Part 1 holds the file tree/);
  });
});

describe("describeDeath", () => {
  it("says what killed the engine", () => {
    const oom = "runtime: out of memory: cannot allocate 805306368-byte block (134217728 in use)\nfatal error: out of memory\n\ngoroutine 1 [running]:\n";
    expect(describeDeath(oom)).toBe("the engine ran out of memory (fatal error: out of memory); the file may need more than this browser gives a page");
    expect(describeDeath("", new RangeError("Maximum call stack size exceeded"))).toMatch(/^the engine ran out of stack \(RangeError: Maximum call stack size exceeded\)/);
    expect(describeDeath("panic: runtime error: index out of range [3] with length 2\n\ngoroutine 7 [running]:\n")).toBe(
      "the engine hit a bug (panic: runtime error: index out of range [3] with length 2)",
    );
    const trap = new Error("unreachable");
    trap.name = "RuntimeError";
    expect(describeDeath("", trap)).toBe("the engine crashed (RuntimeError: unreachable)");
    expect(describeDeath("")).toBe("the engine stopped");
    expect(describeDeath("", new RangeError("WebAssembly.Memory.grow(): Maximum memory size exceeded"))).toMatch(/ran out of memory/);
  });

  it("has a title for the page's own kinds", () => {
    expect(describeError({ kind: "engine", message: "" }).title).toBe("The engine stopped");
    expect(describeError({ kind: "different-wims", message: "" }).hint).toMatch(/Compare/);
  });
});
