// Starts the engine in its worker and draws the page. The worker loads
// while the page is idle, so opening a file waits on nothing but the file.
import { App } from "./app";
import "./style.css";
import { setUpSaving } from "./tasks";
import { WorkerClient } from "./worker-client";

setUpSaving();
// A way to start the engine, not one engine: one that dies is replaced.
const client = new WorkerClient(() => new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "wimlens-engine" }));
new App(document.getElementById("app")!, client);
// data-engine on the root element says when the engine can take files,
// and data-warm when it has also warmed up (for the benchmark, which times
// a file picked on an idle page). An engine that cannot load says so
// through the client's onLost.
client.ready.then(
  () => (document.documentElement.dataset.engine = "ready"),
  () => {},
);
void client.warm.then(() => (document.documentElement.dataset.warm = "yes"));
