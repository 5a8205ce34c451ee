//! The instructor's view of a scenario: the same map `frontdesk graph` draws (events on the
//! timeline, their conversations, consequences, the rules that judge each event, walked and
//! unwalked branches), painted with egui from the library's layout. A widget the picker shows.

use crate::library::{EdgeKind, MAP_FONT_SIZE, MAP_LINE_HEIGHT, MapLayout, NodeKind, ScenarioMap};
use bevy_egui::egui::{self, Color32, FontId, Pos2, Stroke, StrokeKind, Vec2, pos2};

/// A map and where everything of it goes.
pub struct OpenMap {
    pub map: ScenarioMap,
    pub layout: MapLayout,
}

fn fill(kind: NodeKind, dark: bool) -> Color32 {
    match (kind, dark) {
        (NodeKind::Event, false) => Color32::from_rgb(0xe8, 0xf0, 0xfe),
        (NodeKind::Choice, false) => Color32::from_rgb(0xfe, 0xf3, 0xe0),
        (NodeKind::Consequence, false) => Color32::from_rgb(0xe6, 0xf4, 0xea),
        (NodeKind::Event, true) => Color32::from_rgb(0x1f, 0x2d, 0x45),
        (NodeKind::Choice, true) => Color32::from_rgb(0x45, 0x36, 0x1f),
        (NodeKind::Consequence, true) => Color32::from_rgb(0x1f, 0x40, 0x2a),
    }
}

/// Paints the map at its natural size inside a scroll area; returns nothing to do (it is a
/// view). Unwalked branches are grey and dashed, as in the SVG.
pub fn map_ui(ui: &mut egui::Ui, open: &OpenMap) {
    let (font_size, line_height) = (MAP_FONT_SIZE, MAP_LINE_HEIGHT);
    let dark = ui.visuals().dark_mode;
    let text_color = ui.visuals().text_color();
    let faint = ui.visuals().weak_text_color();
    ui.label(open.map.summary());
    egui::ScrollArea::both().show(ui, |ui| {
        let size = Vec2::new(open.layout.width, open.layout.height);
        let (response, painter) = ui.allocate_painter(size, egui::Sense::hover());
        let origin = response.rect.min;
        let at = |x: f32, y: f32| origin + Vec2::new(x, y);
        let font = FontId::monospace(font_size);
        for lane in &open.layout.lanes {
            painter.line_segment(
                [at(0.0, lane.top), at(open.layout.width, lane.top)],
                Stroke::new(1.0, faint),
            );
            for (k, line) in lane.time.iter().enumerate() {
                painter.text(
                    at(8.0, lane.top + 6.0 + k as f32 * line_height),
                    egui::Align2::LEFT_TOP,
                    line,
                    font.clone(),
                    text_color,
                );
            }
        }
        for (edge, placed) in open.map.edges.iter().zip(&open.layout.edges) {
            let unwalked = edge.walked == Some(false);
            let color = if unwalked { faint } else { text_color };
            let points: Vec<Pos2> = placed.points.iter().map(|(x, y)| at(*x, *y)).collect();
            if unwalked {
                painter.extend(egui::Shape::dashed_line(
                    &points,
                    Stroke::new(1.0, color),
                    5.0,
                    4.0,
                ));
            } else {
                painter.add(egui::Shape::line(points.clone(), Stroke::new(1.0, color)));
            }
            if let [.., from, to] = points[..] {
                let dir = (to - from).normalized() * 6.0;
                let side = Vec2::new(-dir.y, dir.x) * 0.6;
                painter.add(egui::Shape::convex_polygon(
                    vec![to, to - dir + side, to - dir - side],
                    color,
                    Stroke::NONE,
                ));
            }
            if let (EdgeKind::Effect, Some((x, y))) = (edge.kind, placed.label_at) {
                painter.text(
                    at(x, y),
                    egui::Align2::LEFT_BOTTOM,
                    &edge.label,
                    font.clone(),
                    color,
                );
            }
        }
        for (node, placed) in open.map.nodes.iter().zip(&open.layout.nodes) {
            let r = placed.rect;
            let rect = egui::Rect::from_min_size(at(r.x, r.y), Vec2::new(r.w, r.h));
            let unwalked = node.walked == Some(false);
            painter.rect_filled(rect, 4.0, fill(node.kind, dark));
            let stroke = Stroke::new(1.0, if unwalked { faint } else { text_color });
            if unwalked {
                let corners = [
                    rect.left_top(),
                    rect.right_top(),
                    rect.right_bottom(),
                    rect.left_bottom(),
                    rect.left_top(),
                ];
                painter.extend(egui::Shape::dashed_line(&corners, stroke, 5.0, 4.0));
            } else {
                painter.rect_stroke(rect, 4.0, stroke, StrokeKind::Inside);
            }
            let lines = placed
                .title
                .iter()
                .map(|l| (l, true))
                .chain(placed.lines.iter().map(|l| (l, false)));
            for (k, (line, title)) in lines.enumerate() {
                let color = if title { text_color } else { faint };
                painter.text(
                    pos2(rect.left() + 6.0, rect.top() + 4.0 + k as f32 * line_height),
                    egui::Align2::LEFT_TOP,
                    line,
                    font.clone(),
                    color,
                );
            }
        }
    });
}
