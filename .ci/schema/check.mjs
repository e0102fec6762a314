// The schema as editors and SchemaStore see it: ajv in strict mode must compile
// policy.schema.json (unknown keywords or formats are errors), and every file of
// tests/schema-corpus/, read by `yaml` (the parser of the VS Code YAML extension, YAML 1.2),
// must get the verdict check gives it: ok-* valid, bad-* invalid, except the files
// disagreements.txt lists (the schema accepts them; only check can know). tests/schema_agreement.rs
// checks that the file names match check's verdicts.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import YAML from "yaml";

// Further arguments: files that must be valid (the example).
const [schemaPath, corpusDir, ...mustBeValid] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
const ajv = new Ajv({ strict: true, allErrors: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const listed = new Set(
  readFileSync(join(corpusDir, "disagreements.txt"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split(" ")[0]),
);

const problems = [];
let count = 0;
for (const file of readdirSync(corpusDir).sort()) {
  if (!file.endsWith(".yaml")) continue;
  count++;
  const name = file.slice(0, -".yaml".length);
  let valid;
  let why = "";
  try {
    const doc = YAML.parse(readFileSync(join(corpusDir, file), "utf8"), { version: "1.2" });
    valid = validate(JSON.parse(JSON.stringify(doc)));
    if (!valid) why = ajv.errorsText(validate.errors);
  } catch (e) {
    valid = false;
    why = String(e);
  }
  const checkAccepts = name.startsWith("ok-");
  const expected = checkAccepts || listed.has(name);
  if (valid !== expected) {
    problems.push(`${name}: check ${checkAccepts ? "accepts" : "refuses"} it, the schema ${valid ? "accepts" : "refuses"} it ${why}`);
  }
}
if (count < 40) problems.push(`the corpus has ${count} files`);
for (const file of mustBeValid) {
  const doc = YAML.parse(readFileSync(file, "utf8"), { version: "1.2" });
  if (!validate(JSON.parse(JSON.stringify(doc)))) {
    problems.push(`${file}: ${ajv.errorsText(validate.errors)}`);
  }
}
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(
  `ajv strict: the schema compiles; ${count} corpus files agree with check; ${mustBeValid.length} example files are valid`,
);
