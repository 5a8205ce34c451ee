//! The first shift: the tutorial scenario (`scenarios/tutorial/first-shift.scenario.ron`) played
//! at the real desk, with a hint beside the thing to do next. Each step is read from the
//! session's log and state (an act done, a caller arrived, the shift over) or from the desk's own
//! state (the call selected, the clock paused, the form aimed), never from a timer, so a hint goes
//! away the moment its step is done, however it was done. The desk reports where its controls
//! are (`spots`); this module decides which one to point at. On the debrief, a note says it was
//! practice and how to read what follows.

use super::attempt::{Desk, LastAttempt};
use super::office::DeskPanels;
use super::screen::Screen;
use super::session_view::DeskView;
use super::spots::{marked, spot};
use super::theme::{self, Palette};
use crate::model::ActKind;
use crate::sim::EventStatus;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

/// The tutorial scenario's id.
pub const FIRST_SHIFT: &str = "first-shift";
/// Its events and the things they are about, as the scenario names them.
const CALL: &str = "late-call";
const VISITOR: &str = "form-drop";
const APPOINTMENT: &str = "late-visit";

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Tutorial>()
        .add_systems(OnEnter(Screen::Desk), begin)
        .add_systems(OnEnter(Screen::Debrief), show_practice_note)
        // After the desk has applied this frame's intents (Update).
        .add_systems(PostUpdate, follow_steps.run_if(in_state(Screen::Desk)))
        .add_systems(
            EguiPrimaryContextPass,
            (
                hint_ui
                    .after(super::desk::desk_screen)
                    .run_if(in_state(Screen::Desk)),
                practice_note_ui.run_if(in_state(Screen::Debrief)),
            ),
        );
}

/// The steps of the first shift, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    SelectCall,
    Answer,
    Greet,
    AskBeforeHold,
    Hold,
    Resume,
    OpenMove,
    Move,
    TellHer,
    EndCall,
    Pause,
    RunClock,
    Skip,
    SelectVisitor,
    GreetVisitor,
    TakeForm,
    EndShift,
}

pub const STEPS: &[Step] = &[
    Step::SelectCall,
    Step::Answer,
    Step::Greet,
    Step::AskBeforeHold,
    Step::Hold,
    Step::Resume,
    Step::OpenMove,
    Step::Move,
    Step::TellHer,
    Step::EndCall,
    Step::Pause,
    Step::RunClock,
    Step::Skip,
    Step::SelectVisitor,
    Step::GreetVisitor,
    Step::TakeForm,
    Step::EndShift,
];

