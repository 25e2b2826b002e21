// Validates every YAML document under knative/ and eventing/ offline: each one becomes the model
// class of its apiVersion and kind (kubernetes-models, @kubernetes-models/knative,
// @kubernetes-models/cert-manager) and runs that model's schema validation. Kinds without a
// published model (Dapr's Component) and the kustomizations are checked by hand below. Any invalid
// document, unknown kind or kustomization that misses a file fails the run with file, document
// index, kind/name and the error.
//
// Usage: node validate.mjs [repository root] (default: three folders up from this script).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, dirname, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(process.argv[2] ?? join(here, "..", "..", ".."));
const folders = ["knative", "eventing"];

/** The npm module that holds the models of an API group and version. */
function modelModule(apiVersion) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "") return `kubernetes-models/${version}`;
  if (group.endsWith("knative.dev")) return `@kubernetes-models/knative/${group}/${version}`;
  if (group.endsWith("cert-manager.io")) return `@kubernetes-models/cert-manager/${group}/${version}`;
  return `kubernetes-models/${group}/${version}`;
}

/** Hand checks for kinds that have no published model. Each returns a list of problems. */
const handChecks = {
  "dapr.io/v1alpha1/Component": (doc) => {
    const problems = [];
    const spec = doc.spec ?? {};
    if (typeof spec.type !== "string" || !/^[a-z]+\.[a-z0-9.-]+$/.test(spec.type)) problems.push("spec.type must name a component type such as state.redis");
    if (typeof spec.version !== "string" || !/^v\d+$/.test(spec.version)) problems.push("spec.version must be a component version such as v1");
    if (!Array.isArray(spec.metadata)) problems.push("spec.metadata must be a list of { name, value | secretKeyRef }");
    for (const [i, item] of (spec.metadata ?? []).entries()) {
      if (typeof item?.name !== "string" || item.name === "") problems.push(`spec.metadata[${i}].name is required`);
      const hasValue = item && "value" in item;
      const ref = item?.secretKeyRef;
      if (hasValue === Boolean(ref)) problems.push(`spec.metadata[${i}] needs exactly one of value and secretKeyRef`);
      if (ref && (typeof ref.name !== "string" || typeof ref.key !== "string")) problems.push(`spec.metadata[${i}].secretKeyRef needs name and key`);
      if (hasValue && typeof item.value !== "string") problems.push(`spec.metadata[${i}].value must be a string (quote numbers and booleans)`);
    }
    if (doc.scopes !== undefined && !(Array.isArray(doc.scopes) && doc.scopes.every((s) => typeof s === "string"))) problems.push("scopes must be a list of Dapr app ids");
    if (doc.auth !== undefined && typeof doc.auth?.secretStore !== "string") problems.push("auth.secretStore must name a secret store");
    return problems;
  },
};

function yamlFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(name) ? [path] : [];
    });
}

/** A kustomization lists every manifest in its folder (not in sub-folders: those are opt-in) and nothing missing. */
function checkKustomization(file, doc) {
  const problems = [];
  if (doc.apiVersion !== "kustomize.config.k8s.io/v1beta1" || doc.kind !== "Kustomization") problems.push("must be apiVersion kustomize.config.k8s.io/v1beta1, kind Kustomization");
  const dir = dirname(file);
  const listed = new Set(doc.resources ?? []);
  for (const resource of listed) {
    try { statSync(join(dir, resource)); } catch { problems.push(`resources names ${resource}, which does not exist`); }
  }
  for (const name of readdirSync(dir)) {
    if (/\.ya?ml$/.test(name) && name !== basename(file) && !listed.has(name)) problems.push(`${name} is in the folder but not in resources`);
  }
  return problems;
}

/**
 * Where a published model is stricter than the API it models. @kubernetes-models/knative 4.0.0
 * marks SinkBinding's status as required (the CRD does not: status is written by the controller),
 * so the status is supplied, empty, for validation only; every other field is checked as written.
 */
const modelQuirks = {
  "sources.knative.dev/v1/SinkBinding": (doc) => ({ status: {}, ...doc }),
};

const failures = [];
let validated = 0;
const modules = new Map();

for (const folder of folders) {
  const dir = join(root, folder);
  for (const file of yamlFiles(dir)) {
    const where = relative(root, file);
    const documents = parseAllDocuments(readFileSync(file, "utf8"));
    for (const [index, document] of documents.entries()) {
      const at = `${where}#${index}`;
      if (document.errors.length > 0) {
        failures.push(`${at}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
        continue;
      }
      const doc = document.toJS();
      if (doc === null || doc === undefined) continue;
      if (basename(file) === "kustomization.yaml") {
        for (const problem of checkKustomization(file, doc)) failures.push(`${at} Kustomization: ${problem}`);
        validated++;
        continue;
      }
      const { apiVersion, kind } = doc;
      const label = `${kind}/${doc.metadata?.name ?? "(no name)"}`;
      if (typeof apiVersion !== "string" || typeof kind !== "string") {
        failures.push(`${at}: apiVersion and kind are required`);
        continue;
      }
      if (typeof doc.metadata?.name !== "string" || doc.metadata.name === "") {
        failures.push(`${at} ${label}: metadata.name is required`);
      }
      const hand = handChecks[`${apiVersion}/${kind}`];
      if (hand) {
        for (const problem of hand(doc)) failures.push(`${at} ${label}: ${problem}`);
        validated++;
        continue;
      }
      const specifier = modelModule(apiVersion);
      if (!modules.has(specifier)) {
        modules.set(specifier, await import(specifier).catch(() => null));
      }
      const Model = modules.get(specifier)?.[kind];
      if (typeof Model !== "function") {
        failures.push(`${at} ${label}: unknown kind ${kind} in ${apiVersion} (no model and no hand check)`);
        continue;
      }
      try {
        const quirk = modelQuirks[`${apiVersion}/${kind}`];
        new Model(quirk ? quirk(doc) : doc).validate();
        validated++;
      } catch (error) {
        failures.push(`${at} ${label}: ${error.message}`);
      }
    }
  }
}

for (const failure of failures) console.error(failure);
console.log(`checked ${validated} documents, ${failures.length} problems`);
process.exit(failures.length === 0 ? 0 : 1);
