//! Sending the progress queue to a Learning Record Store in the background, when one is
//! configured (`lrs.ron` in the data folder, or the FRONTDESK_LRS variables): a thread of its
//! own with its own connection to the store, so a slow or absent LRS never holds up a frame.
//! Its last word is shown on the progress screen. The work is `crate::xapi::sync`'s.
//! It sends as soon as an attempt is saved, and every `EVERY` besides (to retry what failed).

use super::trainee::Trainee;
use crate::progress::Store;
use crate::xapi::{self, Backoff, LrsSettings, XapiError};
use bevy::prelude::*;
use std::path::Path;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        send_after_a_save.run_if(resource_changed::<Trainee>),
    );
}

/// How often the thread looks for new attempts (and re-reads the settings) when no save wakes it.
const EVERY: Duration = Duration::from_secs(30);
/// Statements per request.
const BATCH: usize = 50;

/// The background sender's last word, for the progress screen.
#[derive(Resource, Clone, Default)]
pub struct LrsSync {
    status: Arc<Mutex<Option<String>>>,
    /// Wakes the thread: an attempt was saved.
    wake: Option<Sender<()>>,
}

impl LrsSync {
    /// Starts the sending thread for the store in `data_dir`.
    pub fn start(data_dir: &Path) -> LrsSync {
        let (wake, woken): (Sender<()>, Receiver<()>) = channel();
        let sync = LrsSync {
            wake: Some(wake),
            ..LrsSync::default()
        };
        let status = sync.status.clone();
        let data_dir = data_dir.to_path_buf();
        let spawned = std::thread::Builder::new()
            .name("lrs-sync".into())
            .spawn(move || {
                loop {
                    let word = round(&data_dir);
                    if let Ok(mut status) = status.lock() {
                        *status = word;
                    }
                    // A save, or the retry period; the app gone ends the thread.
                    match woken.recv_timeout(EVERY) {
                        Ok(()) => while woken.try_recv().is_ok() {},
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
            });
        if spawned.is_err() {
            sync.set(Some(
                "Not sending to the LRS: no thread could be started.".into(),
            ));
        }
        sync
    }

    /// Asks the thread to send now (an attempt was saved).
    pub fn send_now(&self) {
        if let Some(wake) = &self.wake {
            let _ = wake.send(());
        }
    }

    fn set(&self, word: Option<String>) {
        if let Ok(mut status) = self.status.lock() {
            *status = word;
        }
    }

    /// What to show: None when no LRS is configured.
    pub fn line(&self) -> Option<String> {
        self.status.lock().ok().and_then(|s| s.clone())
    }
}

/// Wakes the sender when the trainee's saved attempts grew.
fn send_after_a_save(trainee: Res<Trainee>, sync: Option<Res<LrsSync>>, mut seen: Local<u64>) {
    if trainee.saves != *seen {
        *seen = trainee.saves;
        if let Some(sync) = sync {
            sync.send_now();
        }
    }
}

/// One round: sends what is waiting; what to say about it (None: no LRS configured).
fn round(data_dir: &Path) -> Option<String> {
    let settings = match LrsSettings::load(data_dir) {
        Ok(settings) if settings.is_configured() => settings,
        Ok(_) => return None,
        Err(e) => return Some(format!("LRS settings: {e}")),
    };
    let sent = (|| -> Result<String, XapiError> {
        let endpoint = settings.endpoint.clone().unwrap_or_default();
        let lrs = xapi::Lrs::new(&endpoint, settings.credentials().as_ref())?;
        let mut store = Store::open_in(data_dir)?;
        let identity = settings.identity(&store.install_id()?);
        xapi::sync(
            &mut store,
            &lrs,
            &identity,
            BATCH,
            &Backoff::default(),
            |_| {},
        )?;
        let status = store.queue_status()?;
        Ok(format!(
            "Learning Record Store {}: {} attempt(s) sent, {} waiting.",
            lrs.endpoint(),
            status.sent,
            status.waiting
        ))
    })();
    Some(sent.unwrap_or_else(|e| format!("Not sent to the LRS yet: {e}. Attempts stay queued.")))
}
