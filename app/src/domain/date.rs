//! Calendar dates without a time zone library: parsing `YYYY-MM-DD`, comparing, and today's
//! date in Sweden. Shared by browser and server so both judge dates alike.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SimpleDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl SimpleDate {
    pub fn new(year: i32, month: u8, day: u8) -> Option<SimpleDate> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(SimpleDate { year, month, day })
    }

    /// Parses `2026-12-24`, `2026-1-5` or `20261224` (surrounding spaces ignored).
    pub fn parse(input: &str) -> Option<SimpleDate> {
        let s = input.trim();
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            return SimpleDate::new(s[0..4].parse().ok()?, s[4..6].parse().ok()?, s[6..8].parse().ok()?);
        }
        let mut parts = s.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
            return None;
        }
        if ![y, m, d].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        SimpleDate::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn from_days(days: i64) -> SimpleDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        SimpleDate { year, month, day }
    }

    pub fn add_days(self, days: i64) -> SimpleDate {
        SimpleDate::from_days(self.to_days() + days)
    }

    /// The date in Sweden at a moment given as seconds since the Unix epoch: CET, or CEST
    /// from the last Sunday of March to the last Sunday of October (01:00 UTC both).
    pub fn in_sweden_at(unix_seconds: i64) -> SimpleDate {
        let utc_day = SimpleDate::from_days(unix_seconds.div_euclid(86_400));
        let last_sunday = |month: u8| {
            let last = SimpleDate { year: utc_day.year, month, day: 31 };
            // 1970-01-01 was a Thursday: weekday 0 = Monday.
            let weekday = (last.to_days() + 3).rem_euclid(7);
            (last.to_days() - (weekday - 6).rem_euclid(7)) * 86_400 + 3600
        };
        let summer = unix_seconds >= last_sunday(3) && unix_seconds < last_sunday(10);
        let offset = if summer { 7200 } else { 3600 };
        SimpleDate::from_days((unix_seconds + offset).div_euclid(86_400))
    }

    #[cfg(feature = "ssr")]
    pub fn today_in_sweden() -> SimpleDate {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        SimpleDate::in_sweden_at(now as i64)
    }
}

impl fmt::Display for SimpleDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The day of the week of days since 1970-01-01: 0 is Sunday (that day was a Thursday).
fn weekday(days: i64) -> i64 {
    (days + 4).rem_euclid(7)
}

/// The last Sunday of a month, as days since 1970-01-01.
fn last_sunday(year: i32, month: u8) -> i64 {
    let last = SimpleDate { year, month, day: days_in_month(year, month) }.to_days();
    last - weekday(last)
}

/// A time (milliseconds since the Unix epoch) as Swedish local time, `2026-11-30 08:15`:
/// CET, and CEST from the last Sunday of March to the last Sunday of October (01:00 UTC).
pub fn stockholm_time(ms: i64) -> String {
    const HOUR: i64 = 3_600_000;
    let utc_day = ms.div_euclid(86_400_000);
    let year = SimpleDate::from_days(utc_day).year;
    let summer_starts = last_sunday(year, 3) * 86_400_000 + HOUR;
    let summer_ends = last_sunday(year, 10) * 86_400_000 + HOUR;
    let offset = if (summer_starts..summer_ends).contains(&ms) { 2 * HOUR } else { HOUR };
    let local = ms + offset;
    let date = SimpleDate::from_days(local.div_euclid(86_400_000));
    let minutes = local.rem_euclid(86_400_000) / 60_000;
    format!("{:04}-{:02}-{:02} {:02}:{:02}", date.year, date.month, date.day, minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_and_compact_dates_and_rejects_impossible_ones() {
        assert_eq!(SimpleDate::parse(" 2024-02-29 "), SimpleDate::new(2024, 2, 29));
        assert_eq!(SimpleDate::parse("20261224"), SimpleDate::new(2026, 12, 24));
        assert_eq!(SimpleDate::parse("2026-1-5"), SimpleDate::new(2026, 1, 5));
        for bad in
            ["2023-02-29", "2026-13-01", "2026-00-10", "26-01-01", "2026/01/01", "", "2026-01-01-1", "٢٠٢٦-01-01"]
        {
            assert_eq!(SimpleDate::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_numbers_round_trip_over_four_centuries() {
        let mut day = SimpleDate::new(1900, 1, 1).unwrap();
        for _ in 0..(400 * 366) {
            let next = day.add_days(1);
            assert!(next > day);
            assert_eq!(SimpleDate::from_days(day.to_days()), day);
            day = next;
        }
        assert_eq!(SimpleDate::new(1970, 1, 1).unwrap().to_days(), 0);
    }

    #[test]
    fn swedish_date_follows_summer_time() {
        // 2026-06-30 22:30 UTC is already 1 July in Stockholm (CEST, +2).
        assert_eq!(SimpleDate::in_sweden_at(1_782_858_600), SimpleDate::new(2026, 7, 1).unwrap());
        // 2026-12-31 22:30 UTC is still 31 December (CET, +1).
        assert_eq!(SimpleDate::in_sweden_at(1_798_756_200), SimpleDate::new(2026, 12, 31).unwrap());
        // 2026-12-31 23:30 UTC is 1 January.
        assert_eq!(SimpleDate::in_sweden_at(1_798_759_800), SimpleDate::new(2027, 1, 1).unwrap());
    }

    #[test]
    fn swedish_local_time_follows_summer_time() {
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        let at = |date: SimpleDate, ms: i64| date.to_days() * 86_400_000 + ms;
        let hour = 3_600_000;
        assert_eq!(
            stockholm_time(at(SimpleDate::new(2026, 11, 30).unwrap(), 7 * hour + 15 * 60_000)),
            "2026-11-30 08:15"
        );
        assert_eq!(
            stockholm_time(at(SimpleDate::new(2026, 7, 1).unwrap(), 22 * hour + 30 * 60_000)),
            "2026-07-02 00:30"
        );
        assert_eq!(stockholm_time(at(SimpleDate::new(2026, 3, 29).unwrap(), hour - 1)), "2026-03-29 01:59");
        assert_eq!(stockholm_time(at(SimpleDate::new(2026, 3, 29).unwrap(), hour)), "2026-03-29 03:00");
        assert_eq!(stockholm_time(at(SimpleDate::new(2026, 10, 25).unwrap(), hour)), "2026-10-25 02:00");
    }
}
