//! Talking to a Learning Record Store over HTTP (ureq): posting a batch of statements, putting
//! one by id, and reading statements back with filters, following `more` links.
//!
//! Every request carries `X-Experience-API-Version: 1.0.3` and basic authentication. The
//! endpoint may not carry credentials (they would show in every message that names it).

use super::{Agent, Credentials, Statement, XapiError};
use base64::Engine;
use std::time::Duration;

/// How long one request may take before it counts as a network failure.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// At most this many pages are followed when reading back (a `more` loop ends here).
const MAX_PAGES: usize = 10_000;
/// What an error message quotes of an LRS's answer.
const DETAIL_CHARS: usize = 300;

/// An LRS: its xAPI endpoint and the credentials to use.
pub struct Lrs {
    /// `scheme://host[:port]/path` without a trailing slash, e.g. `http://127.0.0.1:8100/xAPI`.
    endpoint: String,
    authorization: Option<String>,
    agent: ureq::Agent,
}

/// What went wrong with one request, before it is given its meaning.
pub(super) enum Failure {
    /// No answer (refused, reset, timed out): worth retrying.
    Network(String),
    /// An HTTP answer other than success.
    Status(u16, String),
}

/// What the LRS said to a batch.
pub(super) enum Posted {
    /// Stored (200) or all already there (204).
    Accepted,
    /// 409: a statement with one of these ids is stored with other content.
    Conflict,
}

/// Filters for reading statements back (xAPI's `GET statements` parameters).
#[derive(Debug, Clone, Default)]
pub struct StatementQuery {
    pub agent: Option<Agent>,
    pub verb: Option<String>,
    pub activity: Option<String>,
    pub registration: Option<String>,
    /// Only statements stored since this ISO 8601 time.
    pub since: Option<String>,
    /// Statements per page (the LRS may cap it).
    pub limit: Option<u32>,
}

impl std::fmt::Debug for Lrs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lrs({})", self.endpoint)
    }
}

