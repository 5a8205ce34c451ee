//! The app's visual language, defined once: a palette (light and dark) and a type scale. Every
//! screen draws with egui styles set from here (`apply`), and anything drawn outside egui (the
//! desk's scene) takes its colours from `Palette::of` so the two read as one product.
//! Plain data on purpose: colours are `Rgb` triples that convert to egui's or bevy's colour.

use bevy_egui::egui;

/// An sRGB colour, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const fn egui(self) -> egui::Color32 {
        egui::Color32::from_rgb(self.0, self.1, self.2)
    }

    pub fn bevy(self) -> bevy::color::Color {
        bevy::color::Color::srgb_u8(self.0, self.1, self.2)
    }
}

/// The colours of one theme. Text colours are chosen for at least 4.5:1 contrast on
/// `background` and `surface` (WCAG AA for body text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The window behind everything.
    pub background: Rgb,
    /// Panels and cards.
    pub surface: Rgb,
    /// A card raised above a surface (the title's next step, a hint).
    pub raised: Rgb,
    pub border: Rgb,
    /// Text fields and other wells the trainee types or looks into.
    pub field: Rgb,
    pub text: Rgb,
    pub muted: Rgb,
    /// The product's colour: the way forward, the selection, a hint's frame.
    pub accent: Rgb,
    /// Text on `accent`.
    pub on_accent: Rgb,
    /// Passed, done, a line answered.
    pub good: Rgb,
    /// Waiting, on hold, growing impatient.
    pub caution: Rgb,
    /// A problem, a failure, a critical miss, a ringing line.
    pub alert: Rgb,
}

pub const DARK: Palette = Palette {
    background: Rgb(0x17, 0x1c, 0x22),
    surface: Rgb(0x1f, 0x26, 0x2e),
    raised: Rgb(0x2a, 0x33, 0x3d),
    border: Rgb(0x3a, 0x45, 0x52),
    field: Rgb(0x0e, 0x12, 0x16),
    text: Rgb(0xe6, 0xea, 0xee),
    muted: Rgb(0xa3, 0xad, 0xb8),
    accent: Rgb(0x3f, 0xb8, 0xaf),
    on_accent: Rgb(0x0d, 0x1f, 0x1d),
    good: Rgb(0x6c, 0xc7, 0x7d),
    caution: Rgb(0xf0, 0xb4, 0x4c),
    alert: Rgb(0xf4, 0x84, 0x7e),
};

pub const LIGHT: Palette = Palette {
    background: Rgb(0xf4, 0xf2, 0xee),
    surface: Rgb(0xfb, 0xfa, 0xf8),
    raised: Rgb(0xff, 0xff, 0xff),
    border: Rgb(0xd3, 0xcf, 0xc7),
    field: Rgb(0xff, 0xff, 0xff),
    text: Rgb(0x1d, 0x24, 0x2b),
    muted: Rgb(0x55, 0x5f, 0x69),
    accent: Rgb(0x0f, 0x76, 0x6e),
    on_accent: Rgb(0xff, 0xff, 0xff),
    good: Rgb(0x2e, 0x7d, 0x32),
    caution: Rgb(0x9a, 0x5b, 0x00),
    alert: Rgb(0xb4, 0x23, 0x18),
};

impl Palette {
    pub fn of(dark: bool) -> &'static Palette {
        if dark { &DARK } else { &LIGHT }
    }

    /// The palette egui is drawing with now.
    pub fn current(ctx: &egui::Context) -> &'static Palette {
        Palette::of(ctx.theme() == egui::Theme::Dark)
    }
}

/// Text sizes in points at 100 % (the settings' scale multiplies them). Body text stays at
/// egui's size so the dense desk fits a 1280-pixel window.
pub mod size {
    /// The product's name on the title (set with `RichText::size`).
    pub const DISPLAY: f32 = 30.0;
    pub const HEADING: f32 = 20.0;
    pub const BODY: f32 = 13.5;
    pub const SMALL: f32 = 10.5;
    pub const MONO: f32 = 12.5;
}

/// A card raised above its surface, edged with `edge` (the title's next step, a hint).
pub fn card(palette: &Palette, edge: egui::Stroke) -> egui::Frame {
    egui::Frame::new()
        .fill(palette.raised.egui())
        .stroke(edge)
        .corner_radius(8.0)
        .inner_margin(12.0)
}

fn visuals(palette: &Palette, dark: bool) -> egui::Visuals {
    let mut v = if dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    v.panel_fill = palette.surface.egui();
    v.window_fill = palette.raised.egui();
    v.extreme_bg_color = palette.field.egui();
    v.faint_bg_color = palette.raised.egui();
    v.window_stroke.color = palette.border.egui();
    v.hyperlink_color = palette.accent.egui();
    // Secondary text keeps the palette's readable contrast (egui's default fades it further).
    v.weak_text_color = Some(palette.muted.egui());
    v.warn_fg_color = palette.caution.egui();
    v.error_fg_color = palette.alert.egui();
    v.selection.bg_fill = palette.accent.egui();
    v.selection.stroke.color = palette.on_accent.egui();
    v.widgets.noninteractive.bg_stroke.color = palette.border.egui();
    v.widgets.noninteractive.fg_stroke.color = palette.text.egui();
    v.widgets.inactive.fg_stroke.color = palette.text.egui();
    v.widgets.hovered.bg_stroke.color = palette.accent.egui();
    // Keyboard focus must show on every theme and on the accent-filled button too: egui draws
    // a focused widget as active, so active gets a ring in the text colour.
    v.widgets.active.bg_stroke = egui::Stroke::new(2.0, palette.text.egui());
    v
}

fn text_styles(style: &mut egui::Style) {
    use egui::{FontFamily, FontId, TextStyle};
    style.text_styles = [
        (
            TextStyle::Small,
            FontId::new(size::SMALL, FontFamily::Proportional),
        ),
        (
            TextStyle::Body,
            FontId::new(size::BODY, FontFamily::Proportional),
        ),
        (
            TextStyle::Button,
            FontId::new(size::BODY, FontFamily::Proportional),
        ),
        (
            TextStyle::Heading,
            FontId::new(size::HEADING, FontFamily::Proportional),
        ),
        (
            TextStyle::Monospace,
            FontId::new(size::MONO, FontFamily::Monospace),
        ),
    ]
    .into();
}

/// Sets both themes' styles from the palettes and the type scale, and chooses one.
pub fn apply(ctx: &egui::Context, dark: bool) {
    for (theme, palette, is_dark) in [
        (egui::Theme::Dark, &DARK, true),
        (egui::Theme::Light, &LIGHT, false),
    ] {
        ctx.style_mut_of(theme, |style| {
            style.visuals = visuals(palette, is_dark);
            text_styles(style);
        });
    }
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of an sRGB colour.
    fn luminance(c: Rgb) -> f64 {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.039_28 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
    }

    fn contrast(a: Rgb, b: Rgb) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn text_is_readable_on_every_surface_of_both_themes() {
        for palette in [&DARK, &LIGHT] {
            for ground in [
                palette.background,
                palette.surface,
                palette.raised,
                palette.field,
            ] {
                for text in [palette.text, palette.muted, palette.alert, palette.accent] {
                    let ratio = contrast(text, ground);
                    assert!(ratio >= 4.5, "{text:?} on {ground:?}: {ratio:.2}");
                }
            }
            assert!(contrast(palette.on_accent, palette.accent) >= 4.5);
        }
    }
}
