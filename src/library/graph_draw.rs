//! Drawing a scenario's map (`graph::ScenarioMap`): a deterministic layered layout of our own
//! (rows by event in timeline order, columns event · choices · consequences, arrows routed
//! orthogonally through the gaps between rows and columns so they never cross a box), and the
//! renderers: DOT text (for Graphviz users), SVG, and one self-contained HTML page. The app
//! draws the same `MapLayout`.
//!
//! Why not a layout crate: Graphviz-style ranking orders boxes by arrows, not by time, and gives
//! no say over the classes and styles the map's legend and tests rely on.

use super::graph::{EdgeKind, MapNode, NodeKind, ScenarioMap};

/// Text size and the advance of one character of a monospace font at that size.
pub const FONT_SIZE: f32 = 11.0;
pub const CHAR_WIDTH: f32 = 6.7;
pub const LINE_HEIGHT: f32 = 14.0;
const PAD: f32 = 6.0;
const EVENT_CHARS: usize = 46;
const CHOICE_CHARS: usize = 42;
const CONSEQUENCE_CHARS: usize = 48;
const TIME_CHARS: usize = 18;
const MARGIN: f32 = 16.0;
const HEADER: f32 = 104.0;
const GAP: f32 = 8.0;
const OFFERS_GAP: f32 = 40.0;
const TRACK: f32 = 6.0;
const CORRIDOR_TRACK: f32 = 13.0;
/// Room right of the map for the labels of arrows between consequences.
const RIGHT_ROOM: f32 = 90.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    pub fn center_x(&self) -> f32 {
        self.x + self.w / 2.0
    }
}

/// A node's box and its text, wrapped to the box.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedNode {
    pub rect: Rect,
    pub title: Vec<String>,
    pub lines: Vec<String>,
}

/// An arrow: a polyline from its node to the other, and where its label goes.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedEdge {
    pub points: Vec<(f32, f32)>,
    pub label_at: Option<(f32, f32)>,
}

/// A lane's band and its time label.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLane {
    pub top: f32,
    pub bottom: f32,
    pub time: Vec<String>,
}

/// Where everything of a map goes, in pixels; indices follow the map's nodes, edges and lanes.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLayout {
    pub width: f32,
    pub height: f32,
    pub nodes: Vec<PlacedNode>,
    pub edges: Vec<PlacedEdge>,
    pub lanes: Vec<PlacedLane>,
    /// The x of the timeline's axis.
    pub timeline_x: f32,
}

/// Wraps text to lines of at most `width` characters, at spaces when it can.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn chars_of(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Event => EVENT_CHARS,
        NodeKind::Choice => CHOICE_CHARS,
        NodeKind::Consequence => CONSEQUENCE_CHARS,
    }
}

fn box_width(chars: usize) -> f32 {
    chars as f32 * CHAR_WIDTH + 2.0 * PAD
}

/// Which gap an arrow runs along: the channels between columns, the corridors between rows.
#[derive(Default)]
struct Tracks {
    /// Left of the event column: arrows into events.
    into_events: usize,
    /// Between events and choices: arrows into choices from elsewhere.
    into_choices: usize,
    /// Between choices and consequences: arrows into consequences from events and choices.
    into_consequences: usize,
    /// Right of the consequences: arrows out of consequences.
    out_of_consequences: usize,
    /// Per corridor (above lane k; the last is below the last lane).
    corridors: Vec<usize>,
}

impl Tracks {
    fn take(count: &mut usize) -> usize {
        *count += 1;
        *count - 1
    }
}

/// The route of one arrow, before positions are known: which tracks it takes.
enum Plan {
    Straight,
    /// From a choice's right side, or an event's bottom through a corridor, into a
    /// consequence's left side.
    IntoConsequence {
        corridor: Option<(usize, usize)>,
        channel: usize,
    },
    /// Out of a consequence's right side, into another consequence's right side.
    Between {
        channel: usize,
    },
    /// Out of a consequence's right side, through a corridor, into an event's left side.
    ConsequenceToEvent {
        out: usize,
        corridor: (usize, usize),
        into: usize,
    },
    /// Into a choice's left side, from anywhere (a corridor when it comes from another row).
    IntoChoice {
        out: Option<usize>,
        corridor: Option<(usize, usize)>,
        channel: usize,
    },
}

