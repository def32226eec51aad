//! Swedish identity numbers as domain types that parse and validate: personal identity numbers
//! (personnummer, with coordination numbers) and organisation numbers, both with the Luhn check
//! digit. Their `Debug` output is masked so they never end up in a log by accident.

use super::date::SimpleDate;
use std::fmt;

/// Luhn (mod 10) over digits, weights 2,1,2,1,… from the left; `true` when the last digit checks.
pub fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = u32::from(*d) * if i % 2 == 0 { 2 } else { 1 };
            v / 10 + v % 10
        })
        .sum();
    sum.is_multiple_of(10)
}

fn digits_of(s: &str) -> Option<Vec<u8>> {
    s.bytes().map(|b| b.is_ascii_digit().then(|| b - b'0')).collect()
}

#[derive(Clone, PartialEq, Eq)]
pub struct PersonalIdentityNumber {
    /// Twelve digits: YYYYMMDDNNNC.
    digits: String,
}

impl PersonalIdentityNumber {
    /// Parses `YYYYMMDD-NNNN`, `YYYYMMDDNNNN`, `YYMMDD-NNNN`, `YYMMDDNNNN` or `YYMMDD+NNNN`
    /// (100 years or older). `today` decides the century of the short forms.
    pub fn parse(input: &str, today: SimpleDate) -> Option<PersonalIdentityNumber> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if !s.is_ascii() {
            return None;
        }
        let (body, plus) = match s.len() {
            13 if &s[8..9] == "-" => (format!("{}{}", &s[..8], &s[9..]), false),
            12 => (s.clone(), false),
            11 if &s[6..7] == "-" || &s[6..7] == "+" => (format!("{}{}", &s[..6], &s[7..]), &s[6..7] == "+"),
            10 => (s.clone(), false),
            _ => return None,
        };
        let digits = digits_of(&body)?;
        let full: Vec<u8> = if digits.len() == 12 {
            digits
        } else {
            let yy = i32::from(digits[0]) * 10 + i32::from(digits[1]);
            let mut year = today.year - (today.year - yy).rem_euclid(100);
            let month = digits[2] * 10 + digits[3];
            let day = (digits[4] * 10 + digits[5]) % 60;
            // Born later this century than today means the previous century.
            if SimpleDate::new(year, month, day.max(1)).is_some_and(|d| d > today) {
                year -= 100;
            }
            if plus {
                year -= 100;
            }
            let mut full = vec![(year / 1000) as u8, (year / 100 % 10) as u8];
            full.extend_from_slice(&digits);
            full
        };
        let year = full[..4].iter().fold(0i32, |acc, d| acc * 10 + i32::from(*d));
        let month = full[4] * 10 + full[5];
        let mut day = full[6] * 10 + full[7];
        if day > 60 {
            day -= 60; // coordination number (samordningsnummer)
        }
        let born = SimpleDate::new(year, month, day)?;
        if born > today || !luhn_valid(&full[2..]) {
            return None;
        }
        Some(PersonalIdentityNumber { digits: full.iter().map(|d| char::from(b'0' + d)).collect() })
    }

    pub fn is_coordination_number(&self) -> bool {
        self.digits.as_bytes()[6] >= b'6'
    }

    /// The twelve digits, `YYYYMMDDNNNC`, as stored.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// The number with its last four digits hidden (`19121212-****`): what a page shows where
    /// the whole number is not needed.
    pub fn masked(&self) -> String {
        format!("{}-****", &self.digits[..8])
    }
}

impl fmt::Display for PersonalIdentityNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.digits[..8], &self.digits[8..])
    }
}

impl fmt::Debug for PersonalIdentityNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonalIdentityNumber(********-****)")
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct OrganisationNumber {
    /// Ten digits: NNNNNNNNNC.
    digits: String,
}

