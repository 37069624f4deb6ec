// Starts the engine in its worker and draws the page. The worker loads
// while the page is idle, so opening a file waits on nothing but the file.
import { App } from "./app";
import "./style.css";
import { setUpSaving } from "./tasks";
import { WorkerClient } from "./worker-client";

setUpSaving();
const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "wimlens-engine" });
const client = new WorkerClient(worker);
const app = new App(document.getElementById("app")!, client);
// data-engine on the root element says when the engine can take files,
// and data-warm when it has also warmed up (for the benchmark, which times
// a file picked on an idle page).
client.ready.then(
  () => (document.documentElement.dataset.engine = "ready"),
  (err: unknown) => app.error(err),
);
void client.warm.then(() => (document.documentElement.dataset.warm = "yes"));
