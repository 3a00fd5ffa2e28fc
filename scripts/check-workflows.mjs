// The CI workflows cannot run here: parse each one and check the shape a workflow needs, so a
// broken file is caught before it is pushed.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";

const folder = join(import.meta.dirname, "..", ".github", "workflows");
let problems = 0;
for (const name of readdirSync(folder).filter((file) => /\.ya?ml$/.test(file))) {
  const workflow = yaml.load(readFileSync(join(folder, name), "utf8"));
  const jobs = Object.entries(workflow?.jobs ?? {});
  const missing = [!workflow?.name && "name", !workflow?.on && "on", jobs.length === 0 && "jobs"].filter(Boolean);
  for (const [id, job] of jobs) {
    if (!job["runs-on"]) missing.push(`jobs.${id}.runs-on`);
    if (!Array.isArray(job.steps) || job.steps.some((step) => !step.run && !step.uses)) missing.push(`jobs.${id}.steps`);
  }
  if (missing.length > 0) {
    console.error(`${name}: missing or wrong ${missing.join(", ")}`);
    problems += 1;
  }
}
process.exit(problems === 0 ? 0 : 1);
