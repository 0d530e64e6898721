//! Plain HTTP/1.1 over `std::net`, for tests and tools against the simulator and loopback.
//!
//! Each request runs on a background thread and completes a `futures` oneshot, so
//! `join_all`/`buffer_unordered` on `futures::executor` give real concurrency without an
//! async runtime. Connections are kept alive and pooled per host. `https` is refused with a
//! clear error: the wasm transport is the one that talks to the real API.

use super::{Endpoint, RawResponse, Transport};
use crate::error::{TransportError, TransportErrorKind};
use futures::channel::oneshot;
use std::collections::HashMap;
use std::future::Future;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Bodies larger than this are refused (a runaway answer must not exhaust memory).
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;
const MAX_HEADER_LINE: usize = 16 * 1024;
const MAX_HEADERS: usize = 200;

#[derive(Debug, Clone)]
pub struct NativeConfig {
    pub connect_timeout: Duration,
    /// Socket read/write timeout; the client's request timeout usually fires first.
    pub io_timeout: Duration,
    /// Idle keep-alive connections kept per host.
    pub max_idle_per_host: usize,
}

impl Default for NativeConfig {
    fn default() -> Self {
        NativeConfig {
            connect_timeout: Duration::from_secs(5),
            io_timeout: Duration::from_secs(60),
            max_idle_per_host: 32,
        }
    }
}

type Connection = BufReader<TcpStream>;

#[derive(Default)]
struct Pool {
    idle: Mutex<HashMap<(String, u16), Vec<Connection>>>,
}

impl Pool {
    fn take(&self, key: &(String, u16)) -> Option<Connection> {
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let list = idle.get_mut(key)?;
        while let Some(connection) = list.pop() {
            if is_reusable(&connection) {
                return Some(connection);
            }
        }
        None
    }

    fn put(&self, key: (String, u16), connection: Connection, max_idle: usize) {
        let mut idle = self
            .idle
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let list = idle.entry(key).or_default();
        if list.len() < max_idle {
            list.push(connection);
        }
    }
}

/// An idle connection the server has closed shows up as readable EOF; drop it instead of
/// sending on it (which would turn into an ambiguous failure).
fn is_reusable(connection: &Connection) -> bool {
    if !connection.buffer().is_empty() {
        return false;
    }
    let stream = connection.get_ref();
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut probe = [0u8; 1];
    let alive = matches!(stream.peek(&mut probe), Err(e) if e.kind() == ErrorKind::WouldBlock);
    stream.set_nonblocking(false).is_ok() && alive
}

/// HTTP transport over `std::net`.
#[derive(Clone)]
pub struct NativeTransport {
    endpoint: Endpoint,
    config: NativeConfig,
    pool: Arc<Pool>,
}

impl NativeTransport {
    pub fn new(endpoint: Endpoint) -> Self {
        NativeTransport::with_config(endpoint, NativeConfig::default())
    }

    pub fn with_config(endpoint: Endpoint, config: NativeConfig) -> Self {
        NativeTransport {
            endpoint,
            config,
            pool: Arc::new(Pool::default()),
        }
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }
}

impl Transport for NativeTransport {
    fn send(
        &self,
        operation: &str,
        body: String,
    ) -> impl Future<Output = Result<RawResponse, TransportError>> {
        let url = self.endpoint.url_for(operation);
        let headers = self.endpoint.headers().to_vec();
        let pool = Arc::clone(&self.pool);
        let config = self.config.clone();
        let (sender, receiver) = oneshot::channel();
        let spawned = std::thread::Builder::new()
            .name("megaventory-http".to_owned())
            .spawn(move || {
                let result = exchange(&pool, &config, &url, &headers, body.as_bytes());
                // The caller may have given up (timeout); nobody to tell then.
                let _ = sender.send(result);
            });
        async move {
            if let Err(e) = spawned {
                return Err(TransportError::new(
                    TransportErrorKind::Other,
                    false,
                    format!("cannot start an I/O thread: {e}"),
                ));
            }
            receiver.await.unwrap_or_else(|_| {
                Err(TransportError::new(
                    TransportErrorKind::Other,
                    true,
                    "the I/O thread ended without an answer",
                ))
            })
        }
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        timer::sleep(duration)
    }

    fn now_millis(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }
}

struct Target {
    host: String,
    port: u16,
    /// `host[:port]` as written in the URL, for the Host header.
    authority: String,
    path: String,
}