impl OrganisationNumber {
    /// Parses `NNNNNN-NNNN`, `NNNNNNNNNN` or the same with the `16` prefix. A legal person's
    /// number has a third digit of 2 or more; a sole trader's is a personal identity number,
    /// which must then hold a real date.
    pub fn parse(input: &str) -> Option<OrganisationNumber> {
        let s: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        if !s.is_ascii() {
            return None;
        }
        let s = match s.len() {
            12 if s.starts_with("16") => &s[2..],
            10 => &s[..],
            _ => return None,
        };
        let digits = digits_of(s)?;
        if !luhn_valid(&digits) {
            return None;
        }
        if digits[2] < 2 {
            let month = digits[2] * 10 + digits[3];
            let day = (digits[4] * 10 + digits[5]) % 60;
            // Any century will do for the calendar check; 2000 is a leap year.
            SimpleDate::new(2000 + i32::from(digits[0] * 10 + digits[1]), month, day)?;
        }
        Some(OrganisationNumber { digits: s.to_string() })
    }

    /// The ten digits, `NNNNNNNNNC`, as stored.
    pub fn digits(&self) -> &str {
        &self.digits
    }
}

impl fmt::Display for OrganisationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.digits[..6], &self.digits[6..])
    }
}

impl fmt::Debug for OrganisationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrganisationNumber({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> SimpleDate {
        SimpleDate::new(2026, 11, 22).unwrap()
    }

    /// Appends the Luhn check digit to nine digits.
    fn with_check_digit(nine: &str) -> String {
        (0..10).map(|c| format!("{nine}{c}")).find(|s| luhn_valid(&digits_of(s).unwrap())).unwrap()
    }

    #[test]
    fn skatteverket_test_numbers_parse_in_every_format() {
        // 19121212-1212 is Skatteverket's published example number.
        for input in ["19121212-1212", "191212121212", "121212+1212", " 19121212 - 1212 "] {
            let pin = PersonalIdentityNumber::parse(input, today()).unwrap_or_else(|| panic!("{input}"));
            assert_eq!(pin.to_string(), "19121212-1212", "{input}");
        }
        // Without '+', the short form means the most recent century.
        let pin = PersonalIdentityNumber::parse("121212-1212", today()).unwrap();
        assert_eq!(pin.to_string(), "20121212-1212");
        assert!(!pin.is_coordination_number());
    }

    #[test]
    fn coordination_numbers_add_sixty_to_the_day() {
        let number = with_check_digit("701063238");
        let pin = PersonalIdentityNumber::parse(&number, today()).expect("coordination number");
        assert!(pin.is_coordination_number());
        assert_eq!(pin.to_string()[..8].to_string(), "19701063");
    }

    #[test]
    fn wrong_check_digit_impossible_date_future_birth_and_junk_are_rejected() {
        for bad in [
            "19121212-1213",
            "19121312-1212",
            "20991212-1214",
            "1212121212121",
            "abcdefghij",
            "",
            "19121212_1212",
            "١٩١٢١٢١٢١٢١٢",
        ] {
            assert!(PersonalIdentityNumber::parse(bad, today()).is_none(), "{bad}");
        }
    }

    #[test]
    fn every_single_digit_change_breaks_the_check_digit() {
        let good = "8112189876";
        assert!(luhn_valid(&digits_of(good).unwrap()));
        for i in 0..10 {
            for d in b'0'..=b'9' {
                let mut bytes = good.as_bytes().to_vec();
                if bytes[i] == d {
                    continue;
                }
                bytes[i] = d;
                assert!(!luhn_valid(&digits_of(std::str::from_utf8(&bytes).unwrap()).unwrap()));
            }
        }
    }

    #[test]
    fn organisation_numbers_parse_with_and_without_prefix() {
        // 556016-0680 (Ericsson) and 212000-0142 (a municipality) are public numbers.
        for (input, shown) in
            [("556016-0680", "556016-0680"), ("5560160680", "556016-0680"), ("16212000-0142", "212000-0142")]
        {
            assert_eq!(OrganisationNumber::parse(input).map(|o| o.to_string()).as_deref(), Some(shown), "{input}");
        }
        assert!(OrganisationNumber::parse("556016-0681").is_none());
        assert!(OrganisationNumber::parse("55601606").is_none());
        // A sole trader's number is a personal identity number and needs a real date.
        assert!(OrganisationNumber::parse("121212-1212").is_some());
        assert!(OrganisationNumber::parse(&with_check_digit("121312121")).is_none());
    }

    #[test]
    fn debug_output_never_shows_the_number() {
        let pin = PersonalIdentityNumber::parse("19121212-1212", today()).unwrap();
        assert!(!format!("{pin:?}").contains("1212"));
    }
}
