import { describe, expect, it } from "vitest";
import { languages } from "./archive-view";

describe("languages", () => {
  const w = { arch: "x86_64", version: "10.0.19041", spLevel: 0 };
  it("lists them with the default, and says so when the XML lists only a default", () => {
    expect(languages({ ...w, languages: ["en-US", "de-DE"], defaultLanguage: "en-US" })).toBe("en-US, de-DE (default en-US)");
    expect(languages({ ...w, defaultLanguage: "en-US" })).toBe("none listed; default en-US");
    expect(languages({ ...w, languages: ["", "de-DE"] })).toBe("de-DE");
    expect(languages(w)).toBe("");
  });
});
