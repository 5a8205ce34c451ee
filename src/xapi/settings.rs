//! Where the LRS is and who the trainee is to it. One file, `lrs.ron` in the data folder,
//! read by both the CLI and the app; environment variables override it (for a machine set up
//! by a script), and `frontdesk sync` flags override both. The password is kept only there and
//! is never printed: `Debug` hides it and no error message carries it.

use super::XapiError;
use super::statement::activity_base_default;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The settings file in the data folder.
pub const SETTINGS_FILE: &str = "lrs.ron";
/// The LRS's xAPI endpoint, e.g. `https://lrs.example.org/xAPI/`.
pub const ENV_ENDPOINT: &str = "FRONTDESK_LRS";
pub const ENV_USER: &str = "FRONTDESK_LRS_USER";
pub const ENV_PASSWORD: &str = "FRONTDESK_LRS_PASSWORD";

/// A settings file larger than this is not ours.
const MAX_SETTINGS_BYTES: u64 = 64 * 1024;

/// `lrs.ron`: every field may be left out.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LrsSettings {
    /// The LRS's xAPI endpoint (its statements resource is `<endpoint>/statements`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The actor's account home page: one per clinic network, so the same trainee on two desks
    /// is one learner to the LRS. Default: this install's own (`…/install/<install id>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_page: Option<String>,
    /// Where activity ids start (default `https://frontdesk.example/xapi`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_base: Option<String>,
    /// Profile name → e-mail address: these trainees are identified by `mbox` instead.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub mbox: BTreeMap<String, String>,
}

impl std::fmt::Debug for LrsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LrsSettings")
            .field("endpoint", &self.endpoint)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "(hidden)"))
            .field("home_page", &self.home_page)
            .field("activity_base", &self.activity_base)
            .field("mbox", &self.mbox)
            .finish()
    }
}

/// A user and password for HTTP basic authentication.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({}, password hidden)", self.username)
    }
}

/// Who the trainee is to the LRS and where activity ids start: what statements are built from,
/// besides the attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub install_id: String,
    pub home_page: String,
    pub activity_base: String,
    pub mbox: BTreeMap<String, String>,
}

impl LrsSettings {
    pub fn path_in(data_dir: &Path) -> PathBuf {
        data_dir.join(SETTINGS_FILE)
    }

    /// The settings file of `data_dir` (none: all defaults), then the environment over it.
    pub fn load(data_dir: &Path) -> Result<LrsSettings, XapiError> {
        let mut settings = LrsSettings::read(&LrsSettings::path_in(data_dir))?;
        settings.apply_env(|name| std::env::var(name).ok());
        Ok(settings)
    }