fn parse_url(url: &str) -> Result<Target, TransportError> {
    let invalid = |why: &str| {
        TransportError::new(
            TransportErrorKind::InvalidUrl,
            false,
            format!("{why}: {url}"),
        )
    };
    let rest = if let Some(rest) = url.strip_prefix("http://") {
        rest
    } else if url.starts_with("https://") {
        return Err(TransportError::new(
            TransportErrorKind::Unsupported,
            false,
            format!(
                "https is not supported by the native transport (it is for the simulator and loopback; \
                 the wasm transport talks to the real API): {url}"
            ),
        ));
    } else {
        return Err(invalid("only http:// URLs are supported"));
    };
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if authority.is_empty() {
        return Err(invalid("no host"));
    }
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (host, after) = bracketed
            .split_once(']')
            .ok_or_else(|| invalid("unclosed '['"))?;
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse().map_err(|_| invalid("bad port"))?,
            None if after.is_empty() => 80,
            None => return Err(invalid("bad authority")),
        };
        (host.to_owned(), port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (
                host.to_owned(),
                port.parse().map_err(|_| invalid("bad port"))?,
            ),
            None => (authority.to_owned(), 80),
        }
    };
    if path.contains(['\r', '\n', ' ']) {
        return Err(invalid("the path contains spaces or line breaks"));
    }
    Ok(Target {
        host,
        port,
        authority: authority.to_owned(),
        path: path.to_owned(),
    })
}

fn connect(target: &Target, config: &NativeConfig) -> Result<Connection, TransportError> {
    let refused = |detail: String| TransportError::new(TransportErrorKind::Connect, false, detail);
    let addresses = (target.host.as_str(), target.port)
        .to_socket_addrs()
        .map_err(|e| refused(format!("cannot resolve {}: {e}", target.host)))?;
    let mut last_error = None;
    for address in addresses {
        match TcpStream::connect_timeout(&address, config.connect_timeout) {
            Ok(stream) => {
                let _ = stream.set_nodelay(true);
                return Ok(BufReader::new(stream));
            }
            Err(e) => last_error = Some(format!("{address}: {e}")),
        }
    }
    Err(refused(last_error.unwrap_or_else(|| {
        format!("no address for {}", target.host)
    })))
}

fn exchange(
    pool: &Pool,
    config: &NativeConfig,
    url: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<RawResponse, TransportError> {
    let target = parse_url(url)?;
    for (name, value) in headers {
        if name.contains(['\r', '\n', ':']) || value.contains(['\r', '\n']) {
            return Err(TransportError::new(
                TransportErrorKind::Other,
                false,
                format!("invalid header {name:?}"),
            ));
        }
    }
    let mut request = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\nConnection: keep-alive\r\n",
        target.path,
        target.authority,
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);

    let key = (target.host.clone(), target.port);
    // A pooled connection can still die between the liveness probe and our write; a failed
    // write means the server did not get the whole request (Content-Length), so it is safe to
    // repeat once on a fresh connection.
    let mut connection = match pool.take(&key) {
        Some(mut pooled) => match write_request(&mut pooled, config, &bytes) {
            Ok(()) => pooled,
            Err(_) => {
                let mut fresh = connect(&target, config)?;
                write_request(&mut fresh, config, &bytes)?;
                fresh
            }
        },
        None => {
            let mut fresh = connect(&target, config)?;
            write_request(&mut fresh, config, &bytes)?;
            fresh
        }
    };
    let (response, reusable) = read_response(&mut connection)?;
    if reusable {
        pool.put(key, connection, config.max_idle_per_host);
    }
    Ok(response)
}

fn write_request(
    connection: &mut Connection,
    config: &NativeConfig,
    bytes: &[u8],
) -> Result<(), TransportError> {
    let stream = connection.get_mut();
    let setup = stream
        .set_write_timeout(Some(config.io_timeout))
        .and_then(|_| stream.set_read_timeout(Some(config.io_timeout)));
    setup
        .and_then(|_| stream.write_all(bytes))
        .and_then(|_| stream.flush())
        // Not all bytes reached the server, so it cannot have acted on the request.
        .map_err(|e| {
            TransportError::new(
                TransportErrorKind::Io,
                false,
                format!("sending failed: {e}"),
            )
        })
}

/// Any failure from here on is ambiguous: the request was sent.
fn read_error(e: std::io::Error) -> TransportError {
    let kind = match e.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => TransportErrorKind::Timeout,
        _ => TransportErrorKind::Io,
    };
    TransportError::new(kind, true, format!("reading the answer failed: {e}"))
}

fn protocol_error(detail: impl Into<String>) -> TransportError {
    TransportError::new(TransportErrorKind::Io, true, detail.into())
}