/// Lays the map out: deterministic, from the map alone.
pub fn layout(map: &ScenarioMap) -> MapLayout {
    let lanes = map.lanes.len();
    let mut tracks = Tracks {
        corridors: vec![0; lanes + 1],
        ..Tracks::default()
    };
    // Which tracks each arrow takes.
    let plans: Vec<Plan> = map
        .edges
        .iter()
        .map(|edge| {
            let (from, to) = (&map.nodes[edge.from], &map.nodes[edge.to]);
            match (edge.kind, from.kind, to.kind) {
                (EdgeKind::Offers, _, _) => Plan::Straight,
                (_, NodeKind::Consequence, NodeKind::Consequence) => Plan::Between {
                    channel: Tracks::take(&mut tracks.out_of_consequences),
                },
                (_, NodeKind::Consequence, NodeKind::Event) => {
                    let corridor = corridor_towards(from.lane, to.lane);
                    Plan::ConsequenceToEvent {
                        out: Tracks::take(&mut tracks.out_of_consequences),
                        corridor: (corridor, Tracks::take(&mut tracks.corridors[corridor])),
                        into: Tracks::take(&mut tracks.into_events),
                    }
                }
                (_, _, NodeKind::Consequence) => Plan::IntoConsequence {
                    corridor: (from.kind == NodeKind::Event).then(|| {
                        let corridor = from.lane + 1;
                        (corridor, Tracks::take(&mut tracks.corridors[corridor]))
                    }),
                    channel: Tracks::take(&mut tracks.into_consequences),
                },
                (_, _, _) => {
                    let out = (from.kind == NodeKind::Consequence)
                        .then(|| Tracks::take(&mut tracks.out_of_consequences));
                    let corridor = (from.kind != NodeKind::Choice).then(|| {
                        let corridor = if from.kind == NodeKind::Event {
                            from.lane + 1
                        } else {
                            corridor_towards(from.lane, to.lane)
                        };
                        (corridor, Tracks::take(&mut tracks.corridors[corridor]))
                    });
                    Plan::IntoChoice {
                        out,
                        corridor,
                        channel: Tracks::take(&mut tracks.into_choices),
                    }
                }
            }
        })
        .collect();

    // Columns.
    let channel = |n: usize| 2.0 * TRACK + TRACK * n as f32;
    let time_x = MARGIN;
    let into_events_x = time_x + box_width(TIME_CHARS);
    let event_x = into_events_x + channel(tracks.into_events);
    let into_choices_x = event_x + box_width(EVENT_CHARS);
    let choice_x = into_choices_x + OFFERS_GAP.max(channel(tracks.into_choices) + 2.0 * TRACK);
    let into_consequences_x = choice_x + box_width(CHOICE_CHARS);
    let consequence_x = into_consequences_x + channel(tracks.into_consequences);
    let out_x = consequence_x + box_width(CONSEQUENCE_CHARS);
    let width = out_x + channel(tracks.out_of_consequences) + RIGHT_ROOM;
    let column_x = |kind: NodeKind| match kind {
        NodeKind::Event => event_x,
        NodeKind::Choice => choice_x,
        NodeKind::Consequence => consequence_x,
    };

    // Boxes, row by row.
    let mut nodes: Vec<PlacedNode> = map
        .nodes
        .iter()
        .map(|node| {
            let chars = chars_of(node.kind);
            let title = wrap(&node.title, chars);
            let lines: Vec<String> = node.lines.iter().flat_map(|l| wrap(l, chars)).collect();
            let h = 2.0 * PAD + LINE_HEIGHT * (title.len() + lines.len()) as f32;
            PlacedNode {
                rect: Rect {
                    x: column_x(node.kind),
                    y: 0.0,
                    w: box_width(chars),
                    h,
                },
                title,
                lines,
            }
        })
        .collect();
    let corridor_height = |n: usize| 2.0 * GAP + CORRIDOR_TRACK * n as f32;
    let mut corridor_top = vec![0.0; lanes + 1];
    let mut placed_lanes = Vec::new();
    let mut y = HEADER;
    for (lane, info) in map.lanes.iter().enumerate() {
        corridor_top[lane] = y;
        y += corridor_height(tracks.corridors[lane]);
        let top = y;
        let mut bottom = top;
        for kind in [NodeKind::Event, NodeKind::Choice, NodeKind::Consequence] {
            let mut next = top;
            for (k, node) in map.nodes.iter().enumerate() {
                if node.lane == lane && node.kind == kind {
                    nodes[k].rect.y = next;
                    next += nodes[k].rect.h + GAP;
                }
            }
            bottom = f32::max(bottom, next - GAP);
        }
        placed_lanes.push(PlacedLane {
            top,
            bottom,
            time: wrap(&info.when, TIME_CHARS),
        });
        y = bottom;
    }
    corridor_top[lanes] = y;
    y += corridor_height(tracks.corridors[lanes]);
    let height = y + MARGIN;

    // Arrows. Each side of a box hands out its own attachment points, so arrows don't overlap.
    let mut left_used = vec![0usize; nodes.len()];
    let mut right_used = vec![0usize; nodes.len()];
    let attach = |used: &mut Vec<usize>, node: usize, rect: &Rect| {
        let k = used[node];
        used[node] += 1;
        (rect.y + 10.0 + TRACK * k as f32).min(rect.bottom() - 4.0)
    };
    let track_x = |left: f32, k: usize| left + TRACK + TRACK * k as f32;
    let corridor_y =
        |(corridor, k): (usize, usize)| corridor_top[corridor] + GAP + CORRIDOR_TRACK * k as f32;
    let edges = map
        .edges
        .iter()
        .zip(&plans)
        .map(|(edge, plan)| {
            let (f, t) = (nodes[edge.from].rect, nodes[edge.to].rect);
            match *plan {
                Plan::Straight => PlacedEdge {
                    points: vec![(f.right(), f.y + 10.0), (t.x, t.y + (t.h / 2.0).min(10.0))],
                    label_at: None,
                },
                Plan::IntoConsequence { corridor, channel } => {
                    let x = track_x(into_consequences_x, channel);
                    let ty = attach(&mut left_used, edge.to, &t);
                    let mut points = match corridor {
                        Some(corridor) => {
                            let cy = corridor_y(corridor);
                            vec![(f.center_x(), f.bottom()), (f.center_x(), cy), (x, cy)]
                        }
                        None => {
                            let fy = attach(&mut right_used, edge.from, &f);
                            vec![(f.right(), fy), (x, fy)]
                        }
                    };
                    points.extend([(x, ty), (t.x, ty)]);
                    PlacedEdge {
                        points,
                        label_at: None,
                    }
                }
                Plan::Between { channel } => {
                    let x = track_x(out_x, channel);
                    let fy = attach(&mut right_used, edge.from, &f);
                    let ty = attach(&mut right_used, edge.to, &t);
                    PlacedEdge {
                        points: vec![(f.right(), fy), (x, fy), (x, ty), (t.right(), ty)],
                        label_at: Some((x + 4.0, (fy + ty) / 2.0)),
                    }
                }
                Plan::ConsequenceToEvent {
                    out,
                    corridor,
                    into,
                } => {
                    let x_out = track_x(out_x, out);
                    let x_in = track_x(into_events_x, into);
                    let fy = attach(&mut right_used, edge.from, &f);
                    let ty = attach(&mut left_used, edge.to, &t);
                    let cy = corridor_y(corridor);
                    PlacedEdge {
                        points: vec![
                            (f.right(), fy),
                            (x_out, fy),
                            (x_out, cy),
                            (x_in, cy),
                            (x_in, ty),
                            (t.x, ty),
                        ],
                        label_at: Some((choice_x + 4.0, cy - 3.0)),
                    }
                }
                Plan::IntoChoice {
                    out,
                    corridor,
                    channel,
                } => {
                    let x = track_x(into_choices_x, channel);
                    let ty = attach(&mut left_used, edge.to, &t);
                    let mut points = Vec::new();
                    match (out, corridor) {
                        (Some(out), Some(corridor)) => {
                            let fy = attach(&mut right_used, edge.from, &f);
                            let x_out = track_x(out_x, out);
                            let cy = corridor_y(corridor);
                            points.extend([(f.right(), fy), (x_out, fy), (x_out, cy), (x, cy)]);
                        }
                        (None, Some(corridor)) => {
                            let cy = corridor_y(corridor);
                            points.extend([
                                (f.center_x(), f.bottom()),
                                (f.center_x(), cy),
                                (x, cy),
                            ]);
                        }
                        _ => {
                            let fy = attach(&mut left_used, edge.from, &f);
                            points.extend([(f.x, fy), (x, fy)]);
                        }
                    }
                    points.extend([(x, ty), (t.x, ty)]);
                    PlacedEdge {
                        points,
                        label_at: None,
                    }
                }
            }
        })
        .collect();
    MapLayout {
        width,
        height,
        nodes,
        edges,
        lanes: placed_lanes,
        timeline_x: time_x + 4.0,
    }
}