    /// Reads a settings file; a missing one gives the defaults.
    pub fn read(path: &Path) -> Result<LrsSettings, XapiError> {
        let problem = |message: String| XapiError::Settings {
            path: path.to_path_buf(),
            message,
        };
        let text = match read_limited(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(LrsSettings::default());
            }
            Err(e) => return Err(problem(format!("cannot read: {e}"))),
        };
        crate::source::ron_options()
            .from_str(&text)
            .map_err(|e: ron::error::SpannedError| {
                // The span, not the text: a typo near the password must not echo it.
                problem(format!(
                    "line {}, column {}: {}",
                    e.span.start.line, e.span.start.col, e.code
                ))
            })
    }

    /// Environment variables (as `get` reads them) over the file's values.
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) {
        let set = |slot: &mut Option<String>, name: &str| {
            if let Some(value) = get(name).filter(|v| !v.trim().is_empty()) {
                *slot = Some(value);
            }
        };
        set(&mut self.endpoint, ENV_ENDPOINT);
        set(&mut self.username, ENV_USER);
        set(&mut self.password, ENV_PASSWORD);
    }

    /// Writes the settings to `path` whole (a temporary file renamed over it), readable by its
    /// owner only, since it holds a password.
    pub fn write(&self, path: &Path) -> Result<(), XapiError> {
        let problem = |message: String| XapiError::Settings {
            path: path.to_path_buf(),
            message,
        };
        // Written as a person would (`endpoint: "…"`, not `Some("…")`); read either way.
        let text = crate::source::ron_options()
            .to_string_pretty(self, ron::ser::PrettyConfig::default())
            .map_err(|e| problem(format!("cannot write the settings: {e}")))?;
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)
            .map_err(|e| problem(format!("cannot create its folder: {e}")))?;
        let temporary = dir.join(format!(".{SETTINGS_FILE}.{}.new", std::process::id()));
        let written = (|| -> std::io::Result<()> {
            use std::io::Write;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&temporary)?;
            file.write_all(text.as_bytes())?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            std::fs::rename(&temporary, path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(problem(format!("cannot write: {e}")));
        }
        Ok(())
    }

    /// `over`'s values where it has them, these elsewhere (flags over the file, or what
    /// `frontdesk sync --configure` was given over the file it rewrites).
    pub fn overlay(&mut self, over: &LrsSettings) {
        for (slot, value) in [
            (&mut self.endpoint, &over.endpoint),
            (&mut self.username, &over.username),
            (&mut self.password, &over.password),
            (&mut self.home_page, &over.home_page),
            (&mut self.activity_base, &over.activity_base),
        ] {
            if value.is_some() {
                slot.clone_from(value);
            }
        }
        for (profile, address) in &over.mbox {
            self.mbox.insert(profile.clone(), address.clone());
        }
    }

    /// Whether an LRS is named (the endpoint is all that is needed to try).
    pub fn is_configured(&self) -> bool {
        self.endpoint
            .as_deref()
            .is_some_and(|e| !e.trim().is_empty())
    }

    pub fn credentials(&self) -> Option<Credentials> {
        Some(Credentials {
            username: self.username.clone()?,
            password: self.password.clone().unwrap_or_default(),
        })
    }

    /// The identity statements are built with, for the install `install_id`.
    pub fn identity(&self, install_id: &str) -> Identity {
        let activity_base = self
            .activity_base
            .clone()
            .unwrap_or_else(activity_base_default)
            .trim_end_matches('/')
            .to_owned();
        Identity {
            install_id: install_id.to_owned(),
            home_page: self
                .home_page
                .clone()
                .unwrap_or_else(|| format!("{activity_base}/install/{install_id}")),
            activity_base,
            mbox: self.mbox.clone(),
        }
    }
}

/// A regular file's text, at most `MAX_SETTINGS_BYTES` (a pipe or device is refused).
fn read_limited(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() || meta.len() > MAX_SETTINGS_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not a settings file (a regular file under {MAX_SETTINGS_BYTES} bytes)"),
        ));
    }
    let mut text = String::new();
    file.take(MAX_SETTINGS_BYTES).read_to_string(&mut text)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_overrides_the_file_and_debug_hides_the_password() {
        let mut settings = LrsSettings {
            endpoint: Some("http://file/xAPI/".into()),
            password: Some("from-file".into()),
            ..LrsSettings::default()
        };
        settings.apply_env(|name| (name == ENV_PASSWORD).then(|| "s3cret-env".to_owned()));
        assert_eq!(settings.password.as_deref(), Some("s3cret-env"));
        assert_eq!(settings.endpoint.as_deref(), Some("http://file/xAPI/"));
        let shown = format!("{settings:?} {:?}", settings.credentials());
        assert!(!shown.contains("s3cret"), "{shown}");
    }

    #[test]
    fn settings_round_trip_through_the_file_and_a_broken_file_does_not_echo_it() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join(SETTINGS_FILE);
        let settings = LrsSettings {
            endpoint: Some("https://lrs.example.org/xAPI/".into()),
            username: Some("desk-3".into()),
            password: Some("pa55word".into()),
            home_page: Some("https://clinic.example".into()),
            ..LrsSettings::default()
        };
        settings.write(&path).expect("written");
        let written = std::fs::read_to_string(&path).expect("the file");
        assert!(
            written.contains("endpoint: \"https://lrs.example.org/xAPI/\""),
            "{written}"
        );
        assert_eq!(LrsSettings::read(&path).expect("read"), settings);
        std::fs::write(&path, "(password: \"pa55word\", nonsense: 1)").expect("broken");
        let error = LrsSettings::read(&path)
            .expect_err("unknown field")
            .to_string();
        assert!(
            error.contains("line 1") && !error.contains("pa55word"),
            "{error}"
        );
    }
}
