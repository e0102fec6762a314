//! `smpolicy schema`: the JSON Schema (draft-07) of a policy file, generated from the model
//! types, so that editors can autocomplete keys and values and show what each one means.

use schemars::generate::SchemaSettings;

use crate::model::PolicyFile;

/// The schema of one policy YAML file, as pretty JSON with a final newline.
pub fn generate() -> String {
    let generator = SchemaSettings::draft07()
        .with(|s| {
            // Every definition written where it is used: editors show the description of
            // each key without following references.
            s.inline_subschemas = true;
        })
        .into_generator();
    let mut schema = generator.into_root_schema_for::<PolicyFile>();
    schema.insert(
        "title".to_string(),
        "smpolicy: social media policy di un ente pubblico".into(),
    );
    schema.insert(
        "description".to_string(),
        "Un file YAML della policy. Le sezioni possono stare tutte in un file o in più file della stessa cartella; ogni sezione in un file solo. Generato da `smpolicy schema`.".into(),
    );
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}
