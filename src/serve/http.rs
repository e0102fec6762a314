//! The preview server: `out/` on 127.0.0.1, read-only.
//!
//! - Listens on 127.0.0.1 only: nothing on the network can connect.
//! - Answers only requests whose `Host` is `127.0.0.1:<port>` or `localhost:<port>`: a web
//!   site that points its own name at 127.0.0.1 (DNS rebinding) cannot read the documents,
//!   internal ones included, through the officer's browser.
//! - Only GET and HEAD (anything else gets 405).
//! - A path is resolved by [`super::paths`] and opened below `out/` with `cap-std`, which
//!   never leaves the folder it was given: no `..`, no absolute path, no symbolic link that
//!   leads out of it. Only regular files are read (a pipe is never opened for a blocking read).
//! - HTML gets the error panel and the reload script ([`super::page`]) as it is sent; the
//!   files in `out/` are never changed.

use std::convert::Infallible;
use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use cap_std::ambient_authority;
use cap_std::fs::Dir;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::http::request::Parts;
use hyper::{Method, Response, StatusCode};

use super::page::{self, OrgFiles, Preview};
use super::paths::{self, Target};
use super::{Live, Status};
use crate::diagnostics::Diagnostic;

/// Largest file served: the documents are far smaller.
const MAX_FILE: u64 = 256 * 1024 * 1024;
/// Requests handled at once; more get 503 (a page, its reload script and a few tabs need
/// far fewer).
const MAX_CONCURRENT: usize = 64;

/// The policy for pages: their own inline styles, scripts only from this server (the
/// reload script; the page's JSON-LD is data and never runs), nothing from elsewhere.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Binds 127.0.0.1:`port` (0: any free port). A taken port is an error that says so.
pub fn bind(port: u16) -> Result<TcpListener, Diagnostic> {
    TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        let (message, hint) = match e.kind() {
            std::io::ErrorKind::AddrInUse => (
                format!("port {port} on 127.0.0.1 is already in use (another `smpolicy serve`, or another program)"),
                format!(
                    "stop the other program, or choose another port: `smpolicy serve --port {}`",
                    port.wrapping_add(1).max(1024)
                ),
            ),
            std::io::ErrorKind::PermissionDenied => (
                format!("port {port} on 127.0.0.1 may not be used by this user: {e}"),
                "ports below 1024 are reserved: choose one such as `--port 3000`".to_string(),
            ),
            _ => (
                format!("cannot listen on 127.0.0.1:{port}: {e}"),
                "choose another port with `--port`".to_string(),
            ),
        };
        Diagnostic::error("port-unavailable", message).hint(hint)
    })
}

/// Serves `out` on `listener` from a thread of its own; returns the address it listens on.
/// Each connection is read as soon as it is accepted, however many others stay open (a
/// browser keeps up to six open per tab set), and each request is answered on a thread of
/// tokio's blocking pool, since it reads files.
pub fn spawn(
    listener: TcpListener,
    out: PathBuf,
    live: Arc<Live>,
) -> Result<SocketAddr, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::io(format!("cannot start the server: {e}"));
    let addr = listener.local_addr().map_err(cannot)?;
    listener.set_nonblocking(true).map_err(cannot)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(cannot)?;
    let ctx = Arc::new(Ctx {
        out,
        live,
        port: addr.port(),
        busy: AtomicUsize::new(0),
    });
    std::thread::Builder::new()
        .name("smpolicy-serve".to_string())
        .spawn(move || runtime.block_on(accept(listener, ctx)))
        .map_err(cannot)?;
    Ok(addr)
}

