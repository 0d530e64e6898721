//! A small HTTP/1.1 server on std::net: one thread per connection (so latency
//! injected into one request never delays another), keep-alive, a body cap, and
//! the ability to hang up without answering (for timeout faults).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
const MAX_HEADER_LINE: u64 = 64 * 1024;
const MAX_HEADERS: usize = 100;

pub struct HttpRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Set when the declared body exceeded MAX_BODY_BYTES (the body is then empty).
    pub body_too_large: bool,
}

impl HttpRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub enum Reply {
    Respond { status: u16, content_type: &'static str, body: Vec<u8>, headers: Vec<(String, String)> },
    /// Hold the connection this long, then close it without a response.
    Hang(Duration),
}

impl Reply {
    pub fn json(status: u16, body: &serde_json::Value) -> Reply {
        Reply::Respond { status, content_type: "application/json; charset=utf-8", body: body.to_string().into_bytes(), headers: Vec::new() }
    }
}

pub type Handler = Arc<dyn Fn(&HttpRequest) -> Reply + Send + Sync>;

pub struct HttpServer {
    pub addr: SocketAddr,
    stopping: Arc<AtomicBool>,
    connections: Arc<Mutex<HashMap<u64, TcpStream>>>,
    accept_thread: Option<JoinHandle<()>>,
}

impl HttpServer {
    pub fn start(listen: &str, handler: Handler) -> std::io::Result<HttpServer> {
        let listener = TcpListener::bind(listen)?;
        let addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let connections: Arc<Mutex<HashMap<u64, TcpStream>>> = Arc::new(Mutex::new(HashMap::new()));
        let (stop2, conns2) = (stopping.clone(), connections.clone());
        let accept_thread = std::thread::Builder::new().name("sim-accept".into()).spawn(move || {
            let next_id = AtomicU64::new(1);
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let id = next_id.fetch_add(1, Ordering::Relaxed);
                if let Ok(clone) = stream.try_clone() {
                    conns2.lock().unwrap_or_else(|e| e.into_inner()).insert(id, clone);
                }
                let (handler, conns3, stop3) = (handler.clone(), conns2.clone(), stop2.clone());
                let spawned = std::thread::Builder::new().name("sim-conn".into()).stack_size(1 << 20).spawn(move || {
                    serve_connection(stream, &handler, &stop3);
                    conns3.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
                });
                if spawned.is_err() {
                    conns2.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
                }
            }
        })?;
        Ok(HttpServer { addr, stopping, connections, accept_thread: Some(accept_thread) })
    }

