//! Attaching files in place, with JavaScript: a step's upload, a file's removal, or "continue"
//! with files chosen is sent by the browser itself, the upload's progress shown, and the step
//! updated where it is (the files listed, the problems shown) without loading the page again.
//! Without JavaScript the same buttons post the form and the server answers with the step
//! (POST/redirect/GET); the server gives the same verdicts either way ([`super::InPlace`]).

use super::rules::Answers;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// What a step's file questions show while the step is open, shared by the step and its
/// questions.
#[derive(Clone, Copy)]
pub struct FileState {
    /// The files attached to each file question (as [`super::files::FileRef`] encodes them).
    pub attached: RwSignal<Answers>,
    /// An upload under way.
    pub progress: RwSignal<Option<Progress>>,
    /// What each question's status line says after its last upload or removal.
    pub status: RwSignal<BTreeMap<String, String>>,
    /// A post is under way: another click waits for it (a double click sends once).
    pub busy: StoredValue<bool>,
    /// The in-place post failed: the form is posted as without JavaScript.
    pub plain: StoredValue<bool>,
}

/// An upload under way: the question it is for (empty for "continue"), what it says, and how
/// much has gone, in per cent.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub question: String,
    pub label: String,
    pub percent: u32,
}

impl FileState {
    pub fn new(answers: &Answers) -> Self {
        FileState {
            attached: RwSignal::new(answers.clone()),
            progress: RwSignal::new(None),
            status: RwSignal::new(BTreeMap::new()),
            busy: StoredValue::new(false),
            plain: StoredValue::new(false),
        }
    }
}

/// What a step's submit asks, by its button's `_action`.
#[derive(Clone, Debug, PartialEq)]
pub enum Sending {
    /// "Upload" under a file question.
    Upload { question: String },
    /// "Remove" beside an attached file.
    Remove { question: String, file: String },
    /// "Continue" with files chosen.
    Continue,
}