fn read_line(connection: &mut Connection) -> Result<String, TransportError> {
    let mut line = Vec::new();
    let read = connection
        .by_ref()
        .take(MAX_HEADER_LINE as u64)
        .read_until(b'\n', &mut line)
        .map_err(read_error)?;
    if read == 0 {
        return Err(protocol_error("the connection closed before an answer"));
    }
    if !line.ends_with(b"\n") {
        return Err(protocol_error("header line too long or truncated"));
    }
    Ok(String::from_utf8_lossy(&line)
        .trim_end_matches(['\r', '\n'])
        .to_owned())
}

fn read_response(connection: &mut Connection) -> Result<(RawResponse, bool), TransportError> {
    let status_line = read_line(connection)?;
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .filter(|_| version.starts_with("HTTP/"))
        .ok_or_else(|| {
            protocol_error(format!(
                "not an HTTP status line: {:?}",
                status_line.chars().take(80).collect::<String>()
            ))
        })?;
    let mut keep_alive = version == "HTTP/1.1";
    let mut content_length: Option<usize> = None;
    let mut chunked = false;
    let mut retry_after = None;
    let mut header_count = 0;
    loop {
        let line = read_line(connection)?;
        if line.is_empty() {
            break;
        }
        header_count += 1;
        if header_count > MAX_HEADERS {
            return Err(protocol_error("too many headers"));
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => {
                content_length = Some(
                    value
                        .parse()
                        .map_err(|_| protocol_error(format!("bad Content-Length {value:?}")))?,
                )
            }
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "connection" => {
                let value = value.to_ascii_lowercase();
                if value.contains("close") {
                    keep_alive = false;
                } else if value.contains("keep-alive") {
                    keep_alive = true;
                }
            }
            "retry-after" => retry_after = value.parse::<u64>().ok().map(Duration::from_secs),
            _ => {}
        }
    }
    let body = if status == 204 || status == 304 || (100..200).contains(&status) {
        Vec::new()
    } else if chunked {
        read_chunked(connection)?
    } else if let Some(length) = content_length {
        if length > MAX_BODY_BYTES {
            return Err(protocol_error(format!("answer too large ({length} bytes)")));
        }
        let mut body = vec![0u8; length];
        connection.read_exact(&mut body).map_err(read_error)?;
        body
    } else {
        keep_alive = false;
        let mut body = Vec::new();
        connection
            .by_ref()
            .take(MAX_BODY_BYTES as u64 + 1)
            .read_to_end(&mut body)
            .map_err(read_error)?;
        if body.len() > MAX_BODY_BYTES {
            return Err(protocol_error("answer too large"));
        }
        body
    };
    let response = RawResponse {
        status,
        body: String::from_utf8_lossy(&body).into_owned(),
        retry_after,
    };
    Ok((response, keep_alive))
}

