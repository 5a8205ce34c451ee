//! `frontdesk new`: writes a commented skeleton (scenario, rule pack, question set, policy
//! pack) into the content folder. The skeletons and their checks live in the library
//! (`frontdesk::library::Skeleton`); this only reports.

use crate::out::outln;
use frontdesk::library::{ContentSource, NewContent, Skeleton};
use std::process::ExitCode;

pub fn new(content: &ContentSource, what: NewContent, id: &str) -> ExitCode {
    let Some(root) = content.folder() else {
        eprintln!("error: `new` writes into your content folder, and none was given");
        eprintln!(
            "  = hint: name one with --content DIR (it adds to the built-in content, \
             e.g. `frontdesk --content my-clinic new policy my-clinic`); see docs/AUTHORING.md"
        );
        return ExitCode::FAILURE;
    };
    // The content as it is, errors and all: `new` only needs its ids, offices and folders.
    let library = content.load();
    let written = Skeleton::plan(&library, root, &what, id).and_then(|skeleton| {
        skeleton.write()?;
        Ok(skeleton)
    });
    match written {
        Ok(skeleton) => {
            outln!("wrote {}", skeleton.path.display());
            let next = match what {
                NewContent::Scenario { .. } => format!(
                    "next: `frontdesk check {}` (it passes as written), then make it yours: \
                     docs/SCENARIO_FORMAT.md §5 and §10",
                    skeleton.path.display()
                ),
                _ => format!(
                    "next: fill in the TODOs, then `frontdesk check {}`",
                    skeleton.path.display()
                ),
            };
            outln!("{next}");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("error: {problem}");
            ExitCode::FAILURE
        }
    }
}