impl Sending {
    /// The in-place send for a submit by the button with `action`; `None` for the actions that
    /// load the page again (a repeating group's "add another" and "remove").
    pub fn of(action: &str) -> Option<Sending> {
        if let Some(question) = action.strip_prefix("upload:") {
            return Some(Sending::Upload { question: question.to_string() });
        }
        let (question, file) = action.strip_prefix("remove-file:")?.split_once(':')?;
        Some(Sending::Remove { question: question.to_string(), file: file.to_string() })
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn action(&self) -> Option<String> {
        match self {
            Sending::Upload { question } => Some(format!("upload:{question}")),
            Sending::Remove { question, file } => Some(format!("remove-file:{question}:{file}")),
            Sending::Continue => None,
        }
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn question(&self) -> &str {
        match self {
            Sending::Upload { question } | Sending::Remove { question, .. } => question,
            Sending::Continue => "",
        }
    }
}

#[cfg(feature = "hydrate")]
pub use browser::{entries, files_chosen, send, StepParts};

#[cfg(feature = "hydrate")]
mod browser {
    use super::{FileState, Progress, Sending};
    use crate::forms::{
        files::FileRef,
        rules::{field_id, Answers, FieldError},
        InPlace, IN_PLACE_HEADER,
    };
    use crate::i18n::Lang;
    use leptos::prelude::*;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{FormData, HtmlElement, HtmlFormElement, HtmlInputElement, ProgressEvent, XmlHttpRequest};

    /// What of the step an in-place post updates.
    #[derive(Clone, Copy)]
    pub struct StepParts {
        pub files: FileState,
        pub errors: RwSignal<Vec<FieldError>>,
        /// The answers the browser's rules see.
        pub current: RwSignal<Answers>,
        pub summary: NodeRef<leptos::html::Div>,
        pub lang: Lang,
    }

    /// The form's fields as the browser would post them: each name with its text or its `File`.
    pub fn entries(form: &HtmlFormElement) -> Vec<(String, wasm_bindgen::JsValue)> {
        let Ok(data) = FormData::new_with_form(form) else { return Vec::new() };
        let Ok(Some(entries)) = js_sys::try_iter(&data) else { return Vec::new() };
        entries
            .flatten()
            .filter_map(|entry| {
                let pair = js_sys::Array::from(&entry);
                Some((pair.get(0).as_string()?, pair.get(1)))
            })
            .collect()
    }

    /// Whether a file is chosen in one of the form's file inputs.
    pub fn files_chosen(form: &HtmlFormElement) -> bool {
        entries(form)
            .into_iter()
            .any(|(_, value)| value.dyn_into::<web_sys::File>().is_ok_and(|f| !f.name().is_empty()))
    }

    /// Sends the form in place. Returns false when that could not start: the browser then posts
    /// the form as it would without JavaScript.
    pub fn send(step: StepParts, form: &HtmlFormElement, submitter: Option<HtmlElement>, sending: Sending) -> bool {
        let (Ok(data), Ok(xhr)) = (FormData::new(), XmlHttpRequest::new()) else { return false };
        // The form's fields as the browser would post them, besides the file inputs left empty;
        // a removal sends no files (the server keeps none from it).
        let mut names = Vec::new();
        for (key, value) in entries(form) {
            if let Some(text) = value.as_string() {
                let _ = data.append_with_str(&key, &text);
            } else if let Ok(file) = value.dyn_into::<web_sys::File>() {
                if !file.name().is_empty() && !matches!(sending, Sending::Remove { .. }) {
                    names.push(file.name());
                    let _ = data.append_with_blob_and_filename(&key, &file, &file.name());
                }
            }
        }
        if let Some(action) = sending.action() {
            let _ = data.append_with_str("_action", &action);
        }
        if xhr.open_with_async("POST", &form.action(), true).is_err()
            || xhr.set_request_header(IN_PLACE_HEADER, "1").is_err()
            || xhr.set_request_header("Accept", "application/json").is_err()
        {
            return false;
        }

        let files = step.files;
        let on_progress = (!names.is_empty()).then(|| {
            let label = step.lang.t_args("form-file-uploading", &[("files", names.join(", ").into())]);
            files.progress.set(Some(Progress { question: sending.question().to_string(), label, percent: 0 }));
            let on_progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |event: ProgressEvent| {
                if event.length_computable() && event.total() > 0.0 {
                    let percent = (event.loaded() / event.total() * 100.0).clamp(0.0, 100.0) as u32;
                    files.progress.update(|p| {
                        if let Some(p) = p {
                            p.percent = percent;
                        }
                    });
                }
            });
            if let Ok(upload) = xhr.upload() {
                upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            }
            on_progress
        });

        let before = files.attached.get_untracked();
        let done = {
            let (xhr, form) = (xhr.clone(), form.clone());
            Closure::once_into_js(move || {
                if let Ok(upload) = xhr.upload() {
                    upload.set_onprogress(None);
                }
                drop(on_progress);
                files.busy.set_value(false);
                files.progress.set(None);
                match answer(&xhr) {
                    Some(InPlace::Go(path)) => {
                        let _ = window().location().assign(&path);
                    }
                    Some(InPlace::Stay { files: now, errors }) => stay(step, &form, &sending, &before, now, errors),
                    None => {
                        // Not an answer this script knows (an error page, the network gone):
                        // the form is posted as without JavaScript, and the browser shows what
                        // the server says.
                        files.plain.set_value(true);
                        let _ = form.request_submit_with_submitter(submitter.as_ref());
                    }
                }
            })
        };
        xhr.set_onloadend(Some(done.unchecked_ref()));
        if xhr.send_with_opt_form_data(Some(&data)).is_err() {
            files.progress.set(None);
            return false;
        }
        files.busy.set_value(true);
        true
    }

    fn answer(xhr: &XmlHttpRequest) -> Option<InPlace> {
        let json = xhr.get_response_header("content-type").ok()??.starts_with("application/json");
        if xhr.status().ok()? != 200 || !json {
            return None;
        }
        serde_json::from_str(&xhr.response_text().ok()??).ok()
    }

    /// The step stays: its files and problems as the server has them now, what happened told on
    /// the question's status line, and the focus kept where the person works.
    fn stay(
        step: StepParts,
        form: &HtmlFormElement,
        sending: &Sending,
        before: &Answers,
        now: Answers,
        errors: Vec<FieldError>,
    ) {
        let refs = |answers: &Answers, question: &str| -> Vec<FileRef> {
            answers.get(question).into_iter().flatten().filter_map(|v| FileRef::decode(v)).collect()
        };
        let lang = step.lang;
        let mut told = std::collections::BTreeMap::new();
        match sending {
            Sending::Remove { question, file } => {
                if let Some(gone) = refs(before, question).into_iter().find(|f| &f.id == file) {
                    told.insert(question.clone(), lang.t_args("form-file-removed", &[("file", gone.name.into())]));
                }
            }
            Sending::Upload { .. } | Sending::Continue => {
                for question in now.keys() {
                    let had: Vec<String> = refs(before, question).into_iter().map(|f| f.id).collect();
                    let added: Vec<String> =
                        refs(&now, question).into_iter().filter(|f| !had.contains(&f.id)).map(|f| f.name).collect();
                    if !added.is_empty() {
                        let args = [("files", added.join(", ").into()), ("count", added.len().into())];
                        told.insert(question.clone(), lang.t_args("form-file-uploaded", &args));
                    }
                }
                // Each chosen file was attached or refused by name: the inputs start empty again.
                if let Ok(inputs) = form.query_selector_all("input[type=file]") {
                    for i in 0..inputs.length() {
                        if let Some(input) = inputs.item(i).and_then(|n| n.dyn_into::<HtmlInputElement>().ok()) {
                            input.set_value("");
                        }
                    }
                }
            }
        }
        let update = |answers: &mut Answers| {
            for (question, values) in &now {
                if values.is_empty() {
                    answers.remove(question);
                } else {
                    answers.insert(question.clone(), values.clone());
                }
            }
        };
        step.files.attached.update(update);
        step.current.update(update);
        step.files.status.set(told);
        let has_errors = !errors.is_empty();
        step.errors.set(errors);
        let question = sending.question().to_string();
        // After a removal the focus always moves: the rows are drawn again in place, so the
        // button pressed may now be the next file's "remove".
        let removal = matches!(sending, Sending::Remove { .. });
        request_animation_frame(move || {
            if has_errors {
                if let Some(summary) = step.summary.get_untracked() {
                    let _ = summary.focus();
                }
                return;
            }
            // "Upload" may be gone once the question is full: the focus goes to the question's
            // file input, or its list of files.
            let document = document();
            let lost = document.active_element().is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
            if (lost || removal) && !question.is_empty() {
                let id = field_id(&question);
                let target =
                    document.get_element_by_id(&id).or_else(|| document.get_element_by_id(&format!("{id}-attached")));
                if let Some(target) = target.and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                    let _ = target.focus();
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::Sending;

    #[test]
    fn a_submit_is_sent_in_place_by_its_action() {
        assert_eq!(Sending::of("upload:ritningar"), Some(Sending::Upload { question: "ritningar".into() }));
        assert_eq!(
            Sending::of("remove-file:ritningar:0123abcd"),
            Some(Sending::Remove { question: "ritningar".into(), file: "0123abcd".into() })
        );
        // A repeating group's buttons load the page again.
        assert_eq!(Sending::of("add:personer"), None);
        assert_eq!(Sending::of("remove:personer:1"), None);
        assert_eq!(Sending::of("remove-file:ritningar"), None);
    }
}