fn read_chunked(connection: &mut Connection) -> Result<Vec<u8>, TransportError> {
    let mut body = Vec::new();
    loop {
        let size_line = read_line(connection)?;
        let size_text = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| protocol_error(format!("bad chunk size {size_text:?}")))?;
        if size == 0 {
            // Trailers, then the blank line.
            while !read_line(connection)?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > MAX_BODY_BYTES {
            return Err(protocol_error("answer too large"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        connection
            .read_exact(&mut body[start..])
            .map_err(read_error)?;
        let mut crlf = [0u8; 2];
        connection.read_exact(&mut crlf).map_err(read_error)?;
        if &crlf != b"\r\n" {
            return Err(protocol_error("chunk not followed by CRLF"));
        }
    }
}

/// One background thread serving every sleep of the process: a sleep is a deadline and a
/// oneshot, so thousands of pending request timeouts cost no threads.
pub(crate) mod timer {
    use futures::channel::oneshot;
    use std::future::Future;
    use std::sync::{Condvar, Mutex, OnceLock};
    use std::time::{Duration, Instant};

    struct Timer {
        pending: Mutex<Vec<(Instant, oneshot::Sender<()>)>>,
        changed: Condvar,
    }

    fn timer() -> &'static Timer {
        static TIMER: OnceLock<&'static Timer> = OnceLock::new();
        TIMER.get_or_init(|| {
            let timer: &'static Timer = Box::leak(Box::new(Timer {
                pending: Mutex::new(Vec::new()),
                changed: Condvar::new(),
            }));
            std::thread::Builder::new()
                .name("megaventory-timer".to_owned())
                .spawn(move || run(timer))
                .expect("cannot start the timer thread");
            timer
        })
    }

    fn run(timer: &'static Timer) {
        let mut pending = timer.pending.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            let now = Instant::now();
            let mut index = 0;
            while index < pending.len() {
                if pending[index].0 <= now || pending[index].1.is_canceled() {
                    let (_, sender) = pending.swap_remove(index);
                    let _ = sender.send(());
                } else {
                    index += 1;
                }
            }
            pending = match pending.iter().map(|(deadline, _)| *deadline).min() {
                Some(next) => {
                    timer
                        .changed
                        .wait_timeout(pending, next.saturating_duration_since(now))
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
                None => timer
                    .changed
                    .wait(pending)
                    .unwrap_or_else(|p| p.into_inner()),
            };
        }
    }

    pub fn sleep(duration: Duration) -> impl Future<Output = ()> {
        let receiver = if duration.is_zero() {
            None
        } else {
            let (sender, receiver) = oneshot::channel();
            let timer = timer();
            timer
                .pending
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((Instant::now() + duration, sender));
            timer.changed.notify_one();
            Some(receiver)
        };
        async move {
            if let Some(receiver) = receiver {
                let _ = receiver.await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_parsed_or_refused() {
        let t = parse_url("http://127.0.0.1:8080/v2017a/json/reply/ProductGet").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("127.0.0.1", 8080, "/v2017a/json/reply/ProductGet")
        );
        let t = parse_url("http://[::1]:9/x").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 9));
        assert_eq!(parse_url("http://localhost").unwrap().port, 80);
        let https = parse_url("https://api.megaventory.com/v2017a/json/reply/X")
            .err()
            .unwrap();
        assert_eq!(https.kind, TransportErrorKind::Unsupported);
        assert!(!https.sent);
        assert!(https.detail.contains("https is not supported"));
        assert_eq!(
            parse_url("ftp://x/").err().unwrap().kind,
            TransportErrorKind::InvalidUrl
        );
        assert!(parse_url("http://h:notaport/").is_err());
        assert!(parse_url("http:///x").is_err());
    }

    /// A one-thread HTTP server answering each request on an accepted connection with the
    /// next canned answer; returns its base URL and the number of connections it accepted.
    fn canned_server(answers: Vec<&'static str>) -> (String, Arc<Mutex<usize>>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/v2017a/", listener.local_addr().unwrap());
        let accepted = Arc::new(Mutex::new(0));
        let counter = Arc::clone(&accepted);
        std::thread::spawn(move || {
            let mut answers = answers.into_iter();
            while let Ok((stream, _)) = listener.accept() {
                *counter.lock().unwrap() += 1;
                let mut reader = BufReader::new(stream);
                loop {
                    // Read one request: headers, then Content-Length bytes.
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).unwrap_or(0) == 0 {
                            break;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap();
                        }
                    }
                    if line.is_empty() {
                        break;
                    }
                    let mut body = vec![0u8; length];
                    reader.read_exact(&mut body).unwrap();
                    let Some(answer) = answers.next() else { return };
                    reader.get_mut().write_all(answer.as_bytes()).unwrap();
                    if answer.contains("Connection: close") {
                        break;
                    }
                }
            }
        });
        (url, accepted)
    }

    fn send(transport: &NativeTransport) -> Result<RawResponse, TransportError> {
        futures::executor::block_on(transport.send("ProductGet", "{}".to_owned()))
    }

    #[test]
    fn reads_chunked_close_delimited_and_retry_after_answers_over_one_kept_alive_connection() {
        let (url, accepted) = canned_server(vec![
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n",
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end",
        ]);
        let transport = NativeTransport::new(Endpoint::direct(url));
        assert_eq!(send(&transport).unwrap().body, "hello");
        assert_eq!(send(&transport).unwrap().body, "Wikipedia");
        let limited = send(&transport).unwrap();
        assert_eq!(
            (limited.status, limited.retry_after),
            (429, Some(Duration::from_secs(2)))
        );
        assert_eq!(send(&transport).unwrap().body, "until the end");
        assert_eq!(
            *accepted.lock().unwrap(),
            1,
            "keep-alive reuses one connection"
        );
    }

    #[test]
    fn a_connection_closed_without_answer_is_ambiguous() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/v2017a/", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            if let Ok((stream, _)) = listener.accept() {
                let mut reader = BufReader::new(stream);
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                    line.clear();
                }
                // Drop the connection after reading the request head.
            }
        });
        let error = send(&NativeTransport::new(Endpoint::direct(url))).unwrap_err();
        assert!(error.sent, "{error}");
        assert_eq!(error.kind, TransportErrorKind::Io);
    }

    #[test]
    fn refused_connection_is_not_ambiguous() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let error = send(&NativeTransport::new(Endpoint::direct(format!(
            "http://127.0.0.1:{port}/"
        ))))
        .unwrap_err();
        assert_eq!(error.kind, TransportErrorKind::Connect);
        assert!(!error.sent);
    }

    #[test]
    fn timer_wakes_sleepers() {
        futures::executor::block_on(async {
            futures::future::join_all((0..50).map(|i| timer::sleep(Duration::from_millis(i % 5))))
                .await;
        });
    }
}
