import { afterEach, describe, expect, it, vi } from "vitest";
import { progressEvery, spaced } from "./tasks";

describe("spaced", () => {
  afterEach(() => vi.useRealTimers());

  it("shows the first progress at once, then at most one every progressEvery ms, the latest last", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const shown: number[] = [];
    const show = spaced((done) => shown.push(done));
    show(1, 10);
    expect(shown).toEqual([1]);
    show(2, 10);
    show(3, 10);
    expect(shown).toEqual([1]); // too soon: held
    vi.advanceTimersByTime(progressEvery - 1);
    expect(shown).toEqual([1]);
    vi.advanceTimersByTime(1);
    expect(shown).toEqual([1, 3]); // the latest, not each one
    vi.advanceTimersByTime(10 * progressEvery);
    expect(shown).toEqual([1, 3]); // nothing new, nothing shown
    show(10, 10);
    expect(shown).toEqual([1, 3, 10]); // a quiet spell long enough: at once
  });
});
