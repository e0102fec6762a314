//! `smpolicy serve` and `smpolicy watch` end to end, through the binary: what the browser
//! gets over HTTP (sent as raw requests, so hostile paths reach the server as written), what
//! the terminal says, and what lands in `out/`.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::{bin, copy_tree, example_src, tempdir};

const ORG: &str = "comune-di-valdoria";

/// A running `smpolicy serve` or `watch`, killed when dropped; its standard error lines.
struct Running {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
    addr: Option<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Running {
    fn start(args: &[&str], cwd: &Path) -> Running {
        let mut child = bin()
            .args(args)
            .current_dir(cwd)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("smpolicy starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines: rx,
            seen: Vec::new(),
            addr: None,
        }
    }

    /// Waits for a line of standard error containing `needle`; fails the test after `limit`.
    fn wait_line(&mut self, needle: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            let left = limit.saturating_sub(start.elapsed());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no line with {needle:?} within {limit:?}; standard error so far:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Starts `serve SRC --out OUT --port 0` and waits for the address it prints.
    fn serve(src: &Path, out: &Path, cwd: &Path) -> Running {
        let mut r = Running::start(
            &[
                "serve",
                src.to_str().expect("utf-8"),
                "--out",
                out.to_str().expect("utf-8"),
                "--port",
                "0",
            ],
            cwd,
        );
        let line = r.wait_line("serving ", Duration::from_secs(60));
        let start = line.find("http://127.0.0.1:").expect("address") + "http://".len();
        let addr = line[start..]
            .split('/')
            .next()
            .expect("host:port")
            .to_string();
        r.addr = Some(addr);
        r
    }

    fn addr(&self) -> &str {
        self.addr.as_deref().expect("serving")
    }

    fn get(&self, target: &str) -> Reply {
        request(self.addr(), "GET", target, self.addr())
    }

    /// The generation and errors the server reports.
    fn status(&self) -> serde_json::Value {
        let r = self.get("/__smpolicy/status");
        assert_eq!(r.status, 200, "{}", r.body);
        serde_json::from_str(&r.body).expect("status JSON")
    }

    /// Waits until the generation is past `seen`; returns the status then.
    fn next_generation(&self, seen: u64) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let s = self.status();
            if s["generation"].as_u64().unwrap_or(0) > seen {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no rebuild after 30 s: {s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    bytes: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one HTTP/1.1 request, exactly as written, and reads the whole answer.
fn request(addr: &str, method: &str, target: &str, host: &str) -> Reply {
    raw_request(
        addr,
        &format!(
            "{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        ),
    )
}

/// Sends `text` as it is (a whole request, with `Connection: close`) and reads the answer.
fn raw_request(addr: &str, text: &str) -> Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    stream.write_all(text.as_bytes()).expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the answer");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut bytes = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        bytes = dechunk(&bytes);
    }
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = std::str::from_utf8(&raw[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 2 + size + 2..];
    }
}

/// A project with a copy of the example source; `out/` beside it.
fn project() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempdir();
    let src = tmp.path().join("policy-src");
    copy_tree(&example_src(), &src);
    let out = tmp.path().join("out");
    (tmp, src, out)
}

fn policy_yaml(src: &Path) -> PathBuf {
    src.join(ORG).join("policy.yaml")
}

/// Replaces `from` by `to` in `file`, as an editor saving it would.
fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(text.contains(from), "{from:?} not in {}", file.display());
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

const OFFICE: &str = "    name: Ufficio Stampa e Comunicazione\n";

#[test]
fn the_list_page_links_every_organisation_language_document_and_format() {
    let (tmp, src, out) = project();
    let server = Running::serve(&src, &out, tmp.path());
    let r = server.get("/");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    for file in [
        "public/it/external.html",
        "public/it/external.pdf",
        "public/it/external.md",
        "public/it/external.fragment.html",
        "internal/it/internal.html",
        "internal/it/internal.pdf",
        "internal/it/internal.md",
        "public/policy.json",
        "public/accounts.json",
        "public/SHA256SUMS",
    ] {
        let href = format!("href=\"/{ORG}/{file}\"");
        assert!(
            r.body.contains(&href),
            "{href} missing from the list:\n{}",
            r.body
        );
        // Every link leads to a file the server gives.
        assert_eq!(server.get(&format!("/{ORG}/{file}")).status, 200, "{file}");
    }
    assert!(r.body.contains("Policy esterna") && r.body.contains("Policy interna"));
    // A folder that smpolicy did not write (no manifest) is not listed.
    std::fs::create_dir_all(out.join("not-ours")).expect("mkdir");
    std::fs::write(out.join("not-ours/a.html"), "x").expect("write");
    assert!(!server.get("/").body.contains("not-ours"));
}

#[test]
fn files_are_served_with_their_content_types_and_the_script_is_never_written_into_out() {
    let (tmp, src, out) = project();
    let server = Running::serve(&src, &out, tmp.path());
    for (file, ty) in [
        ("public/it/external.html", "text/html; charset=utf-8"),
        (
            "public/it/external.fragment.html",
            "text/html; charset=utf-8",
        ),
        ("public/it/external.md", "text/markdown; charset=utf-8"),
        ("public/it/external.pdf", "application/pdf"),
        ("public/policy.json", "application/json"),
        ("public/SHA256SUMS", "text/plain; charset=utf-8"),
    ] {
        let r = server.get(&format!("/{ORG}/{file}"));
        assert_eq!(r.status, 200, "{file}");
        assert_eq!(r.header("content-type"), Some(ty), "{file}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let on_disk = std::fs::read(out.join(ORG).join(file)).expect("built file");
        if ty.starts_with("text/html") {
            assert!(r.body.contains("/__smpolicy/live.js"), "{file}");
            assert!(
                r.header("content-security-policy")
                    .is_some_and(|c| c.contains("script-src 'self'")),
                "{file}"
            );
            assert!(!String::from_utf8_lossy(&on_disk).contains("__smpolicy"));
        } else {
            assert_eq!(r.bytes, on_disk, "{file} is served as it is");
        }
    }
    assert!(
        server
            .get(&format!("/{ORG}/public/it/external.pdf"))
            .bytes
            .starts_with(b"%PDF-")
    );
    let js = server.get("/__smpolicy/live.js");
    assert_eq!(
        js.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(js.body.contains("location.reload()"));
    let mut names = Vec::new();
    for e in walkdir::WalkDir::new(&out) {
        let e = e.expect("walk");
        names.push(e.path().display().to_string());
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).expect("read");
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__smpolicy"),
                "{} holds the server's script",
                e.path().display()
            );
        }
    }
    assert!(!names.iter().any(|n| n.contains("live.js")), "{names:?}");
}

#[test]
fn paths_outside_out_are_refused_and_links_out_of_it_are_not_followed() {
    let (tmp, src, out) = project();
    let secret = "SECRET-OUTSIDE-OUT-4711";
    std::fs::write(tmp.path().join("secret.txt"), secret).expect("write");
    std::fs::write(tmp.path().join("secret.html"), secret).expect("write");
    let server = Running::serve(&src, &out, tmp.path());
    let it = out.join(ORG).join("public/it");
    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(tmp.path().join("secret.txt"), it.join("leak.md")).expect("link");
        symlink("../../../../secret.html", it.join("leak.html")).expect("link");
        symlink(tmp.path(), out.join(ORG).join("up")).expect("link");
        symlink("/etc", out.join("etc")).expect("link");
        // Links at names the manifest lists: a document, and a whole folder.
        std::fs::remove_file(it.join("external.md")).expect("rm");
        symlink(tmp.path().join("secret.txt"), it.join("external.md")).expect("link");
        let outside = tmp.path().join("outside/it");
        std::fs::create_dir_all(&outside).expect("mkdir");
        std::fs::write(outside.join("internal.md"), secret).expect("write");
        std::fs::rename(out.join(ORG).join("internal"), tmp.path().join("moved")).expect("mv");
        symlink(tmp.path().join("outside"), out.join(ORG).join("internal")).expect("link");
        // A pipe is never opened for a blocking read: the request must be answered.
        let fifo = it.join("pipe.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let r = server.get(&format!("/{ORG}/public/it/pipe.md"));
        assert_eq!(r.status, 404, "{}", r.body);
    }
    let mut targets: Vec<String> = [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/ORG/../../secret.txt",
        "/ORG/..%2F..%2Fsecret.txt",
        "/ORG/%2e%2e/%2e%2e/secret.txt",
        "/ORG\\..\\..\\secret.txt",
        "/ORG%5c..%5c..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/ORG/public/it/leak.md",
        "/ORG/public/it/leak.html",
        "/ORG/public/it/external.md",
        "/ORG/internal/it/internal.md",
        "/ORG/up/secret.txt",
        "/etc/passwd",
        "/ORG/.smpolicy-manifest",
        "/.smpolicy-lock",
        "http://127.0.0.1/../secret.txt",
    ]
    .iter()
    .map(|t| t.replace("ORG", ORG))
    .collect();
    targets.push(format!("/{}/secret.txt", tmp.path().display()));
    for target in &targets {
        let r = server.get(target);
        assert!(
            r.status == 403 || r.status == 404 || r.status == 400,
            "{target}: {} {}",
            r.status,
            r.body
        );
        assert!(!r.body.contains(secret), "{target} leaked the file");
        assert!(!r.body.contains("root:"), "{target} leaked /etc/passwd");
    }
    // The traversals themselves are refused by name, before the disk is read.
    for target in ["/..%2fsecret.txt", "/%2e%2e/secret.txt", "//etc/passwd"] {
        assert_eq!(server.get(target).status, 403, "{target}");
    }
    // Only what smpolicy wrote (listed in a manifest) is served, not other files in out/.
    std::fs::write(it.join("extra.html"), "NOT-WRITTEN-BY-SMPOLICY").expect("write");
    std::fs::write(out.join("top.txt"), "NOT-WRITTEN-BY-SMPOLICY").expect("write");
    for target in [
        format!("/{ORG}/public/it/extra.html"),
        "/top.txt".to_string(),
    ] {
        let r = server.get(&target);
        assert_eq!(r.status, 404, "{target}");
        assert!(!r.body.contains("NOT-WRITTEN-BY-SMPOLICY"), "{target}");
    }
    // The documents themselves are still served.
    assert_eq!(
        server.get(&format!("/{ORG}/public/it/external.pdf")).status,
        200
    );
}

#[test]
fn only_get_and_head_for_this_host_are_answered() {
    let (tmp, src, out) = project();
    let server = Running::serve(&src, &out, tmp.path());
    let addr = server.addr().to_string();
    let target = format!("/{ORG}/public/it/external.md");
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = request(&addr, method, &target, &addr);
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"), "{method}");
    }
    let head = request(&addr, "HEAD", &target, &addr);
    assert_eq!(head.status, 200);
    assert!(head.bytes.is_empty(), "HEAD has no body");
    assert_eq!(
        head.header("content-type"),
        Some("text/markdown; charset=utf-8")
    );
    // A page of another site that points its name at 127.0.0.1 (DNS rebinding) is refused.
    let port = addr.rsplit(':').next().expect("port");
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1:1".to_string(),
        "evil.example".to_string(),
    ] {
        let r = request(&addr, "GET", &target, &host);
        assert_eq!(r.status, 403, "Host {host}");
    }
    let r = request(&addr, "GET", &target, &format!("localhost:{port}"));
    assert_eq!(r.status, 200);
    // Host written twice, or its port not in plain digits, is not this server's name; nor
    // is a target that names another server, whatever Host says.
    for (what, text) in [
        (
            "two Host headers",
            format!(
                "GET {target} HTTP/1.1\r\nHost: {addr}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
            ),
        ),
        (
            "a port with a sign",
            format!(
                "GET {target} HTTP/1.1\r\nHost: localhost:+{port}\r\nConnection: close\r\n\r\n"
            ),
        ),
        (
            "an absolute target",
            format!(
                "GET http://evil.example{target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
            ),
        ),
    ] {
        let r = raw_request(&addr, &text);
        assert!(
            r.status == 403 || r.status == 400,
            "{what}: {} {}",
            r.status,
            r.body
        );
        assert!(!r.body.contains("Comune di Valdoria"), "{what}: {}", r.body);
    }
}

