// Adds the release build's budget to the benchmark report: the .deb's size and the time from launch
// to an interactive login screen, each against its target (DESIGN.md: under 15 MB and 1 s).
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";

const [deb, startupFile, reportFile] = process.argv.slice(2);
const debBytes = statSync(deb).size;
const { launch_to_login_ms: launchMs } = JSON.parse(readFileSync(startupFile, "utf8"));
const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, "utf8")) : {};
const debMb = Math.round((debBytes / 1_000_000) * 100) / 100;
report.release = {
  deb_bytes: debBytes,
  deb_mb: { measured: debMb, target: 15, met: debMb < 15 },
  launch_to_login_ms: { measured: launchMs, target: 1000, met: launchMs < 1000 },
};
writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
console.log(`release  .deb ${debMb} MB (target < 15)  launch to login ${launchMs} ms (target < 1000)`);