/// The corridor an arrow from one row to another runs along: the one beside the target row,
/// on the side it comes from.
fn corridor_towards(from_lane: usize, to_lane: usize) -> usize {
    if to_lane > from_lane {
        to_lane
    } else {
        to_lane + 1
    }
}

/// How a node or arrow looks: a branch no test plan walks is grey and dashed.
struct Look {
    fill: &'static str,
    stroke: &'static str,
    text: &'static str,
    dash: Option<&'static str>,
}

fn node_look(node: &MapNode) -> Look {
    if node.walked == Some(false) {
        return UNWALKED;
    }
    match node.kind {
        NodeKind::Event => Look {
            fill: "#e8f0fe",
            stroke: "#1a56db",
            text: "#111111",
            dash: None,
        },
        NodeKind::Choice => Look {
            fill: "#fff7e6",
            stroke: "#b7791f",
            text: "#111111",
            dash: None,
        },
        NodeKind::Consequence => Look {
            fill: "#eafaf0",
            stroke: "#2f855a",
            text: "#111111",
            dash: None,
        },
    }
}

const UNWALKED: Look = Look {
    fill: "#f2f2f2",
    stroke: "#9a9a9a",
    text: "#7a7a7a",
    dash: Some("6 4"),
};

fn walk_class(walked: Option<bool>) -> &'static str {
    match walked {
        Some(true) => " walked",
        Some(false) => " unwalked",
        None => "",
    }
}