impl Step {
    /// What to do, in words that also say where (for when the control is out of sight) and
    /// which key does it.
    pub fn hint(self) -> &'static str {
        match self {
            Step::SelectCall => {
                "The phone is ringing. Click the call under “Phone” on the left to pick it up."
            }
            Step::Answer => "Answer the call: press “Answer”, or the A key.",
            Step::Greet => {
                "Choose what to say. Greet the caller with the first line (or press 1): the practice, your name, an offer of help."
            }
            Step::AskBeforeHold => {
                "Before you put anyone on hold: ask who they are and why they call, check it is not urgent, and ask permission. Say the lines in turn (1)."
            }
            Step::Hold => "She agreed: put her on hold with “Hold”, or the H key.",
            Step::Resume => {
                "She is on hold, and the hold timer runs. The Schedule on the right shows Dr. Okafor free at 10:00: take her off hold with “Resume” (R) to offer it."
            }
            Step::OpenMove => {
                "Now the office panels on the right. In the Schedule, press “move” beside her 09:30 visit with Dr. Okafor."
            }
            Step::Move => {
                "The action form below the schedule is aimed at her visit. Type 10:00 in “New start”, then press “Do it”."
            }
            Step::TellHer => "Tell her the new time: say the line (1).",
            Step::EndCall => "All done on this call: press “End call”, or E.",
            Step::Pause => {
                "The office clock runs on its own. Pause it while you think: “Pause clock” at the top, or Space."
            }
            Step::RunClock => "Paused: nothing moves. Start the clock again (Space).",
            Step::Skip => {
                "Nothing needs you now. Rather than wait, skip to the next thing that happens: “Skip to the next event”, or N."
            }
            Step::SelectVisitor => {
                "Someone is at the window. Click them under “Window and waiting room” on the left."
            }
            Step::GreetVisitor => "Greet them (1).",
            Step::TakeForm => "Take the form they brought: say the line (1).",
            Step::EndShift => {
                "That is the shift. Press “End shift and debrief” at the top to see how it went."
            }
        }
    }

    /// The hint as the desk now is: before the first ring, the first step says what is coming.
    pub fn hint_now(self, view: &DeskView) -> &'static str {
        let session = &view.session;
        let ringing = session
            .event_index(CALL)
            .is_some_and(|call| session.events[call].status != EventStatus::Pending);
        match self {
            Step::SelectCall if !ringing => {
                "Your shift has begun. In a moment the phone rings: the call shows under “Phone” on the left."
            }
            step => step.hint(),
        }
    }

    /// Steps that only the session's log or state can complete: once done they stay done, so a
    /// trainee who does something ahead of its hint is not sent back to the steps before it.
    fn durable(self) -> bool {
        !matches!(
            self,
            Step::SelectCall
                | Step::OpenMove
                | Step::Pause
                | Step::RunClock
                | Step::Skip
                | Step::SelectVisitor
        )
    }

    /// Whether the step is done, from the desk as it is now.
    pub fn done(self, view: &DeskView, panels: &DeskPanels) -> bool {
        let session = &view.session;
        let (Some(call), Some(visitor)) = (session.event_index(CALL), session.event_index(VISITOR))
        else {
            return false;
        };
        let did = |event: usize, act: ActKind| {
            session
                .log
                .iter()
                .any(|l| l.refused.is_none() && l.event == Some(event) && l.act == act)
        };
        let moved = session
            .log
            .iter()
            .any(|l| l.refused.is_none() && l.act == ActKind::Move);
        match self {
            Step::SelectCall => view.selected == Some(call) || did(call, ActKind::Answer),
            Step::Answer => did(call, ActKind::Answer),
            Step::Greet => did(call, ActKind::Greet),
            Step::AskBeforeHold => did(call, ActKind::AskToHold),
            Step::Hold => did(call, ActKind::PlaceOnHold),
            Step::Resume => did(call, ActKind::ResumeCall),
            Step::OpenMove => panels.composer.act == Some(ActKind::Move) || moved,
            Step::Move => moved,
            Step::TellHer => did(call, ActKind::Say),
            Step::EndCall => matches!(session.events[call].status, EventStatus::Ended),
            Step::Pause => view.paused,
            Step::RunClock => !view.paused,
            Step::Skip => session.events[visitor].status != EventStatus::Pending,
            Step::SelectVisitor => view.selected == Some(visitor) || did(visitor, ActKind::Greet),
            Step::GreetVisitor => did(visitor, ActKind::Greet),
            Step::TakeForm => did(visitor, ActKind::Say),
            Step::EndShift => session.finished(),
        }
    }

    /// Where the desk shows the control this step is about.
    fn spot(self, view: &DeskView, panels: &DeskPanels) -> egui::Id {
        let session = &view.session;
        let event = |id: &str| spot::event(session.event_index(id).unwrap_or(usize::MAX));
        match self {
            Step::SelectCall => event(CALL),
            Step::Answer => spot::act(ActKind::Answer),
            Step::Greet => spot::choice("greeting"),
            Step::AskBeforeHold => {
                let next = ["who", "not-urgent", "may-i-hold"]
                    .into_iter()
                    .find(|c| !said(view, CALL, c))
                    .unwrap_or("may-i-hold");
                spot::choice(next)
            }
            Step::Hold => spot::act(ActKind::PlaceOnHold),
            Step::Resume => spot::act(ActKind::ResumeCall),
            Step::OpenMove => spot::aim(ActKind::Move, APPOINTMENT),
            Step::Move if panels.composer.start.trim().is_empty() => spot::new_start(),
            Step::Move => spot::do_it(),
            Step::TellHer => spot::choice("moved"),
            Step::EndCall => spot::act(ActKind::EndCall),
            Step::Pause | Step::RunClock => spot::pause(),
            Step::Skip => spot::skip(),
            Step::SelectVisitor => event(VISITOR),
            Step::GreetVisitor => spot::choice("welcome"),
            Step::TakeForm => spot::choice("take-form"),
            Step::EndShift => spot::end_shift(),
        }
    }
}

fn said(view: &DeskView, event: &str, choice: &str) -> bool {
    let index = view.session.event_index(event);
    view.session.log.iter().any(|l| {
        l.refused.is_none() && l.event == index && l.action.choice.as_deref() == Some(choice)
    })
}

