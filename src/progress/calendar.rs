//! Calendar arithmetic for progress: Unix time to day numbers and dates, without a date crate.
//! Only progress reads the wall clock (when an attempt was saved); the simulation never does.

/// Whole days since 1970-01-01 (UTC) for a Unix time in seconds.
pub fn day_of(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(86_400)
}

/// The current Unix time in seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The calendar date (year, month, day) of a day number (days since 1970-01-01), by Howard
/// Hinnant's civil-from-days algorithm.
pub fn civil_date(day: i64) -> (i64, u32, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `YYYY-MM-DD HH:MM` (UTC) for Unix seconds: how the CLI, the report and the app show a time.
pub fn date_time(unix: i64) -> String {
    let (y, m, d) = civil_date(day_of(unix));
    let seconds = unix.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        seconds / 3600,
        seconds % 3600 / 60
    )
}