/// Escapes text for XML and HTML.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The map as an SVG picture: a header with the title, a summary and a legend, then the rows.
/// Every node is a `<g class="node KIND">` (plus `walked` or `unwalked` for a branch) with a
/// `data-id`; every arrow a `<path class="edge KIND">`.
pub fn to_svg(map: &ScenarioMap) -> String {
    let placed = layout(map);
    let mut svg = String::new();
    let (w, h) = (placed.width.ceil(), placed.height.ceil());
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"{FONT_SIZE}\">\n"
    ));
    svg.push_str(
        "<defs>\n\
         <marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#444444\"/></marker>\n\
         <marker id=\"arrow-unwalked\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#9a9a9a\"/></marker>\n\
         </defs>\n",
    );
    svg.push_str(&format!(
        "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n"
    ));
    svg.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"26\" font-size=\"16\" font-weight=\"bold\">{} ({})</text>\n",
        xml_escape(&map.title),
        xml_escape(&map.scenario)
    ));
    svg.push_str(&format!(
        "<text x=\"{MARGIN}\" y=\"46\" fill=\"#444444\">{}</text>\n",
        xml_escape(&map.summary())
    ));
    legend(&mut svg, MARGIN, 62.0);

    // Rows: a band each, and the timeline down the left.
    for (k, lane) in placed.lanes.iter().enumerate() {
        if k % 2 == 0 {
            svg.push_str(&format!(
                "<rect x=\"0\" y=\"{:.1}\" width=\"{w}\" height=\"{:.1}\" fill=\"#f7f9fc\"/>\n",
                lane.top - 4.0,
                lane.bottom - lane.top + 8.0
            ));
        }
    }
    if let (Some(first), Some(last)) = (placed.lanes.first(), placed.lanes.last()) {
        svg.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#bbbbbb\" stroke-width=\"2\"/>\n",
            first.top,
            last.bottom,
            x = placed.timeline_x
        ));
    }
    for lane in &placed.lanes {
        svg.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"#1a56db\"/>\n",
            placed.timeline_x,
            lane.top + 10.0
        ));
        for (k, line) in lane.time.iter().enumerate() {
            svg.push_str(&format!(
                "<text class=\"time\" x=\"{:.1}\" y=\"{:.1}\" fill=\"#333333\">{}</text>\n",
                placed.timeline_x + 10.0,
                lane.top + 14.0 + LINE_HEIGHT * k as f32,
                xml_escape(line)
            ));
        }
    }

    for (edge, route) in map.edges.iter().zip(&placed.edges) {
        let unwalked = edge.walked == Some(false);
        let d: Vec<String> = route
            .points
            .iter()
            .enumerate()
            .map(|(k, (x, y))| format!("{}{x:.1},{y:.1}", if k == 0 { "M" } else { "L" }))
            .collect();
        let kind = match edge.kind {
            EdgeKind::Offers => "offers",
            EdgeKind::Needs => "needs",
            EdgeKind::Effect => "effect",
        };
        let (stroke, marker) = if unwalked {
            ("#9a9a9a", "arrow-unwalked")
        } else {
            ("#444444", "arrow")
        };
        let dash = match (unwalked, edge.kind) {
            (true, _) => " stroke-dasharray=\"6 4\"",
            (false, EdgeKind::Needs) => " stroke-dasharray=\"2 3\"",
            _ => "",
        };
        let width = if edge.kind == EdgeKind::Effect {
            1.6
        } else {
            1.0
        };
        svg.push_str(&format!(
            "<path class=\"edge {kind}{}\" d=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{width}\"{dash} marker-end=\"url(#{marker})\"/>\n",
            walk_class(edge.walked),
            d.join(" ")
        ));
        if let (Some((x, y)), false) = (route.label_at, edge.label.is_empty()) {
            svg.push_str(&format!(
                "<text class=\"edge-label\" x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"10\" fill=\"{}\">{}</text>\n",
                if unwalked { "#7a7a7a" } else { "#22543d" },
                xml_escape(&edge.label)
            ));
        }
    }

    for (node, placed) in map.nodes.iter().zip(&placed.nodes) {
        let look = node_look(node);
        let r = placed.rect;
        let mut all = node.title.clone();
        for line in &node.lines {
            all.push('\n');
            all.push_str(line);
        }
        svg.push_str(&format!(
            "<g class=\"node {}{}\" data-id=\"{}\">\n<title>{}</title>\n",
            node.kind.name(),
            walk_class(node.walked),
            xml_escape(&node.id),
            xml_escape(&all)
        ));
        let radius = match node.kind {
            NodeKind::Event => 2.0,
            NodeKind::Choice => 10.0,
            NodeKind::Consequence => 5.0,
        };
        let stroke_width = if node.walked == Some(true) { 2.0 } else { 1.2 };
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{radius}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{stroke_width}\"{}/>\n",
            r.x,
            r.y,
            r.w,
            r.h,
            look.fill,
            look.stroke,
            look.dash
                .map(|d| format!(" stroke-dasharray=\"{d}\""))
                .unwrap_or_default()
        ));
        let mut y = r.y + PAD + FONT_SIZE;
        for line in &placed.title {
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{y:.1}\" font-weight=\"bold\" fill=\"{}\">{}</text>\n",
                r.x + PAD,
                look.text,
                xml_escape(line)
            ));
            y += LINE_HEIGHT;
        }
        for line in &placed.lines {
            svg.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{y:.1}\" fill=\"{}\">{}</text>\n",
                r.x + PAD,
                look.text,
                xml_escape(line)
            ));
            y += LINE_HEIGHT;
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("</svg>\n");
    svg
}