/// How far the trainee is: the number of steps done, never going back.
pub fn progress(done: usize, view: &DeskView, panels: &DeskPanels) -> usize {
    // Anything the log says is done carries the trainee past it, in whatever order it was done.
    let mut done = STEPS
        .iter()
        .enumerate()
        .rev()
        .find(|(_, s)| s.durable() && s.done(view, panels))
        .map_or(done, |(i, _)| done.max(i + 1));
    while let Some(step) = STEPS.get(done)
        && step.done(view, panels)
    {
        done += 1;
    }
    done
}

/// The first shift in progress.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct Tutorial {
    /// Whether the attempt at the desk is the first shift.
    pub active: bool,
    /// How many of `STEPS` are done.
    pub done: usize,
    /// Whether the debrief shows the note that the first shift was practice.
    pub practice_note: bool,
}

impl Tutorial {
    /// The step whose hint is showing, if any.
    pub fn current(&self) -> Option<Step> {
        self.active.then(|| STEPS.get(self.done).copied()).flatten()
    }
}

fn begin(desk: Res<Desk>, mut tutorial: ResMut<Tutorial>) {
    let active = desk
        .view
        .as_ref()
        .is_some_and(|v| &*v.session.scenario.id == FIRST_SHIFT);
    *tutorial = Tutorial {
        active,
        ..Tutorial::default()
    };
}

/// Advances the steps from the desk as it now is (after the desk applied this frame's intents).
fn follow_steps(desk: Res<Desk>, panels: Res<DeskPanels>, mut tutorial: ResMut<Tutorial>) {
    if !tutorial.active {
        return;
    }
    let Some(view) = desk.view.as_ref() else {
        return;
    };
    let done = progress(tutorial.done, view, &panels);
    if done != tutorial.done {
        tutorial.done = done;
    }
}

/// The hint for the current step: a ring round its control and a note beside it, or, when the
/// control is out of sight, the note at the bottom of the middle of the desk.
fn hint_ui(
    mut contexts: EguiContexts,
    tutorial: Res<Tutorial>,
    desk: Res<Desk>,
    panels: Res<DeskPanels>,
) -> Result {
    let (Some(step), Some(view)) = (tutorial.current(), desk.view.as_ref()) else {
        return Ok(());
    };
    let ctx = contexts.ctx_mut()?;
    let palette = Palette::current(ctx);
    let screen = ctx.content_rect();
    let target = marked(ctx, step.spot(view, &panels)).filter(|r| screen.intersects(*r));
    // The middle of the desk, between the list on the left and the office on the right.
    let panel_edge = |id: &str| {
        egui::containers::panel::PanelState::load(ctx, egui::Id::new(id)).map(|p| p.outer_rect)
    };
    let middle_left = panel_edge("events").map_or(screen.left(), |r| r.right());
    let middle_right = panel_edge("office").map_or(screen.right(), |r| r.left());
    // Just under what the conversation shows, so the line to the control is short.
    let under_conversation = marked(ctx, spot::conversation()).map(|r| {
        egui::pos2(
            r.left() + 4.0,
            (r.bottom() + 14.0).min(screen.bottom() - 140.0),
        )
    });
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::new("tutorial-ring"),
    ));
    let stroke = egui::Stroke::new(3.0, palette.caution.egui());
    if let Some(rect) = target {
        painter.rect_stroke(rect.expand(4.0), 6.0, stroke, egui::StrokeKind::Outside);
    }
    let HintPlace {
        pos,
        pivot,
        width,
        linked,
    } = place_hint(
        target,
        screen,
        middle_left,
        middle_right,
        under_conversation,
    );
    let note = egui::Area::new(egui::Id::new("tutorial-hint"))
        .order(egui::Order::Foreground)
        .fixed_pos(pos)
        .pivot(pivot)
        .interactable(false)
        .show(ctx, |ui| {
            theme::card(palette, egui::Stroke::new(2.0, palette.caution.egui())).show(ui, |ui| {
                ui.set_max_width(width);
                ui.small(format!(
                    "First shift · step {} of {}",
                    tutorial.done + 1,
                    STEPS.len()
                ));
                ui.label(egui::RichText::new(step.hint_now(view)).color(palette.text.egui()));
            });
        });
    if let Some(rect) = linked {
        let from = note.response.rect;
        let (start, end) = if rect.center().y < from.top() {
            let x = rect
                .center()
                .x
                .clamp(from.left() + 12.0, from.right() - 12.0);
            let start = egui::pos2(x, from.top());
            (
                start,
                egui::pos2(x.clamp(rect.left(), rect.right()), rect.bottom() + 4.0),
            )
        } else {
            // Beside the note (the action form's button sits low on the right).
            (
                from.right_center(),
                egui::pos2(rect.left() - 4.0, rect.center().y),
            )
        };
        painter.line_segment([start, end], stroke);
    }
    Ok(())
}