#[test]
fn requests_whose_browser_went_away_never_use_up_the_server() {
    // A tab closed, or a reload, while its request is answered: the request is dropped.
    // Each once held one of the 64 places for requests for good, and after 64 of them every
    // answer was 503. Here 800 requests are sent, 20 at a time, and their connections closed
    // at once.
    let (tmp, src, out) = project();
    let server = Running::serve(&src, &out, tmp.path());
    let addr = server.addr().to_string();
    let pdf = format!("/{ORG}/public/it/external.pdf");
    let page = format!("/{ORG}/public/it/external.html");
    for _ in 0..40 {
        let streams: Vec<TcpStream> = (0..20)
            .filter_map(|_| TcpStream::connect(&addr).ok())
            .map(|mut stream| {
                let _ = write!(stream, "GET {page} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
                stream
            })
            .collect();
        drop(streams);
    }
    // The work already begun ends on its own; then every place is free again.
    let start = Instant::now();
    loop {
        let r = server.get(&pdf);
        if r.status == 200 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "still {} after 20 s: {}",
            r.status,
            r.body
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let answered = (0..70)
        .map(|_| server.get("/__smpolicy/build").status)
        .filter(|s| *s == 200)
        .count();
    assert_eq!(answered, 70, "every request answered once the others ended");
}

#[cfg(target_os = "linux")]
#[test]
fn the_server_listens_on_127_0_0_1_only() {
    let (tmp, src, out) = project();
    let server = Running::serve(&src, &out, tmp.path());
    let port: u16 = server
        .addr()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    // /proc/net/tcp lists listening sockets (state 0A) as ADDR:PORT in hex; 0100007F is
    // 127.0.0.1. Nothing listens on that port on any other address, nor on IPv6.
    let listening: Vec<String> = ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() > 3 && f[3] == "0A" && f[1].ends_with(&format!(":{port:04X}"))
        })
        .collect();
    assert_eq!(listening.len(), 1, "{listening:?}");
    assert!(
        listening[0]
            .split_whitespace()
            .nth(1)
            .is_some_and(|a| a == format!("0100007F:{port:04X}"))
    );
}