/// The legend row of the SVG: what each box and arrow means.
fn legend(svg: &mut String, x: f32, y: f32) {
    let boxes = [
        ("event", "#e8f0fe", "#1a56db", None, 2.0),
        ("choice", "#fff7e6", "#b7791f", None, 10.0),
        ("consequence", "#eafaf0", "#2f855a", None, 5.0),
        (
            "branch no plan walks",
            "#f2f2f2",
            "#9a9a9a",
            Some("6 4"),
            5.0,
        ),
    ];
    let mut at = x;
    svg.push_str("<g class=\"legend\">\n");
    for (name, fill, stroke, dash, radius) in boxes {
        svg.push_str(&format!(
            "<rect x=\"{at:.1}\" y=\"{y:.1}\" width=\"22\" height=\"14\" rx=\"{radius}\" fill=\"{fill}\" stroke=\"{stroke}\"{}/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\">{name}</text>\n",
            dash.map(|d| format!(" stroke-dasharray=\"{d}\""))
                .unwrap_or_default(),
            at + 28.0,
            y + 11.0
        ));
        at += 36.0 + name.len() as f32 * CHAR_WIDTH;
    }
    let arrows = [
        ("offers", "", 1.0),
        ("condition names", " stroke-dasharray=\"2 3\"", 1.0),
        ("effect", "", 1.6),
    ];
    let y2 = y + 24.0;
    let mut at = x;
    for (name, dash, width) in arrows {
        svg.push_str(&format!(
            "<path d=\"M{at:.1},{:.1} L{:.1},{:.1}\" stroke=\"#444444\" stroke-width=\"{width}\"{dash} marker-end=\"url(#arrow)\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\">{name}</text>\n",
            y2 + 7.0,
            at + 28.0,
            y2 + 7.0,
            at + 34.0,
            y2 + 11.0
        ));
        at += 44.0 + name.len() as f32 * CHAR_WIDTH;
    }
    svg.push_str(&format!(
        "<text x=\"{at:.1}\" y=\"{:.1}\" fill=\"#444444\">rows: events in timeline order · ✓/✗: walked by the test plans or not</text>\n",
        y2 + 11.0
    ));
    svg.push_str("</g>\n");
}

