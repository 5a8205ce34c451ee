//! The command's output on stdout, written without panicking: `frontdesk list | head -3` or
//! `frontdesk explain X > /dev/full` must not crash. The first failed write stops all further
//! output (the rest of the command still runs, so an attempt is still saved); `finish` then
//! turns it into the exit code: a closed pipe is the reader's choice and keeps the command's
//! code, any other failure (a full disk) is reported and exits 1.

use std::fmt;
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::OnceLock;

static FAILED: OnceLock<io::Error> = OnceLock::new();

/// Writes to stdout unless an earlier write failed. Used through `out!` and `outln!`.
pub fn write(args: fmt::Arguments) {
    if FAILED.get().is_some() {
        return;
    }
    let mut stdout = io::stdout().lock();
    if let Err(error) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        let _ = FAILED.set(error);
    }
}

/// The exit code once the command is done: its own, unless writing the output failed.
pub fn finish(code: ExitCode) -> ExitCode {
    if FAILED.get().is_none()
        && let Err(error) = io::stdout().lock().flush()
    {
        let _ = FAILED.set(error);
    }
    match FAILED.get() {
        None => code,
        Some(error) if error.kind() == io::ErrorKind::BrokenPipe => code,
        Some(error) => {
            eprintln!("error: could not write the output: {error}");
            ExitCode::FAILURE
        }
    }
}

/// `print!` to stdout without panicking when it is closed or full.
macro_rules! out {
    ($($arg:tt)*) => { $crate::out::write(format_args!($($arg)*)) };
}

/// `println!` to stdout without panicking when it is closed or full.
macro_rules! outln {
    () => { $crate::out::write(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::out::write(format_args!("{}\n", format_args!($($arg)*))) };
}

pub(crate) use {out, outln};
