//! A minimal xAPI 1.0.3 client: POST statements to a Learning Record Store with HTTP Basic auth.

use base64::Engine;
use serde_json::Value;
use std::fmt;
use std::time::Duration;
use ureq::http::Uri;

/// The xAPI version every request declares.
pub const XAPI_VERSION: &str = "1.0.3";

/// How long one request may take, connecting included.
const TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How much of an LRS's error answer a message quotes.
const QUOTE: usize = 400;

/// A Learning Record Store's statements resource, with the credentials to write to it.
pub struct Lrs {
    /// `.../statements`.
    endpoint: String,
    authorization: String,
    agent: ureq::Agent,
}

/// What the LRS said to a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posted {
    /// Stored (200), or every statement was already there unchanged (204).
    Stored,
    /// 409 Conflict: the LRS already has a statement with one of these ids and different content.
    Conflict,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LrsError {
    BadUrl {
        url: String,
        reason: String,
    },
    Unreachable {
        endpoint: String,
        detail: String,
    },
    Credentials {
        endpoint: String,
        status: u16,
    },
    Redirected {
        endpoint: String,
        status: u16,
        location: String,
    },
    Rejected {
        endpoint: String,
        status: u16,
        answer: String,
    },
}

impl fmt::Display for LrsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LrsError::BadUrl { url, reason } => write!(
                f,
                "`{url}` is not an LRS address: {reason}\n  hint: give the base of the LRS's xAPI \
                 endpoint, e.g. http://127.0.0.1:8100/xAPI/ (statements are sent to \
                 …/xAPI/statements)"
            ),
            LrsError::Unreachable { endpoint, detail } => write!(
                f,
                "cannot reach the LRS at {endpoint}: {detail}\n  hint: check that the LRS is \
                 running and the address and port are right; nothing was lost, run sync again later"
            ),
            LrsError::Credentials { endpoint, status } => write!(
                f,
                "the LRS at {endpoint} refused the credentials (HTTP {status})\n  hint: check \
                 --user and --password (or PEHCHAN_LRS_PASSWORD), and that this user may write \
                 statements"
            ),
            LrsError::Redirected {
                endpoint,
                status,
                location,
            } => write!(
                f,
                "the LRS at {endpoint} answered HTTP {status}, redirecting to `{location}`\n  \
                 hint: give the address it redirects to as --lrs"
            ),
            LrsError::Rejected {
                endpoint,
                status,
                answer,
            } => {
                write!(f, "the LRS at {endpoint} answered HTTP {status}")?;
                if !answer.is_empty() {
                    write!(f, ": {answer}")?;
                }
                match status {
                    404 => write!(
                        f,
                        "\n  hint: this is not an xAPI statements resource; give the base of \
                         the LRS's xAPI endpoint, e.g. http://127.0.0.1:8100/xAPI/"
                    ),
                    413 => write!(f, "\n  hint: send smaller batches with --batch"),
                    500.. => write!(
                        f,
                        "\n  hint: the LRS failed; what was sent before is remembered, \
                         run sync again later"
                    ),
                    _ => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for LrsError {}

impl Lrs {
    /// `base` is the LRS's xAPI endpoint (e.g. `http://127.0.0.1:8100/xAPI/`); statements go to
    /// `{base}/statements`. An address that already ends in `/statements` is taken as it is.
    pub fn new(base: &str, user: &str, password: &str) -> Result<Lrs, LrsError> {
        let endpoint = statements_endpoint(base)?;
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(TIMEOUT))
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .user_agent(concat!("pehchan/", env!("CARGO_PKG_VERSION")))
            .build();
        Ok(Lrs {
            endpoint,
            authorization: format!("Basic {token}"),
            agent: config.into(),
        })
    }

    /// The statements resource requests go to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// POSTs a batch of statements (a JSON array).
    pub fn post(&self, statements: &[Value]) -> Result<Posted, LrsError> {
        let body = serde_json::to_vec(statements).expect("JSON values always serialise");
        let resp = self
            .agent
            .post(&self.endpoint)
            .header("Authorization", &self.authorization)
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Content-Type", "application/json")
            .send(&body[..])
            .map_err(|e| self.transport(e))?;
        let status = resp.status().as_u16();
        let location = resp
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or("")
            .to_string();
        let answer = resp
            .into_body()
            .with_config()
            .limit(64 * 1024)
            .read_to_string()
            .unwrap_or_default();
        let endpoint = self.endpoint.clone();
        match status {
            200..=299 => Ok(Posted::Stored),
            409 => Ok(Posted::Conflict),
            401 | 403 => Err(LrsError::Credentials { endpoint, status }),
            300..=399 => Err(LrsError::Redirected {
                endpoint,
                status,
                location,
            }),
            _ => Err(LrsError::Rejected {
                endpoint,
                status,
                answer: quote(&answer),
            }),
        }
    }

    fn transport(&self, e: ureq::Error) -> LrsError {
        let endpoint = self.endpoint.clone();
        match e {
            ureq::Error::BadUri(reason) => LrsError::BadUrl {
                url: endpoint,
                reason,
            },
            ureq::Error::Http(e) => LrsError::BadUrl {
                url: endpoint,
                reason: e.to_string(),
            },
            ureq::Error::HostNotFound => LrsError::Unreachable {
                endpoint,
                detail: "the host name does not resolve".into(),
            },
            ureq::Error::Timeout(t) => LrsError::Unreachable {
                endpoint,
                detail: format!("no answer in time ({t})"),
            },
            ureq::Error::Io(io) => LrsError::Unreachable {
                endpoint,
                detail: io.to_string(),
            },
            other => LrsError::Unreachable {
                endpoint,
                detail: other.to_string(),
            },
        }
    }
}

/// `{base}/statements`, after checking that `base` is an absolute http(s) address.
pub fn statements_endpoint(base: &str) -> Result<String, LrsError> {
    let bad = |reason: &str| LrsError::BadUrl {
        url: base.to_string(),
        reason: reason.to_string(),
    };
    let uri: Uri = base
        .trim()
        .parse()
        .map_err(|e: ureq::http::uri::InvalidUri| bad(&e.to_string()))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        Some(s) => return Err(bad(&format!("the scheme `{s}` is not http or https"))),
        None => return Err(bad("it does not start with http:// or https://")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(bad("it names no host"));
    }
    if uri.query().is_some() {
        return Err(bad("it has a query (`?…`); give the endpoint alone"));
    }
    let s = uri.to_string();
    let trimmed = s.trim_end_matches('/');
    if trimmed.ends_with("/statements") {
        Ok(trimmed.to_string())
    } else {
        Ok(format!("{trimmed}/statements"))
    }
}

/// The first characters of an answer, on one line.
fn quote(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(QUOTE) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}