/// Escapes text for a DOT string.
fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The map as Graphviz DOT: one node per event, choice and consequence (ids `event:…`,
/// `choice:EVENT/…`, `consequence:…`), a cluster per row; branches no plan walks dashed and grey.
pub fn to_dot(map: &ScenarioMap) -> String {
    let mut dot = format!(
        "// {} — {}\n// {}\ndigraph \"{}\" {{\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10, style=filled];\n  edge [fontname=\"Helvetica\", fontsize=9];\n",
        map.scenario,
        map.title,
        map.summary(),
        dot_escape(&map.scenario)
    );
    for (k, lane) in map.lanes.iter().enumerate() {
        dot.push_str(&format!(
            "  subgraph \"cluster_{k}\" {{\n    label=\"{}\";\n    style=rounded; color=\"#cccccc\";\n",
            dot_escape(&lane.when)
        ));
        for node in map.nodes.iter().filter(|n| n.lane == k) {
            let look = node_look(node);
            let mut label = dot_escape(&node.title);
            label.push_str("\\l");
            for line in &node.lines {
                label.push_str(&dot_escape(line));
                label.push_str("\\l");
            }
            let shape = match node.kind {
                NodeKind::Event => "box",
                NodeKind::Choice => "box",
                NodeKind::Consequence => "note",
            };
            let style = match (node.kind, node.walked) {
                (_, Some(false)) => "filled,dashed",
                (NodeKind::Choice, _) => "filled,rounded",
                _ => "filled",
            };
            dot.push_str(&format!(
                "    \"{}\" [shape={shape}, style=\"{style}\", fillcolor=\"{}\", color=\"{}\", fontcolor=\"{}\", label=\"{label}\"];\n",
                dot_escape(&node.key()),
                look.fill,
                look.stroke,
                look.text,
            ));
        }
        dot.push_str("  }\n");
    }
    for edge in &map.edges {
        let mut attributes = Vec::new();
        if !edge.label.is_empty() {
            attributes.push(format!("label=\"{}\"", dot_escape(&edge.label)));
        }
        if edge.walked == Some(false) {
            attributes.push("style=dashed, color=\"#9a9a9a\", fontcolor=\"#7a7a7a\"".to_owned());
        } else if edge.kind == EdgeKind::Needs {
            attributes.push("style=dotted".to_owned());
        }
        dot.push_str(&format!(
            "  \"{}\" -> \"{}\"{};\n",
            dot_escape(&map.nodes[edge.from].key()),
            dot_escape(&map.nodes[edge.to].key()),
            if attributes.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attributes.join(", "))
            }
        ));
    }
    dot.push_str("}\n");
    dot
}

