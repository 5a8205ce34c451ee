//! The title screen: choose or add a trainee, then what to do (play, an exam, the study plan,
//! progress, settings).

use super::screen::Screen;
use super::settings::Settings;
use super::trainee::Trainee;
use super::widgets::{PROBLEM_COLOR, root_ui};
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<NewTraineeName>().add_systems(
        EguiPrimaryContextPass,
        title_screen.run_if(in_state(Screen::Title)),
    );
}

#[derive(Resource, Default)]
pub struct NewTraineeName(pub String);

/// What the trainee chose on the title screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TitleIntent {
    Select(String),
    Create(String),
    Go(Screen),
    Quit,
}

pub fn title_ui(
    ui: &mut egui::Ui,
    trainee: &Trainee,
    new_name: &mut String,
) -> Option<TitleIntent> {
    let mut intent = None;
    ui.heading("Frontdesk");
    ui.label("Practise the front desk of a medical office, and prepare for a CMAA-style exam.");
    if let Some(problem) = &trainee.problem {
        ui.colored_label(PROBLEM_COLOR, problem);
    }
    ui.separator();
    ui.strong("Who is training?");
    ui.horizontal_wrapped(|ui| {
        for p in &trainee.profiles {
            let chosen = trainee.profile.as_deref() == Some(p.name.as_str());
            if ui
                .selectable_label(chosen, format!("{} ({} attempts)", p.name, p.attempts))
                .clicked()
            {
                intent = Some(TitleIntent::Select(p.name.clone()));
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label("New trainee:");
        let field = ui.text_edit_singleline(new_name);
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Add").clicked() || enter) && !new_name.trim().is_empty() {
            intent = Some(TitleIntent::Create(new_name.trim().to_owned()));
        }
    });
    match &trainee.profile {
        Some(name) => ui.label(format!("Training as {name}: attempts and exams are saved.")),
        None => ui.label("No trainee chosen: you can play, but nothing is saved."),
    };
    ui.separator();
    let menu = [
        ("Play a scenario at the desk", Screen::Picker),
        ("Take a practice exam", Screen::ExamSetup),
        ("Study plan and reviews", Screen::Study),
        ("Progress", Screen::Progress),
        ("Settings", Screen::Settings),
    ];
    for (label, screen) in menu {
        let needs_trainee = matches!(screen, Screen::Study | Screen::Progress);
        let enabled = !needs_trainee || trainee.profile.is_some();
        let button = ui.add_enabled(
            enabled,
            egui::Button::new(label).min_size(egui::vec2(280.0, 32.0)),
        );
        let button = if enabled {
            button
        } else {
            button.on_disabled_hover_text("Choose a trainee first")
        };
        if button.clicked() {
            intent = Some(TitleIntent::Go(screen));
        }
    }
    if ui.button("Quit").clicked() {
        intent = Some(TitleIntent::Quit);
    }
    intent
}

fn title_screen(
    mut contexts: EguiContexts,
    mut trainee: ResMut<Trainee>,
    mut settings: ResMut<Settings>,
    mut new_name: ResMut<NewTraineeName>,
    mut next: ResMut<NextState<Screen>>,
    mut exit: MessageWriter<AppExit>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let mut intent = None;
    egui::CentralPanel::default().show(&mut root, |ui| {
        intent = title_ui(ui, &trainee, &mut new_name.0);
    });
    match intent {
        Some(TitleIntent::Select(name)) => trainee.select(&name),
        Some(TitleIntent::Create(name)) => match trainee.create(&name) {
            Ok(()) => new_name.0.clear(),
            Err(problem) => trainee.problem = Some(problem),
        },
        Some(TitleIntent::Go(screen)) => {
            trainee.refresh();
            next.set(screen);
        }
        Some(TitleIntent::Quit) => {
            exit.write(AppExit::Success);
        }
        None => {}
    }
    if trainee.profile.is_some() && settings.last_trainee != trainee.profile {
        settings.last_trainee = trainee.profile.clone();
        settings.save();
    }
    Ok(())
}
