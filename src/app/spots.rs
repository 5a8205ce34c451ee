//! Where the desk's controls were drawn, by a stable id (`spot`): the desk marks a control as
//! it draws it (`mark`), and whatever points at controls (the first shift's hints) reads the
//! place back (`marked`). One small entry in egui's frame memory per marked control.

use bevy_egui::egui;

/// The controls, by id.
pub mod spot {
    use crate::model::ActKind;
    use bevy_egui::egui::Id;

    /// The clock's pause button, the skip button, "End shift", the action form's "Do it".
    pub fn pause() -> Id {
        Id::new("spot:pause")
    }

    pub fn skip() -> Id {
        Id::new("spot:skip")
    }

    pub fn end_shift() -> Id {
        Id::new("spot:end-shift")
    }

    pub fn do_it() -> Id {
        Id::new("spot:do-it")
    }

    /// The action form's "New start" time.
    pub fn new_start() -> Id {
        Id::new("spot:new-start")
    }

    /// The middle of the desk as far as the conversation fills it.
    pub fn conversation() -> Id {
        Id::new("spot:conversation")
    }

    /// A row of the desk's list of calls, visitors and messages.
    pub fn event(index: usize) -> Id {
        Id::new(("spot:event", index))
    }

    /// A button that does an act on the selected call or visit.
    pub fn act(kind: ActKind) -> Id {
        Id::new(("spot:act", kind))
    }

    /// A dialogue line, by its choice id.
    pub fn choice(id: &str) -> Id {
        Id::new(("spot:choice", id))
    }

    /// A button in the office panels that aims the action form at something.
    pub fn aim(kind: ActKind, target: &str) -> Id {
        Id::new(("spot:aim", kind, target))
    }
}

/// Where a control was drawn, and in which pass.
#[derive(Debug, Clone, Copy)]
struct Marked {
    rect: egui::Rect,
    pass: u64,
}

/// The desk says where a control is, so a hint can point at it. Cheap: one small entry in
/// egui's frame memory.
pub fn mark(response: &egui::Response, spot: egui::Id) {
    mark_rect(&response.ctx, spot, response.rect);
}

/// The same for an area that is not one widget (the conversation as far as it is drawn).
pub fn mark_rect(ctx: &egui::Context, spot: egui::Id, rect: egui::Rect) {
    let marked = Marked {
        rect,
        pass: ctx.cumulative_pass_nr(),
    };
    ctx.data_mut(|d| d.insert_temp(spot, marked));
}

/// Where `spot` was drawn in this pass or the one before, if it was.
pub fn marked(ctx: &egui::Context, spot: egui::Id) -> Option<egui::Rect> {
    let now = ctx.cumulative_pass_nr();
    ctx.data(|d| d.get_temp::<Marked>(spot))
        .filter(|m| m.pass + 1 >= now)
        .map(|m| m.rect)
}
