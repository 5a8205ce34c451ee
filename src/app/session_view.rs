//! The trainee's view of an attempt in progress: the core session plus what the desk shows
//! (the selected event, the clock's pause and speed), and what the trainee can ask of it.
//! Shared by the desk and its office panels.

use crate::model::{Action, EventKind, SimTime};
use crate::sim::{EventStatus, Session};
use bevy::prelude::Message;

/// Office seconds a ringing line's light flashes bright at each ring.
pub const RING_FLASH_SECONDS: u32 = 2;

/// The trainee's view of the desk that is not part of the attempt itself.
#[derive(Debug, Clone)]
pub struct DeskView {
    pub session: Session,
    /// The event (index into `session.events`) the trainee is working on.
    pub selected: Option<usize>,
    pub paused: bool,
    /// Simulated seconds per real second: 1, 2 or 4.
    pub speed: u32,
}

impl DeskView {
    pub fn new(session: Session) -> DeskView {
        DeskView {
            session,
            selected: None,
            paused: false,
            speed: 1,
        }
    }

    /// The next office-clock time at which the desk would show something different without any
    /// input: the minute on the clock, the next ring of a ringing line, a hold timer's second,
    /// an arrival, the end of the shift. The window sleeps until then (reactive rendering).
    pub fn next_change(&self) -> SimTime {
        let session = &self.session;
        let now = session.now;
        let mut next = now.plus(60 - now.seconds() % 60).min(session.ends_at());
        // An arrival, a patience running out, a consequence.
        if let Some(at) = session.next_happening() {
            next = next.min(at);
        }
        let ring = session.ring_seconds();
        for (index, live) in session.events.iter().enumerate() {
            let at = match live.status {
                EventStatus::Waiting if session.event_def(index).kind == EventKind::Call => {
                    let rung = now.since(live.arrival) / ring + 1;
                    // The light dims when this ring ends, and flashes again at the next.
                    let ring_ends = live.arrival.plus((rung - 1) * ring + self.flash_seconds());
                    if ring_ends > now {
                        ring_ends
                    } else {
                        live.arrival.plus(rung * ring)
                    }
                }
                EventStatus::OnHold(_) => now.plus(1),
                _ => continue,
            };
            next = next.min(at);
        }
        next.max(now.plus(1))
    }

    /// Office seconds a ringing line's light flashes bright at each ring (as long as its ring
    /// sounds), then glows dimmer until the next: two redraws per ring, not an animation.
    fn flash_seconds(&self) -> u32 {
        RING_FLASH_SECONDS
            .min(self.session.ring_seconds().saturating_sub(1))
            .max(1)
    }

    /// Whether a ringing call is in the bright part of a ring now.
    pub fn ring_flash(&self, index: usize) -> bool {
        let session = &self.session;
        let since = session.now.since(session.events[index].arrival);
        since % session.ring_seconds() < self.flash_seconds()
    }

    /// Whether anything needs the trainee now: a line ringing or on hold, a call in progress,
    /// a person waiting or at the window, a message or task not yet taken up. Work from the
    /// inbox already taken up (a request acted on, a message answered) waits on nobody, and
    /// nothing ever closes it, so it does not hold the clock: after leaving a voicemail for a
    /// patient the provider asked to reach, the trainee may skip to the patient's call back.
    pub fn needs_trainee(&self) -> bool {
        let session = &self.session;
        session
            .events
            .iter()
            .enumerate()
            .any(|(index, live)| match live.status {
                EventStatus::Waiting | EventStatus::OnHold(_) => true,
                EventStatus::Active => matches!(
                    session.event_def(index).kind,
                    EventKind::Call | EventKind::WalkIn
                ),
                _ => false,
            })
    }

    /// Where "skip ahead" takes the clock: the next thing that happens by itself (an arrival,
    /// a scene), or the end.
    pub fn skip_target(&self) -> SimTime {
        let session = &self.session;
        session
            .next_happening()
            .unwrap_or_else(|| session.ends_at())
            .min(session.ends_at())
    }
}

/// What the trainee asked for on the desk.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum DeskIntent {
    Act(Action),
    Select(usize),
    TogglePause,
    SetSpeed(u32),
    /// Nothing needs the trainee: run the clock to the next thing that happens.
    SkipAhead,
    Finish,
}