#[test]
fn a_taken_port_is_a_clear_error_with_exit_2() {
    let (tmp, src, out) = project();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let mut cmd = bin();
    cmd.args([
        "serve",
        src.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--port",
        &port,
    ])
    .current_dir(tmp.path());
    let r = common::run_limited(cmd, Duration::from_secs(60));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "error[port-unavailable]: port {port} on 127.0.0.1 is already in use"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("--port"),
        "the hint names the option: {}",
        r.stderr
    );
    assert!(!out.exists(), "nothing was built");
}

#[test]
fn a_missing_source_is_exit_2() {
    let tmp = tempdir();
    let mut cmd = bin();
    cmd.args(["watch", "nowhere"]).current_dir(tmp.path());
    let r = common::run_limited(cmd, Duration::from_secs(60));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("nowhere"), "{}", r.stderr);
}

#[test]
fn a_save_rebuilds_an_error_keeps_the_last_good_text_and_shows_escaped_and_fixing_it_clears_it() {
    let (tmp, src, out) = project();
    let mut server = Running::serve(&src, &out, tmp.path());
    let page = format!("/{ORG}/public/it/external.html");
    let md = out.join(ORG).join("public/it/external.md");
    let g1 = server.status()["generation"].as_u64().expect("generation");
    assert!(server.status()["errors"].is_null());

    // The page carries the build it was served at; the reload script compares it with the
    // server's, which changes with each build that changes something.
    let token = server.get("/__smpolicy/build").body.trim().to_string();
    assert!(
        server
            .get(&page)
            .body
            .contains(&format!("data-build=\"{token}\"")),
        "{token}"
    );

    // 1. A new value: rebuilt, out/ and the page show it.
    edit(
        &policy_yaml(&src),
        OFFICE,
        "    name: Ufficio Stampa Nuovo Nome\n",
    );
    let s = server.next_generation(g1);
    assert!(s["errors"].is_null(), "{s}");
    server.wait_line("wrote ", Duration::from_secs(30));
    assert!(
        std::fs::read_to_string(&md)
            .expect("md")
            .contains("Ufficio Stampa Nuovo Nome")
    );
    assert!(server.get(&page).body.contains("Ufficio Stampa Nuovo Nome"));
    let g2 = s["generation"].as_u64().expect("generation");
    assert_ne!(server.get("/__smpolicy/build").body.trim(), token);

    // 2. A mistake holding markup: nothing written, the error in the page (escaped) and on
    // the terminal, with file:line:column and the hint, above the last good text.
    let before = std::fs::read(&md).expect("md");
    edit(
        &policy_yaml(&src),
        "  kind: comune\n",
        "  kind: <script>alert(1)</script>\n",
    );
    let s = server.next_generation(g2);
    let errors = s["errors"].as_str().expect("errors").to_string();
    let place = "policy.yaml:11:9: error[unknown-value]";
    assert!(errors.contains(place), "{errors}");
    let line = server.wait_line("error[unknown-value]", Duration::from_secs(30));
    assert!(line.contains(place), "{line}");
    server.wait_line(
        "out/ keeps the last good documents",
        Duration::from_secs(30),
    );
    assert_eq!(std::fs::read(&md).expect("md"), before, "out/ is unchanged");
    let body = server.get(&page).body;
    assert!(body.contains("smpolicy-serve-errors"), "{body}");
    assert!(body.contains(place), "{body}");
    assert!(body.contains("help: "), "the hint is shown: {body}");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
    assert!(
        !body.contains("<script>alert(1)"),
        "the value is data, never markup"
    );
    assert!(
        body.contains("Ufficio Stampa Nuovo Nome"),
        "the last good text is still there"
    );
    let list = server.get("/").body;
    assert!(
        list.contains(place) && list.contains("public/it/external.pdf"),
        "{list}"
    );
    let g3 = s["generation"].as_u64().expect("generation");

    // 3. Fixed: the error goes.
    edit(
        &policy_yaml(&src),
        "  kind: <script>alert(1)</script>\n",
        "  kind: comune\n",
    );
    let s = server.next_generation(g3);
    assert!(s["errors"].is_null(), "{s}");
    server.wait_line("the errors are fixed", Duration::from_secs(30));
    let body = server.get(&page).body;
    assert!(!body.contains("smpolicy-serve-errors"), "{body}");
    assert!(body.contains("Ufficio Stampa Nuovo Nome"));
}

