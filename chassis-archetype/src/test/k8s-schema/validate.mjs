// node validate.mjs <manifest.yaml>...: every document validated against the Kubernetes OpenAPI
// schema of its apiVersion and kind (kubernetes-models); an unknown kind, a missing required
// field or a wrong type exits 1 naming the document and the path.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const kinds = {
  "apps/v1/Deployment": () => import("kubernetes-models/apps/v1/Deployment"),
  "v1/Service": () => import("kubernetes-models/v1/Service"),
  "policy/v1/PodDisruptionBudget": () => import("kubernetes-models/policy/v1/PodDisruptionBudget"),
};

let failed = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  const docs = yaml.loadAll(readFileSync(file, "utf8")).filter((d) => d != null);
  for (const doc of docs) {
    const key = `${doc.apiVersion}/${doc.kind}`;
    const where = `${file}: ${key} ${doc.metadata?.name ?? "(no name)"}`;
    const load = kinds[key];
    if (!load) {
      console.error(`${where}: no schema known here for ${key}`);
      failed++;
      continue;
    }
    const module = await load();
    const Model = module[doc.kind] ?? module.default;
    try {
      new Model(doc).validate();
      checked++;
      console.log(`${where}: valid`);
    } catch (e) {
      console.error(`${where}: ${e.message}`);
      failed++;
    }
  }
}
if (failed > 0 || checked === 0) {
  console.error(`${failed} invalid, ${checked} valid`);
  process.exit(1);
}