/// Accepts connections for ever, each served on a task of its own.
async fn accept(listener: TcpListener, ctx: Arc<Ctx>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it was accepted:
                // wait a little instead of spinning, then go on.
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            }
        };
        let ctx = Arc::clone(&ctx);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: hyper::Request<_>| {
                let ctx = Arc::clone(&ctx);
                async move { Ok::<_, Infallible>(answer(request.into_parts().0, ctx).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Answers one request on the blocking pool; at most [`MAX_CONCURRENT`] at once.
async fn answer(request: Parts, ctx: Arc<Ctx>) -> Reply {
    let Some(slot) = Slot::take(&ctx) else {
        return text(503, "too many requests at once");
    };
    // The slot goes with the work, not with this future: a browser that closes the
    // connection drops the future, while the work still runs to its end and then frees it.
    let reply = tokio::task::spawn_blocking(move || respond(&request, &slot.0)).await;
    reply.unwrap_or_else(|_| text(500, "the request could not be answered"))
}

/// One of the [`MAX_CONCURRENT`] requests handled at once; freed when dropped.
struct Slot(Arc<Ctx>);

impl Slot {
    fn take(ctx: &Arc<Ctx>) -> Option<Slot> {
        if ctx.busy.fetch_add(1, Ordering::SeqCst) >= MAX_CONCURRENT {
            ctx.busy.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Slot(Arc::clone(ctx)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::SeqCst);
    }
}

struct Ctx {
    out: PathBuf,
    live: Arc<Live>,
    port: u16,
    busy: AtomicUsize,
}

type Reply = Response<Full<Bytes>>;

/// A response with the headers every answer carries: no caching (a reload must show the
/// new build), no type sniffing, no referrer.
fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    let mut r = Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("Content-Type", content_type)
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer");
    if content_type.starts_with("text/html") {
        r = r.header("Content-Security-Policy", CSP);
    }
    r.body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| Response::new(Full::default()))
}

fn text(status: u16, body: &str) -> Reply {
    reply(
        status,
        "text/plain; charset=utf-8",
        format!("{body}\n").into_bytes(),
    )
}

fn html(status: u16, body: String) -> Reply {
    reply(status, "text/html; charset=utf-8", body.into_bytes())
}

/// The content type of a file the build writes, by its name.
pub fn content_type(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "css" => "text/css; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ if name == "sha256sums" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `Host` must name this server, once: 127.0.0.1 or localhost, on its port, written in
/// digits.
fn host_allowed(request: &Parts, port: u16) -> bool {
    let mut hosts = request.headers.get_all(hyper::header::HOST).iter();
    let (Some(host), None) = (hosts.next(), hosts.next()) else {
        return false;
    };
    let Ok(host) = host.to_str().map(str::to_ascii_lowercase) else {
        return false;
    };
    let Some((name, digits)) = host.rsplit_once(':') else {
        return false;
    };
    matches!(name, "127.0.0.1" | "localhost")
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.parse::<u16>().ok() == Some(port)
}

fn respond(request: &Parts, ctx: &Ctx) -> Reply {
    if !matches!(request.method, Method::GET | Method::HEAD) {
        let mut r = text(405, "only GET and HEAD are served");
        r.headers_mut().insert(
            hyper::header::ALLOW,
            hyper::header::HeaderValue::from_static("GET, HEAD"),
        );
        return r;
    }
    if !host_allowed(request, ctx.port) {
        return text(
            403,
            "refused: open the preview at http://127.0.0.1:<port>/ or http://localhost:<port>/",
        );
    }
    // The whole target as sent: an absolute one (`http://host/x`) names another server and
    // is refused, whatever `Host` says.
    let target = request.uri.to_string();
    let target = target.as_str();
    match paths::path_of(target) {
        page::LIVE_JS => {
            return reply(
                200,
                "text/javascript; charset=utf-8",
                page::LIVE_SCRIPT.as_bytes().to_vec(),
            );
        }
        page::BUILD => return text(200, &ctx.live.status().token()),
        page::STATUS => {
            let status = ctx.live.status();
            let json = serde_json::json!({
                "generation": status.generation,
                "build": status.token(),
                "errors": status.errors.as_ref().map(|e| &e.text),
                "summary": status.errors.as_ref().map(|e| &e.summary),
            });
            return reply(200, "application/json", format!("{json}\n").into_bytes());
        }
        _ => {}
    }
    let status = ctx.live.status();
    let preview = ctx.live.preview();
    match paths::resolve(target) {
        Err(refused) => html(
            403,
            page::problem(
                &preview.words.refused,
                &refused.to_string(),
                &status,
                &preview,
            ),
        ),
        Ok(Target::Index) => html(200, page::index(&list_orgs(&ctx.out), &status, &preview)),
        Ok(Target::File(rel)) => serve_file(&ctx.out, &rel, &status, &preview),
    }
}

fn not_found(rel: &Path, status: &Status, preview: &Preview) -> Reply {
    html(
        404,
        page::problem(
            &preview.words.not_found,
            &format!("{} is not in the output folder", rel.display()),
            status,
            preview,
        ),
    )
}

/// Reads `rel` below `out`, never leaving it; a regular file only.
fn read_below(out: &Path, rel: &Path) -> std::io::Result<Vec<u8>> {
    let dir = Dir::open_ambient_dir(out, ambient_authority())?;
    let mut options = cap_std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use cap_std::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = dir.open_with(rel, &options)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "not a regular file",
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The files smpolicy wrote into the organisation folder `slug` of `out`, from its manifest
/// (`public/it/external.html`, ...), when the folder has one.
fn manifest_of(out: &Path, slug: &str) -> Option<Vec<String>> {
    if !paths::ordinary(slug) {
        return None;
    }
    let bytes = read_below(out, &Path::new(slug).join(crate::render::output::MANIFEST)).ok()?;
    Some(
        String::from_utf8_lossy(&bytes)
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter(|l| l.split('/').all(paths::ordinary))
            .map(str::to_string)
            .collect(),
    )
}

/// True when `rel` is a file smpolicy wrote: `<slug>/<a file its manifest lists>`. Anything
/// else in `out/` (your own files, another program's folder, `out/` pointed at the wrong
/// place) is not served.
fn written_by_smpolicy(out: &Path, rel: &Path) -> bool {
    let mut parts = rel.iter().map(|p| p.to_string_lossy());
    let Some(slug) = parts.next() else {
        return false;
    };
    let file = parts.collect::<Vec<_>>().join("/");
    manifest_of(out, &slug).is_some_and(|files| files.contains(&file))
}

fn serve_file(out: &Path, rel: &Path, status: &Status, preview: &Preview) -> Reply {
    if !written_by_smpolicy(out, rel) {
        return not_found(rel, status, preview);
    }
    let bytes = match read_below(out, rel) {
        Ok(b) => b,
        Err(_) => return not_found(rel, status, preview),
    };
    let ty = content_type(rel);
    if ty.starts_with("text/html") {
        let page = String::from_utf8_lossy(&bytes);
        return html(200, page::inject(&page, status, preview));
    }
    reply(200, ty, bytes)
}

/// The organisation folders of `out/` that smpolicy wrote (they hold a manifest), each with
/// the files its manifest lists that are there now as regular files.
fn list_orgs(out: &Path) -> Vec<OrgFiles> {
    let Ok(dir) = Dir::open_ambient_dir(out, ambient_authority()) else {
        return Vec::new();
    };
    let Ok(entries) = dir.entries() else {
        return Vec::new();
    };
    let mut orgs = Vec::new();
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if !paths::ordinary(&name) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Some(files) = manifest_of(out, &name) else {
            continue;
        };
        let mut files: Vec<String> = files
            .into_iter()
            .filter(|f| {
                dir.metadata(Path::new(&name).join(f))
                    .is_ok_and(|m| m.is_file())
            })
            .collect();
        files.sort();
        orgs.push(OrgFiles { slug: name, files });
    }
    orgs.sort_by(|a, b| a.slug.cmp(&b.slug));
    orgs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_file_name() {
        for (name, ty) in [
            ("a/external.html", "text/html; charset=utf-8"),
            ("a/external.fragment.html", "text/html; charset=utf-8"),
            ("a/external.md", "text/markdown; charset=utf-8"),
            ("a/external.pdf", "application/pdf"),
            ("a/policy.json", "application/json"),
            ("a/SHA256SUMS", "text/plain; charset=utf-8"),
            ("a/archive.zip", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), ty, "{name}");
        }
    }
}
