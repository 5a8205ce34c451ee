//! The scene's area on the desk, in egui: it reserves the area (egui draws nothing there, so the
//! scene camera shows through) and lays an invisible, named, focusable button over each spot,
//! so a click, Tab and Enter, or a screen reader reach the scene as they reach the panels (egui
//! owns the window's accessibility tree, so the scene's names live in it). Hovering names the
//! spot; a click selects its event in the panels.

use super::layout::{Spot, canvas_to_area, spots};
use crate::app::session_view::{DeskIntent, DeskView};
use bevy::prelude::Vec2;
use bevy_egui::egui;

/// Where a canvas point shows in an area of the screen (the scene camera fits the canvas the
/// same way: as large as fits, centred).
pub fn to_screen(area: egui::Rect, at: Vec2, size: Vec2) -> egui::Rect {
    let corner = Vec2::new(area.min.x, area.min.y);
    let (centre, scale) = canvas_to_area(corner, Vec2::new(area.width(), area.height()), at);
    egui::Rect::from_center_size(
        egui::pos2(centre.x, centre.y),
        egui::vec2(size.x * scale, size.y * scale),
    )
}

/// Draws the scene's named areas into `ui`'s whole rect and returns that rect.
pub fn scene_ui(ui: &mut egui::Ui, view: &DeskView, intents: &mut Vec<DeskIntent>) -> egui::Rect {
    let area = ui.max_rect();
    for spot in spots(view) {
        if let Some(event) = spot_ui(ui, area, &spot) {
            intents.push(DeskIntent::Select(event));
        }
    }
    area
}

/// One spot's button; returns the event to select when it was clicked.
fn spot_ui(ui: &mut egui::Ui, area: egui::Rect, spot: &Spot) -> Option<usize> {
    let rect = to_screen(area, spot.at, spot.size);
    let id = ui.id().with(("scene", spot.key));
    let response = ui.interact(rect, id, egui::Sense::click());
    let selectable = spot.event.is_some();
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::WidgetType::Button, selectable, spot.name.as_str())
    });
    if response.hovered() || response.has_focus() {
        let stroke = ui.visuals().selection.stroke;
        ui.painter()
            .rect_stroke(rect, 4.0, stroke, egui::StrokeKind::Outside);
    }
    let response = response.on_hover_text(&spot.name);
    if response.clicked() { spot.event } else { None }
}
