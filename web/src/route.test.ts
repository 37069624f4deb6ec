import { describe, expect, it } from "vitest";
import { type HistoryHost, MOVE_MS, type Route, Router, formatRoute, parseRoute } from "./route";

const GUID = "1a9ce1276ff202cd3314e5ba98d8c50a";

describe("parseRoute and formatRoute", () => {
  it("reads the issue's example", () => {
    expect(parseRoute("#image=2&path=/Windows/System32/kernel32.dll&tab=details")).toEqual({ image: 2, path: "/Windows/System32/kernel32.dll", tab: "details" });
  });

  it("keeps paths readable, slashes and all", () => {
    expect(formatRoute({ wim: GUID, image: 1, path: "/Program Files/App/app.exe", tab: "details" })).toBe(
      `wim=${GUID}&image=1&path=/Program%20Files/App/app.exe&tab=details`,
    );
  });

  const hostile = [
    "/a b/c d",
    "/#/##x",
    "/a&b=c/&image=9&tab=x",
    "/100%/%41%2F%zz",
    "/+plus+/a+b",
    "/naïve/日本語/😀",
    "/invoice\u202etxt.exe",
    "/ctl\u0000\u0001\u001f\u007f\n\r\t",
    "/<img src=x onerror=alert(1)>",
    "/javascript:alert(1)",
    "/?query=1",
    "/" + "d/".repeat(16384) + "end",
    "/",
  ];
  for (const path of hostile) {
    it(`round-trips ${JSON.stringify(path.slice(0, 40))}`, () => {
      const r: Route = { wim: GUID, image: 3, path, tab: "preview" };
      const frag = formatRoute(r);
      // Nothing in the fragment but its own fields: no raw #, &, =, space or control.
      expect(frag.split("&").map((p) => p.split("=")[0])).toEqual(["wim", "image", "path", "tab"]);
      expect(frag).not.toMatch(/[#\s\u0000-\u001f\u007f\u202e<>]/);
      expect(parseRoute("#" + frag)).toEqual(r);
    });
  }

  it("names WIMs opened inside the file, in order, with hostile paths too", () => {
    const r: Route = {
      wim: GUID,
      inner: [
        { image: 1, path: "/Windows/System32/Recovery/Winre.wim" },
        { image: 2, path: "/a&in=9:/x#y/in\u202e.wim\n" },
      ],
      image: 1,
      path: "/Windows",
      tab: "details",
    };
    const frag = formatRoute(r);
    expect(frag).toMatch(/^wim=[0-9a-f]{32}&in=1:\/Windows\/System32\/Recovery\/Winre\.wim&in=2:\/a%26in%3D9%3A\/x%23y\/in%E2%80%AE\.wim%0A&image=1&/);
    expect(parseRoute(frag)).toEqual(r);
    expect(parseRoute("#in=0:/a&in=1:relative&in=1:/ok").inner).toEqual([{ image: 1, path: "/ok" }]);
    expect(parseRoute("#" + Array(20).fill("in=1:/a").join("&")).inner).toHaveLength(8);
  });

  it("turns a lone surrogate into U+FFFD instead of failing", () => {
    expect(parseRoute(formatRoute({ path: "/a\ud800b" })).path).toBe("/a\ufffdb");
  });

  it("ignores what is not of its shape", () => {
    expect(parseRoute("")).toEqual({});
    expect(parseRoute("#")).toEqual({});
    expect(parseRoute("#image=0&tab=Details!&wim=xyz&path=relative")).toEqual({});
    expect(parseRoute("#image=-1&image2=3&path=/%E0%A4%A&tab=details")).toEqual({ tab: "details" }); // a malformed escape drops its field
    expect(parseRoute("#image=99999999999")).toEqual({});
    expect(parseRoute("#path")).toEqual({});
    expect(parseRoute("#path=/a+b")).toEqual({ path: "/a+b" }); // "+" is not a space
    expect(parseRoute("#wim=" + GUID.toUpperCase())).toEqual({ wim: GUID });
    expect(parseRoute("#" + "x".repeat((1 << 20) + 1))).toEqual({});
  });
});

/** A history that records what the router did. */
function fakeHost(hash = "") {
  const calls: string[] = [];
  let pop: () => void = () => {};
  const host: HistoryHost & { pop(to: string): void } = {
    location: { hash, href: "http://127.0.0.1:8080/index.html" + hash },
    history: {
      pushState: (_d, _u, url) => (calls.push(`push ${url}`), (host.location.hash = url)),
      replaceState: (_d, _u, url) => (calls.push(`replace ${url}`), (host.location.hash = url)),
    },
    addEventListener: (_t, l) => (pop = l),
    pop(to: string) {
      host.location.hash = to;
      pop();
    },
  };
  return { host, calls };
}

describe("Router", () => {
  it("pushes deliberate changes, folds quick moves into one entry, and replaces the page's own", () => {
    const { host, calls } = fakeHost();
    let t = 0;
    const r = new Router(() => {}, host, () => t);
    r.show({ image: 1, path: "/a" }, "replace");
    r.show({ image: 1, path: "/b" }, "move");
    t += 100;
    r.show({ image: 1, path: "/c" }, "move"); // an arrow key held down
    t += 100;
    r.show({ image: 1, path: "/d" }, "move");
    t += MOVE_MS + 1;
    r.show({ image: 1, path: "/e" }, "move"); // a pause: a new place
    r.show({ image: 1, path: "/e", tab: "preview" }, "push");
    r.show({ image: 1, path: "/e", tab: "preview" }, "push"); // the same place: nothing
    expect(calls).toEqual([
      "replace #image=1&path=/a",
      "push #image=1&path=/b",
      "replace #image=1&path=/c",
      "replace #image=1&path=/d",
      "push #image=1&path=/e",
      "push #image=1&path=/e&tab=preview",
    ]);
  });

  it("hands back and forward to the page, and a move after it is a new entry", () => {
    const { host, calls } = fakeHost("#image=1&path=/a");
    const seen: Route[] = [];
    let t = 0;
    const r = new Router((x) => seen.push(x), host, () => t);
    r.show({ image: 1, path: "/b" }, "move");
    host.pop("#image=1&path=/a");
    r.show({ image: 1, path: "/c" }, "move");
    expect(seen).toEqual([{ image: 1, path: "/a" }]);
    expect(calls).toEqual(["push #image=1&path=/b", "push #image=1&path=/c"]);
  });

  it("makes links of this page only", () => {
    const { host } = fakeHost("#image=1");
    const r = new Router(() => {}, host);
    expect(r.link({ image: 2, path: "/a#b" })).toBe("http://127.0.0.1:8080/index.html#image=2&path=/a%23b");
  });
});