/// The widest a hint's note is, and what its card's frame adds around the text.
pub const HINT_WIDTH: f32 = 300.0;
pub const HINT_FRAME: f32 = 24.0;

/// Where a hint's note goes: its corner, how it hangs from that corner, the width of its text,
/// and the control a line links it to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HintPlace {
    pub pos: egui::Pos2,
    pub pivot: egui::Align2,
    pub width: f32,
    pub linked: Option<egui::Rect>,
}

/// Places the note where it covers nothing the step needs. Beside a row of the list or under
/// the clock bar's buttons it once covered the scene, where the step's own cue shows (the
/// ringing line's lamp under "the phone is ringing", the wall clock under "pause the clock").
/// So: for the clock bar's buttons, under the bar on the left, no wider than the lists' column
/// (no clock-bar step needs the lists); for anything else, just under the conversation (among
/// the middle's and the office's controls it would cover others); with no conversation or no
/// control, at the bottom of the middle.
pub fn place_hint(
    target: Option<egui::Rect>,
    screen: egui::Rect,
    middle_left: f32,
    middle_right: f32,
    under_conversation: Option<egui::Pos2>,
) -> HintPlace {
    let middle_bottom = HintPlace {
        pos: egui::pos2((middle_left + middle_right) / 2.0, screen.bottom() - 16.0),
        pivot: egui::Align2::CENTER_BOTTOM,
        width: HINT_WIDTH,
        linked: target,
    };
    let Some(rect) = target else {
        return middle_bottom;
    };
    if rect.bottom() < screen.top() + 60.0 {
        let left = screen.left() + 8.0;
        HintPlace {
            pos: egui::pos2(left, rect.bottom() + 12.0),
            pivot: egui::Align2::LEFT_TOP,
            width: (middle_left - left - HINT_FRAME - 8.0).clamp(180.0, HINT_WIDTH),
            linked: Some(rect),
        }
    } else if let Some(pos) = under_conversation {
        HintPlace {
            pos,
            pivot: egui::Align2::LEFT_TOP,
            width: HINT_WIDTH,
            linked: Some(rect),
        }
    } else {
        middle_bottom
    }
}

fn show_practice_note(last: Res<LastAttempt>, mut tutorial: ResMut<Tutorial>) {
    tutorial.practice_note = last
        .report
        .as_ref()
        .is_some_and(|r| r.scenario.as_str() == FIRST_SHIFT);
}

/// What the debrief of the first shift adds: it was practice, and how to read the debrief.
pub const PRACTICE_NOTE: &str = "That was practice, scored gently: the clock allowed minutes where a real office allows seconds (answer within three rings, check on a held caller within a minute), and nobody hung up or walked away. Every other scenario is scored as a working office would score it.\n\nRead the debrief from the top: the verdict and score, then a line per rule with what you did, why it matters and where the rule comes from. The Timeline tab shows your shift minute by minute; Replay steps through it action by action.";

fn practice_note_ui(
    mut contexts: EguiContexts,
    mut tutorial: ResMut<Tutorial>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    if !tutorial.practice_note {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let palette = Palette::current(ctx);
    let mut open = true;
    egui::Window::new("Your first shift: practice")
        .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -16.0))
        .default_width(360.0)
        .collapsible(false)
        .resizable(false)
        .frame(
            egui::Frame::window(&ctx.global_style())
                .stroke(egui::Stroke::new(2.0, palette.accent.egui())),
        )
        .show(ctx, |ui| {
            ui.label(PRACTICE_NOTE);
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button("Back to the title").clicked() {
                    next.set(Screen::Title);
                    open = false;
                }
                if ui.button("Close this note").clicked() {
                    open = false;
                }
            });
        });
    if !open {
        tutorial.practice_note = false;
    }
    Ok(())
}
