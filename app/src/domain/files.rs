//! Attached files as people and forms see them, in browser and server alike: the file types a question may
//! accept (known by their first bytes, not only by their names), how an attached file is noted
//! in a draft's answers, and the name a file keeps (no path, no control characters).

use serde::{Deserialize, Serialize};

/// A file type a file question may accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    Pdf,
    Jpeg,
    Png,
}

impl FileType {
    pub const ALL: [FileType; 3] = [FileType::Pdf, FileType::Jpeg, FileType::Png];

    /// The type as a short word, as stored and as written in form definitions.
    pub fn code(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpeg => "jpeg",
            FileType::Png => "png",
        }
    }

    pub fn from_code(code: &str) -> Option<FileType> {
        FileType::ALL.into_iter().find(|t| t.code() == code)
    }

    /// How people know the type: "PDF", "JPEG", "PNG".
    pub fn label(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF",
            FileType::Jpeg => "JPEG",
            FileType::Png => "PNG",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
        }
    }

    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["pdf"],
            FileType::Jpeg => &["jpg", "jpeg"],
            FileType::Png => &["png"],
        }
    }

    /// The type a file's name claims, by its extension.
    pub fn by_name(name: &str) -> Option<FileType> {
        let (_, extension) = name.rsplit_once('.')?;
        let extension = extension.to_ascii_lowercase();
        FileType::ALL.into_iter().find(|t| t.extensions().contains(&extension.as_str()))
    }

    /// The type a file's first bytes show (its magic number), whatever its name says.
    pub fn by_content(head: &[u8]) -> Option<FileType> {
        if head.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileType::Png)
        } else {
            None
        }
    }

    /// The `accept` attribute of a file input for these types (extensions and media types).
    pub fn accept_attribute(types: &[FileType]) -> String {
        let mut parts: Vec<String> =
            types.iter().flat_map(|t| t.extensions().iter().map(|e| format!(".{e}"))).collect();
        parts.extend(types.iter().map(|t| t.media_type().to_string()));
        parts.join(",")
    }

    /// "PDF, JPEG or PNG" style list for messages (joined with the language's "or").
    pub fn list(types: &[FileType], or: &str) -> String {
        let labels: Vec<&str> = types.iter().map(|t| t.label()).collect();
        match labels.split_last() {
            None => String::new(),
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{} {or} {last}", rest.join(", ")),
        }
    }
}

/// Longest file name kept, in characters (the rest of a longer name is cut, keeping its extension).
pub const MAX_NAME_CHARS: usize = 100;

/// The name a file keeps: its last path segment (a browser may send `C:\Users\…\plan.pdf`),
/// without control characters or the characters that would make it a path or break a header,
/// cut to [`MAX_NAME_CHARS`]. `None` when nothing is left.
pub fn safe_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*' | ';'))
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_string();
    if cleaned.is_empty() {
        return None;
    }
    if cleaned.chars().count() <= MAX_NAME_CHARS {
        return Some(cleaned);
    }
    let (stem, extension) = cleaned.rsplit_once('.').filter(|(_, e)| e.len() <= 10).unwrap_or((&cleaned, ""));
    let keep = MAX_NAME_CHARS - extension.chars().count() - 1;
    let stem: String = stem.chars().take(keep).collect();
    Some(if extension.is_empty() { stem } else { format!("{stem}.{extension}") })
}

/// An attached file as its question's answer notes it in a draft: `id/size/type/name`. Only the
/// server writes these (a posted value for a file question is never kept); the id is random and
/// names the stored attachment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRef {
    /// 32 hexadecimal characters, unguessable.
    pub id: String,
    pub size: u64,
    pub file_type: FileType,
    pub name: String,
}

impl FileRef {
    pub fn encode(&self) -> String {
        format!("{}/{}/{}/{}", self.id, self.size, self.file_type.code(), self.name)
    }

    pub fn decode(value: &str) -> Option<FileRef> {
        let mut parts = value.splitn(4, '/');
        let id = parts.next()?;
        let size = parts.next()?.parse().ok()?;
        let file_type = FileType::from_code(parts.next()?)?;
        let name = parts.next()?;
        (id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) && !name.is_empty()).then(|| FileRef {
            id: id.to_string(),
            size,
            file_type,
            name: name.to_string(),
        })
    }
}

/// A size for people: "840 kB", "2,4 MB" (decimal units, one decimal under ten).
pub fn human_size(bytes: u64, decimal_comma: bool) -> String {
    let text = if bytes < 1_000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{} kB", bytes.div_ceil(1_000))
    } else {
        let mb = bytes as f64 / 1_000_000.0;
        if mb < 10.0 {
            format!("{mb:.1} MB")
        } else {
            format!("{} MB", mb.round() as u64)
        }
    };
    if decimal_comma {
        text.replace('.', ",")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_known_by_content_not_by_name() {
        assert_eq!(FileType::by_content(b"%PDF-1.7\n"), Some(FileType::Pdf));
        assert_eq!(FileType::by_content(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(FileType::Jpeg));
        assert_eq!(FileType::by_content(b"\x89PNG\r\n\x1a\n...."), Some(FileType::Png));
        assert_eq!(FileType::by_content(b"<html><script>"), None);
        assert_eq!(FileType::by_content(b" %PDF-"), None, "the magic number must come first");
        assert_eq!(FileType::by_name("Ritning.JPG"), Some(FileType::Jpeg));
        assert_eq!(FileType::by_name("plan.pdf.exe"), None);
        assert_eq!(FileType::by_name("pdf"), None);
    }

    #[test]
    fn names_lose_paths_and_dangerous_characters() {
        assert_eq!(safe_name("C:\\Users\\anna\\plan.pdf").as_deref(), Some("plan.pdf"));
        assert_eq!(safe_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(safe_name("a\"b<c>\r\n.pdf").as_deref(), Some("abc.pdf"));
        assert_eq!(safe_name("..").as_deref(), None);
        assert_eq!(safe_name("  ").as_deref(), None);
        let long = format!("{}.pdf", "x".repeat(300));
        let kept = safe_name(&long).unwrap();
        assert_eq!(kept.chars().count(), MAX_NAME_CHARS);
        assert!(kept.ends_with(".pdf"));
    }

    #[test]
    fn references_round_trip_and_refuse_forgeries() {
        let file = FileRef {
            id: "0123456789abcdef0123456789abcdef".into(),
            size: 42,
            file_type: FileType::Png,
            name: "a/b.png".into(),
        };
        assert_eq!(FileRef::decode(&file.encode()), Some(file));
        assert_eq!(FileRef::decode("../x/1/png/a.png"), None);
        assert_eq!(FileRef::decode("0123456789abcdef0123456789abcdef/1/exe/a.exe"), None);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(512, true), "512 B");
        assert_eq!(human_size(840_100, true), "841 kB");
        assert_eq!(human_size(2_400_000, true), "2,4 MB");
        assert_eq!(human_size(12_600_000, false), "13 MB");
    }
}
