//! smpolicy: compiles the social media policy of a public body from YAML into Markdown,
//! HTML and PDF documents for citizens (external) and staff (internal).

#![forbid(unsafe_code)]

pub mod annotations;
pub mod audit;
pub mod bundle;
pub mod changes;
pub mod compile;
pub mod diagnostics;
pub mod fsutil;
pub mod git;
pub mod init;
pub mod labels;
pub mod load;
pub mod model;
pub mod names;
pub mod nfc;
pub mod norms;
pub mod org_kinds;
pub mod pipeline;
pub mod platforms;
pub mod readability;
pub mod render;
pub mod scan;
pub mod schema;
pub mod serve;
pub mod suggest;
pub mod term;
pub mod validate;
pub mod view;