/// The map as one self-contained HTML page: the SVG, a legend that says how to read it, and
/// the test plans that were run.
pub fn to_html(map: &ScenarioMap) -> String {
    let mut plans = String::new();
    for plan in &map.plans {
        plans.push_str(&format!(
            "<li>{} {}</li>\n",
            if plan.passed {
                "✓"
            } else {
                "✗ (not as expected)"
            },
            xml_escape(&plan.name)
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <title>Map of {id}: {title}</title>\n\
         <style>\nbody {{ font-family: sans-serif; margin: 1.5em; color: #111; }}\n\
         .map {{ overflow: auto; border: 1px solid #ddd; }}\n\
         dt {{ font-weight: bold; }}\n</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n<p><code>{id}</code> · {summary}</p>\n\
         <div class=\"map\">\n{svg}</div>\n\
         <h2>How to read the map</h2>\n<dl>\n\
         <dt>Rows</dt><dd>One row per event, in timeline order (the time on the left); events with no time come last: a consequence brings them.</dd>\n\
         <dt>Blue boxes: events</dt><dd>What arrives, the replies the person gives (↩ after an act, with their conditions and the facts they reveal), and the rules that judge the event as authored (and those that also judged it in some test plan).</dd>\n\
         <dt>Orange boxes: choices</dt><dd>The lines the trainee may say, the act each counts as, and when each is offered.</dd>\n\
         <dt>Green boxes: consequences</dt><dd>How the world reacts: the condition, the delay, the effects and why. Dotted arrows come from what the condition names; solid arrows go to the events an effect brings, cancels or changes.</dd>\n\
         <dt>Grey dashed: not walked</dt><dd>A branch (a consequence, or a choice with a condition) that no test plan walks: add a plan that reaches it, so <code>frontdesk check</code> knows it scores as you mean.</dd>\n\
         </dl>\n<h2>Test plans run</h2>\n<ul>\n{plans}</ul>\n</body>\n</html>\n",
        id = xml_escape(&map.scenario),
        title = xml_escape(&map.title),
        summary = xml_escape(&map.summary()),
        svg = to_svg(map),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_and_splits_long_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }

    #[test]
    fn escaping_covers_markup() {
        assert_eq!(xml_escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(dot_escape("say \"hi\" \\"), "say \\\"hi\\\" \\\\");
    }
}
