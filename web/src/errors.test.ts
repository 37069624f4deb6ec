import { describe, expect, it } from "vitest";
import { describeError } from "./errors";

describe("errors", () => {
  it("have a title for every kind", () => {
    expect(describeError({ kind: "missing-part", message: "" }).title).toMatch(/part/);
    expect(describeError({ kind: "encrypted", message: "" }).title).toBe("Encrypted ESD");
    expect(describeError({ kind: "error", message: "" }).title).toBe("Something went wrong");
  });
});
