//! The scenario picker: filters for family, setting, exam domain and difficulty, a search, and
//! a card per scenario with its brief and the trainee's best result. Choosing one asks for a
//! fresh attempt (`StartAttempt`); "Map" opens the instructor's view of the scenario (its map,
//! as `frontdesk graph` draws it) beside the list.

use super::content::{Content, ScenarioCard};
use super::map_view::{OpenMap, map_ui};
use super::requests::StartAttempt;
use super::screen::Screen;
use super::settings::Settings;
use super::trainee::{BestResults, Trainee};
use super::widgets::{choose_one, problems_ui, root_ui, title_row};
use crate::library::{layout, scenario_map};
use crate::model::{Difficulty, Domain, Family, Setting};
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::{EguiContexts, EguiPrimaryContextPass, egui};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PickerFilter>()
        .init_resource::<PickerMap>()
        .add_systems(
            EguiPrimaryContextPass,
            picker_screen.run_if(in_state(Screen::Picker)),
        );
}

/// The picker's filters; `None` means any.
#[derive(Resource, Debug, Clone, Default)]
pub struct PickerFilter {
    pub text: String,
    pub family: Option<Family>,
    pub setting: Option<Setting>,
    pub domain: Option<Domain>,
    pub difficulty: Option<Difficulty>,
}

impl PickerFilter {
    pub fn accepts(&self, card: &ScenarioCard) -> bool {
        let needle = self.text.to_lowercase();
        (needle.is_empty()
            || card.title.to_lowercase().contains(&needle)
            || card.brief.to_lowercase().contains(&needle))
            && self.family.is_none_or(|f| f == card.family)
            && self.setting.is_none_or(|s| s == card.setting)
            && self.domain.is_none_or(|d| card.domains.contains(&d))
            && self.difficulty.is_none_or(|d| d == card.difficulty)
    }
}

/// What the trainee chose on the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerIntent {
    Play(String),
    /// For instructors: show the scenario's map.
    Map(String),
    CloseMap,
    Back,
}

/// The map the picker shows, if one is open.
#[derive(Resource, Default)]
pub struct PickerMap(pub Option<OpenMap>);

pub fn picker_ui(
    ui: &mut egui::Ui,
    cards: &[ScenarioCard],
    filter: &mut PickerFilter,
    best: &BestResults,
    instructor_tools: bool,
) -> Option<PickerIntent> {
    let mut chosen = None;
    if title_row(ui, "Choose a scenario") {
        chosen = Some(PickerIntent::Back);
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Search:");
        ui.text_edit_singleline(&mut filter.text)
            .on_hover_text("Words from the title or the brief");
        choose_one(ui, "Family", &mut filter.family, Family::ALL, Family::label);
        choose_one(
            ui,
            "Setting",
            &mut filter.setting,
            Setting::ALL,
            Setting::label,
        );
        choose_one(
            ui,
            "Exam domain",
            &mut filter.domain,
            Domain::ALL,
            Domain::label,
        );
        choose_one(
            ui,
            "Difficulty",
            &mut filter.difficulty,
            Difficulty::ALL,
            Difficulty::label,
        );
    });
    let shown: Vec<&ScenarioCard> = cards.iter().filter(|c| filter.accepts(c)).collect();
    ui.label(format!("{} of {} scenarios", shown.len(), cards.len()));
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        for card in shown {
            ui.group(|ui| {
                ui.horizontal(|ui| {
                    if ui.button(&card.title).clicked() {
                        chosen = Some(PickerIntent::Play(card.id.clone()));
                    }
                    if instructor_tools
                        && ui
                            .small_button("Map")
                        .on_hover_text(
                            "For instructors: the scenario's events, conversations, consequences and the branches its test plans walk",
                        )
                        .clicked()
                    {
                        chosen = Some(PickerIntent::Map(card.id.clone()));
                    }
                    ui.label(format!(
                        "{} · {} · {}",
                        card.family.label(),
                        card.setting.label(),
                        card.difficulty.label()
                    ));
                    match best.get(&card.id) {
                        Some((percent, true)) => {
                            ui.strong(format!("best {percent:.0}% ✔ passed"));
                        }
                        Some((percent, false)) => {
                            ui.label(format!("best {percent:.0}%, not passed yet"));
                        }
                        None => {}
                    }
                });
                ui.label(&card.brief);
            });
        }
    });
    chosen
}

/// The picker's own state: the filter the trainee typed and the open map, if any.
#[derive(SystemParam)]
struct PickerView<'w> {
    filter: ResMut<'w, PickerFilter>,
    open_map: ResMut<'w, PickerMap>,
}

fn picker_screen(
    mut contexts: EguiContexts,
    content: Option<Res<Content>>,
    trainee: Res<Trainee>,
    settings: Res<Settings>,
    mut view: PickerView,
    mut start: MessageWriter<StartAttempt>,
    mut next: ResMut<NextState<Screen>>,
) -> Result {
    let ctx = contexts.ctx_mut()?;
    let mut root = root_ui(ctx);
    let Some(content) = content else {
        egui::CentralPanel::default().show(&mut root, |ui| ui.label("Loading content…"));
        return Ok(());
    };
    let mut chosen = None;
    if let Some(open) = &view.open_map.0 {
        egui::Panel::right("scenario-map")
            .resizable(true)
            .default_size(ctx.content_rect().width() * 0.6)
            .show(&mut root, |ui| {
                ui.horizontal(|ui| {
                    ui.heading(format!("Map: {}", open.map.title));
                    if ui.button("Close map").clicked() {
                        chosen = Some(PickerIntent::CloseMap);
                    }
                });
                map_ui(ui, open);
            });
    }
    egui::CentralPanel::default().show(&mut root, |ui| {
        problems_ui(ui, &content.problems);
        if let Some(intent) = picker_ui(
            ui,
            &content.cards,
            &mut view.filter,
            &trainee.best,
            settings.instructor_tools,
        ) {
            chosen = Some(intent);
        }
    });
    match chosen {
        Some(PickerIntent::Play(id)) => {
            start.write(StartAttempt::fresh(id));
        }
        Some(PickerIntent::Map(id)) => {
            view.open_map.0 = open_scenario_map(&content, &id);
        }
        Some(PickerIntent::CloseMap) => view.open_map.0 = None,
        Some(PickerIntent::Back) => next.set(Screen::Title),
        None => {}
    }
    Ok(())
}

/// The map of a scenario of the content, laid out; `None` when it cannot be set up.
pub fn open_scenario_map(content: &Content, id: &str) -> Option<OpenMap> {
    let scenario = content.library.scenario(id)?;
    let map = scenario_map(&content.library, scenario).ok()?;
    let layout = layout(&map);
    Some(OpenMap { map, layout })
}
