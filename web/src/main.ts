// Placeholder until the browser inspector lands: proves the build pipeline.
const status = document.getElementById("status");
if (status) status.textContent = "wimlens: the browser inspector is not built yet.";
