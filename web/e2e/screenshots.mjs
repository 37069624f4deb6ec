// Screenshots of the page with the test vectors open, for a person to look
// at (not a test): node web/e2e/screenshots.mjs [DIR] after `make web`.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, openSite, serve } from "./harness.mjs";
import { compareChange, manifest, openFiles, reveal, vectorsDir } from "./inspector.mjs";

const dir = process.argv[2] ?? "/tmp/wimlens-screenshots";
mkdirSync(dir, { recursive: true });
const server = await serve();
const browser = await launch();
const { page } = await openSite(browser.context, server.url);
const shot = async (name) => {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(dir, `${name}.png`) });
  console.log(join(dir, `${name}.png`));
};

await shot("01-welcome");
await page.getByRole("button", { name: "Open sample" }).click();
await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
await page.locator("#tab-archive").click();
await shot("02-sample-archive");
await page.locator("#tab-space").click();
await page.waitForFunction(() => document.querySelector("#panel-space .space")?.dataset.state === "drawn");
await shot("02-sample-space");

await openFiles(page, [join(vectorsDir, "ntfs-lzx-2m.wim")]);
const base = manifest("ntfs-base");
const deny = base.security_descriptors.findIndex((s) => s.name === "deny");
await reveal(page, base.entries.find((e) => e.security_descriptor === deny && e.type === "file").path);
await page.locator('input[type="search"]').fill("");
await page.waitForTimeout(300);
await shot("03-details-sddl");

await reveal(page, "/Odd/names/invoice\u202etxt.exe");
await page.locator('input[type="search"]').fill("");
await page.waitForTimeout(300);
await shot("04-hostile-names");

await reveal(page, "/Users/Public/Pictures/logo.png");
await page.locator("#tab-preview").click();
await page.locator(".image-preview img").waitFor();
await shot("05-preview-image");
await page.getByRole("button", { name: "Hex" }).click();
await page.locator("pre.hex").waitFor();
await shot("06-preview-hex");

await page.locator('input[type="search"]').fill("Windows/**/*.dll");
await page.waitForFunction(() => document.querySelector(".results-pane")?.getAttribute("data-query") === "Windows/**/*.dll");
await shot("07-search");

await page.locator("#tab-verify").click();
await page.getByRole("button", { name: "Verify all data" }).click();
await page.locator(".verify-result").waitFor();
await shot("08-verify");

await openFiles(page, [join(vectorsDir, "ntfs-two.wim")]);
await compareChange(page, "1", "1:2", "/Program Files/App/app.exe");
await shot("09-compare");
await page.locator(".security-change").scrollIntoViewIfNeeded();
await shot("09b-compare-security");
// Dark and 800 px wide: the top bar, the stacked panes and streams.
await page.emulateMedia({ colorScheme: "dark" });
await page.setViewportSize({ width: 800, height: 900 });
await shot("09c-compare-dark-800");
await page.locator("#tab-details").click();
await reveal(page, "/Users/Public/Documents/readme.txt");
await page.locator('input[type="search"]').fill("");
await page.locator(".streams").scrollIntoViewIfNeeded();
await shot("09d-streams-dark-800");
await page.emulateMedia({ colorScheme: "light" });
await page.setViewportSize({ width: 1400, height: 900 });

await openFiles(page, [join(vectorsDir, "pe.wim")]);
await reveal(page, "/Windows/Boot/EFI/shimx64.efi");
await page.locator('input[type="search"]').fill("");
await page.locator(".details .pe-signature").scrollIntoViewIfNeeded();
await shot("10-pe-details");

await openFiles(page, [join(vectorsDir, "windows-image", "windows.wim")]);
await reveal(page, "/Windows/System32/Recovery/Winre.wim");
await page.locator('input[type="search"]').fill("");
await page.getByRole("button", { name: "Open as WIM" }).waitFor();
await shot("12-open-as-wim");
await page.getByRole("button", { name: "Open as WIM" }).click();
await page.locator(".level-tabs").waitFor();
await page.waitForFunction(() => document.getElementById("app")?.dataset.state === "ready");
await page.locator("#tab-archive").click();
await shot("13-inner-wim-archive");
await reveal(page, "/Windows/System32/config/SOFTWARE");
await page.locator('input[type="search"]').fill("");
await page.getByRole("button", { name: "Open as registry" }).click();
await page.waitForFunction(() => document.querySelector(".registry")?.dataset.state === "ready");
await page.locator(".registry-query").fill("UBR");
await page.locator(".registry-hit-list button").first().click();
await page.locator(".reg-values tr.reg-hit").waitFor();
await shot("14-registry");

const bad = join(dir, "not-a-wim.wim");
writeFileSync(bad, "hello ".repeat(100));
await openFiles(page, [bad]);
await shot("11-error");

await browser.close();
await server.close();
