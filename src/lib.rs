//! smpolicy: compiles the social media policy of a public body from YAML into Markdown,
//! HTML and PDF documents for citizens (external) and staff (internal).

pub mod audit;
pub mod cli;
pub mod compile;
pub mod diagnostics;
pub mod fsutil;
pub mod init;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod platforms;
pub mod render;
pub mod schema;
pub mod validate;
pub mod view;