#[test]
fn a_template_save_rebuilds_too() {
    let (tmp, src, out) = project();
    let templates = tmp.path().join("templates");
    std::fs::create_dir_all(templates.join("it")).expect("mkdir");
    let original = smpolicy::render::templates::TemplateSet::builtin();
    let external = original
        .get("it/external.md.tera")
        .expect("built-in template");
    std::fs::write(templates.join("it/external.md.tera"), external).expect("write");
    let server = Running::serve(&src, &out, tmp.path());
    let g1 = server.status()["generation"].as_u64().expect("generation");
    std::fs::write(
        templates.join("it/external.md.tera"),
        format!("{external}\nRIGA-AGGIUNTA-DAL-MODELLO\n"),
    )
    .expect("write");
    let s = server.next_generation(g1);
    assert!(s["errors"].is_null(), "{s}");
    let md = std::fs::read_to_string(out.join(ORG).join("public/it/external.md")).expect("md");
    assert!(md.contains("RIGA-AGGIUNTA-DAL-MODELLO"));
}

#[test]
fn watch_builds_on_save_and_not_on_its_own_reads() {
    let (tmp, src, out) = project();
    let mut watch = Running::start(
        &[
            "watch",
            src.to_str().expect("utf-8"),
            "--out",
            out.to_str().expect("utf-8"),
        ],
        tmp.path(),
    );
    watch.wait_line("wrote 21 file(s)", Duration::from_secs(60));
    watch.wait_line("watching ", Duration::from_secs(30));
    // Reading the sources (the build does) is not a change: no second build by itself.
    std::thread::sleep(Duration::from_millis(1500));
    let extra: Vec<String> = watch.lines.try_iter().collect();
    assert!(
        !extra.iter().any(|l| l.contains("wrote")),
        "built again without a change: {extra:?}"
    );
    edit(
        &policy_yaml(&src),
        OFFICE,
        "    name: Ufficio Comunicazione Vista\n",
    );
    watch.wait_line("wrote 21 file(s)", Duration::from_secs(30));
    let md = std::fs::read_to_string(out.join(ORG).join("public/it/external.md")).expect("md");
    assert!(md.contains("Ufficio Comunicazione Vista"));
}