    /// Stops accepting, closes every open connection and waits for the accept thread.
    pub fn stop(&mut self) {
        if self.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.accept_thread.take() {
            let _ = t.join();
        }
        for (_, s) in self.connections.lock().unwrap_or_else(|e| e.into_inner()).drain() {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn read_line(reader: &mut BufReader<TcpStream>, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    buf.clear();
    reader.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', buf)
}

fn serve_connection(stream: TcpStream, handler: &Handler, stopping: &AtomicBool) {
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::with_capacity(64 * 1024, read_half);
    let mut writer = stream;
    let mut line = Vec::new();
    loop {
        if stopping.load(Ordering::SeqCst) {
            return;
        }
        // Request line (tolerating stray blank lines between requests).
        let request_line = loop {
            match read_line(&mut reader, &mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {
                    let text = String::from_utf8_lossy(&line).trim().to_string();
                    if !text.is_empty() {
                        break text;
                    }
                }
            }
        };
        let mut parts = request_line.split_whitespace();
        let (method, target, version) = (
            parts.next().unwrap_or("").to_ascii_uppercase(),
            parts.next().unwrap_or("/").to_string(),
            parts.next().unwrap_or("HTTP/1.0").to_ascii_uppercase(),
        );
        let mut headers = Vec::new();
        loop {
            match read_line(&mut reader, &mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {
                    let text = String::from_utf8_lossy(&line).trim_end().to_string();
                    if text.is_empty() {
                        break;
                    }
                    if headers.len() >= MAX_HEADERS {
                        let _ = write_reply(&mut writer, plain(431, "Too many headers"), false);
                        return;
                    }
                    if let Some((k, v)) = text.split_once(':') {
                        headers.push((k.trim().to_string(), v.trim().to_string()));
                    }
                }
            }
        }
        let header = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.to_ascii_lowercase());
        let connection = header("connection").unwrap_or_default();
        let mut keep_alive = if version == "HTTP/1.0" { connection.contains("keep-alive") } else { !connection.contains("close") };
        let chunked = header("transfer-encoding").is_some_and(|t| t.contains("chunked"));
        let declared_len = header("content-length").and_then(|l| l.trim().parse::<usize>().ok());
        // curl (and so WordPress) waits up to a second for this before sending bodies over 1 KiB.
        let wants_continue = header("expect").is_some_and(|e| e.contains("100-continue"));
        if wants_continue && declared_len.unwrap_or(0) <= MAX_BODY_BYTES && writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").is_err() {
            return;
        }
        let mut body = Vec::new();
        let mut body_too_large = false;
        if chunked {
            match read_chunked(&mut reader, &mut line) {
                Ok(Some(b)) => body = b,
                Ok(None) => {
                    body_too_large = true;
                    keep_alive = false;
                }
                Err(_) => return,
            }
        } else if let Some(len) = header("content-length") {
            let Ok(len) = len.trim().parse::<usize>() else {
                let _ = write_reply(&mut writer, plain(400, "Invalid Content-Length"), false);
                return;
            };
            if len > MAX_BODY_BYTES {
                body_too_large = true;
                keep_alive = false; // the unread body would corrupt the next request
            } else {
                body.resize(len, 0);
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
            }
        }
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (target.clone(), String::new()),
        };
        let request = HttpRequest { method, path, query, headers, body, body_too_large };
        let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&request)))
            .unwrap_or_else(|_| {
                Reply::json(
                    200,
                    &serde_json::json!({"ResponseStatus": {"ErrorCode": "500", "Message": "Internal simulator error while handling the request"}, "InternalErrorCode": "InternalError"}),
                )
            });
        match reply {
            Reply::Hang(duration) => {
                std::thread::sleep(duration);
                let _ = writer.shutdown(Shutdown::Both);
                return;
            }
            reply => {
                if write_reply(&mut writer, reply, keep_alive).is_err() || !keep_alive {
                    let _ = writer.flush();
                    return;
                }
            }
        }
    }
}

/// Reads a chunked body; `Ok(None)` when it exceeds the cap.
fn read_chunked(reader: &mut BufReader<TcpStream>, line: &mut Vec<u8>) -> std::io::Result<Option<Vec<u8>>> {
    let mut body = Vec::new();
    loop {
        if read_line(reader, line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let text = String::from_utf8_lossy(line);
        let size_text = text.trim().split(';').next().unwrap_or("").to_string();
        let size = usize::from_str_radix(&size_text, 16).map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidData))?;
        if size == 0 {
            // Trailers until a blank line.
            loop {
                if read_line(reader, line)? == 0 || line.iter().all(|b| b.is_ascii_whitespace()) {
                    return Ok(Some(body));
                }
            }
        }
        if body.len() + size > MAX_BODY_BYTES {
            return Ok(None);
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        read_line(reader, line)?; // CRLF after the chunk
    }
}

pub fn plain(status: u16, text: &str) -> Reply {
    Reply::Respond { status, content_type: "text/plain; charset=utf-8", body: text.as_bytes().to_vec(), headers: Vec::new() }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn write_reply(w: &mut TcpStream, reply: Reply, keep_alive: bool) -> std::io::Result<()> {
    let Reply::Respond { status, content_type, body, headers } = reply else { return Ok(()) };
    let mut out = Vec::with_capacity(body.len() + 256);
    write!(out, "HTTP/1.1 {status} {}\r\n", reason(status))?;
    if status != 204 {
        write!(out, "Content-Type: {content_type}\r\nContent-Length: {}\r\n", body.len())?;
    }
    out.extend_from_slice(b"Access-Control-Allow-Origin: *\r\n");
    for (k, v) in &headers {
        write!(out, "{k}: {v}\r\n")?;
    }
    out.extend_from_slice(if keep_alive { b"Connection: keep-alive\r\n\r\n" } else { b"Connection: close\r\n\r\n" });
    if status != 204 {
        out.extend_from_slice(&body);
    }
    w.write_all(&out)
}