impl Lrs {
    /// An LRS at `endpoint` (its xAPI base, e.g. `https://lrs.example.org/xAPI/`; a URL ending
    /// in `/statements` is taken too).
    pub fn new(endpoint: &str, credentials: Option<&Credentials>) -> Result<Lrs, XapiError> {
        let bad = |why| XapiError::BadEndpoint(endpoint.to_owned(), why);
        let trimmed = endpoint.trim().trim_end_matches('/');
        let trimmed = trimmed
            .strip_suffix("/statements")
            .unwrap_or(trimmed)
            .to_owned();
        let Some((scheme, rest)) = trimmed.split_once("://") else {
            return Err(bad("it should start with http:// or https://"));
        };
        if !matches!(scheme, "http" | "https") {
            return Err(bad("it should start with http:// or https://"));
        }
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() {
            return Err(bad("it names no host"));
        }
        if authority.contains('@') {
            // Not echoed: the caller's message names the endpoint, which holds them.
            return Err(XapiError::BadEndpoint(
                format!(
                    "{scheme}://…@{}",
                    authority.rsplit('@').next().unwrap_or_default()
                ),
                "credentials may not be written into the address",
            ));
        }
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(REQUEST_TIMEOUT))
            .http_status_as_error(false)
            .build()
            .into();
        Ok(Lrs {
            endpoint: trimmed,
            authorization: credentials.map(|c| {
                let pair = format!("{}:{}", c.username, c.password);
                format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                )
            }),
            agent,
        })
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn statements_url(&self) -> String {
        format!("{}/statements", self.endpoint)
    }

    /// `scheme://host[:port]`, against which a `more` path is resolved.
    fn origin(&self) -> &str {
        let after_scheme = self.endpoint.find("://").map_or(0, |i| i + 3);
        match self.endpoint[after_scheme..].find('/') {
            Some(i) => &self.endpoint[..after_scheme + i],
            None => &self.endpoint,
        }
    }

    fn prepare<B>(&self, request: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        let request = request.header("X-Experience-API-Version", "1.0.3");
        match &self.authorization {
            Some(value) => request.header("Authorization", value),
            None => request,
        }
    }

    fn answer(
        response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<(u16, String), Failure> {
        let response = response.map_err(|e| Failure::Network(e.to_string()))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .read_to_string()
            .map_err(|e| Failure::Network(e.to_string()))?;
        Ok((status, body))
    }

    /// Posts a batch. Success and conflicts are answers; everything else is a `Failure`.
    pub(super) fn post(&self, statements: &[Statement]) -> Result<Posted, Failure> {
        let body = serde_json::to_string(statements)
            .map_err(|e| Failure::Status(0, format!("cannot write the statements: {e}")))?;
        let request = self
            .prepare(self.agent.post(self.statements_url()))
            .header("Content-Type", "application/json");
        match Lrs::answer(request.send(body.as_str()))? {
            (200 | 204, _) => Ok(Posted::Accepted),
            (409, _) => Ok(Posted::Conflict),
            (status, body) => Err(Failure::Status(status, excerpt(&body))),
        }
    }

    /// Puts one statement by its id: stored (204) or already there (409 with other content)
    /// both mean the LRS holds a statement with this id, which is all a re-send needs.
    pub(super) fn put(&self, statement: &Statement) -> Result<(), Failure> {
        let body = serde_json::to_string(statement)
            .map_err(|e| Failure::Status(0, format!("cannot write the statement: {e}")))?;
        let request = self
            .prepare(self.agent.put(self.statements_url()))
            .query("statementId", &statement.id)
            .header("Content-Type", "application/json");
        match Lrs::answer(request.send(body.as_str()))? {
            (200 | 204 | 409, _) => Ok(()),
            (status, body) => Err(Failure::Status(status, excerpt(&body))),
        }
    }

    /// Gives a failure its meaning for this LRS.
    pub(super) fn error(&self, failure: Failure) -> XapiError {
        let endpoint = self.endpoint.clone();
        match failure {
            Failure::Network(message) => XapiError::Unreachable { endpoint, message },
            Failure::Status(status @ (401 | 403), _) => {
                XapiError::BadCredentials { endpoint, status }
            }
            Failure::Status(status, detail) => XapiError::Refused {
                endpoint,
                status,
                detail,
            },
        }
    }

    /// Every statement matching `query`, in the LRS's order (newest first by default),
    /// following `more` links to the end. Statements whose object is not an activity (another
    /// tool's, in a shared LRS) are left out.
    pub fn statements(&self, query: &StatementQuery) -> Result<Vec<Statement>, XapiError> {
        let mut request = self.prepare(self.agent.get(self.statements_url()));
        if let Some(agent) = &query.agent {
            let agent = serde_json::to_string(agent).map_err(|e| XapiError::BadAnswer {
                endpoint: self.endpoint.clone(),
                message: e.to_string(),
            })?;
            request = request.query("agent", agent);
        }
        for (name, value) in [
            ("verb", &query.verb),
            ("activity", &query.activity),
            ("registration", &query.registration),
            ("since", &query.since),
        ] {
            if let Some(value) = value {
                request = request.query(name, value);
            }
        }
        if let Some(limit) = query.limit {
            request = request.query("limit", limit.to_string());
        }
        let mut page = self.read_page(request.call())?;
        let mut out = Vec::new();
        for _ in 0..MAX_PAGES {
            out.extend(
                page.statements
                    .drain(..)
                    .filter_map(|s| serde_json::from_value::<Statement>(s).ok()),
            );
            let Some(more) = page.more.filter(|m| !m.is_empty()) else {
                return Ok(out);
            };
            let url = if more.starts_with("http://") || more.starts_with("https://") {
                more
            } else {
                format!("{}{more}", self.origin())
            };
            page = self.read_page(self.prepare(self.agent.get(url)).call())?;
        }
        Ok(out)
    }

    fn read_page(
        &self,
        response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<StatementPage, XapiError> {
        let (status, body) = Lrs::answer(response).map_err(|f| self.error(f))?;
        if status != 200 {
            return Err(self.error(Failure::Status(status, excerpt(&body))));
        }
        serde_json::from_str(&body).map_err(|e| XapiError::BadAnswer {
            endpoint: self.endpoint.clone(),
            message: e.to_string(),
        })
    }
}

#[derive(serde::Deserialize)]
struct StatementPage {
    statements: Vec<serde_json::Value>,
    #[serde(default)]
    more: Option<String>,
}

fn excerpt(body: &str) -> String {
    let text: String = body.chars().take(DETAIL_CHARS).collect();
    if text.trim().is_empty() {
        "(no detail)".to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_normalised_and_credentials_in_them_refused_without_echo() {
        let lrs = Lrs::new("http://127.0.0.1:8100/xAPI/statements/", None).expect("fine");
        assert_eq!(lrs.endpoint(), "http://127.0.0.1:8100/xAPI");
        assert_eq!(lrs.origin(), "http://127.0.0.1:8100");
        assert!(Lrs::new("ftp://x/xAPI", None).is_err());
        let error = Lrs::new("https://ana:hunter2@lrs.example/xAPI", None)
            .expect_err("credentials in the URL")
            .to_string();
        assert!(!error.contains("hunter2"), "{error}");
    }
}
