import { describe, expect, it } from "vitest";
import { usePath } from "./verify-view";

describe("usePath", () => {
  it("words each place a fault touches as the worker used to", () => {
    expect(usePath({ image: 1, path: "/Windows/notepad.exe" })).toBe("image 1: /Windows/notepad.exe");
    expect(usePath({ image: 2, path: "/a", stream: "ads" })).toBe("image 2: /a:ads");
    expect(usePath({ image: 1, path: "/top/loop", detail: "its children were already read" })).toBe("image 1: /top/loop: its children were already read");
    expect(usePath({ image: 3, metadata: true })).toBe("image 3: its metadata (the whole file tree)");
  });
});
