//! The scripts that load the WebAssembly and hydrate the page, in place of leptos'
//! `<HydrationScripts>`: that component writes the CSP nonce as the value of the preload links'
//! `crossorigin` attribute (leptos issue 4843), which is invalid HTML and gives the wasm preload a
//! different credentials mode from wasm-bindgen's `fetch()`, so the browser fetches it twice.

use leptos::prelude::*;

/// The file names of the generated JavaScript and WebAssembly (without extension): the wasm is
/// `<name>.wasm` when the server was compiled with `LEPTOS_OUTPUT_NAME` (as cargo-leptos and
/// `.ci/build` do), else wasm-bindgen's default `<name>_bg.wasm` — the same rule as leptos'.
fn file_names(output_name: &str) -> (String, String) {
    let js = output_name.to_string();
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() { js.clone() } else { format!("{js}_bg") };
    (js, wasm)
}

/// The bootstrap module: the steps of leptos' `island_script.js` for pages whose islands are not
/// nested: import the JavaScript glue, let it instantiate the WebAssembly, start the reactive
/// system, hydrate each `<leptos-island>` through the export its `data-component` names, and
/// then (after the islands' first effects) mark the page as answering clicks for browser tests.
fn bootstrap(js_url: &str, wasm_url: &str) -> String {
    // `{:?}` writes each URL as a quoted, escaped string literal, as leptos does.
    format!(
        "import({js_url:?}).then((mod) => mod.default({{ module_or_path: {wasm_url:?} }}).then(() => {{ \
         mod.hydrate(); \
         for (const island of document.querySelectorAll(\"leptos-island\")) {{ \
         const hydrate = mod[island.dataset.component]; if (hydrate) hydrate(island); }} \
         setTimeout(() => document.documentElement.setAttribute(\"data-hydrated\", \"\"), 0); }}));"
    )
}

/// `<link rel="modulepreload">` for the glue, `<link rel="preload" as="fetch">` for the wasm and the
/// module script that hydrates. Put it in the shell's `<head>`.
#[component]
pub fn PortalHydrationScripts(
    /// The site configuration (output name and package folder).
    options: LeptosOptions,
) -> impl IntoView {
    let (js_name, wasm_name) = file_names(&options.output_name);
    let pkg = &options.site_pkg_dir;
    let js_url = format!("/{pkg}/{js_name}.js");
    let wasm_url = format!("/{pkg}/{wasm_name}.wasm");
    let script = bootstrap(&js_url, &wasm_url);
    let nonce = leptos::nonce::use_nonce();
    view! {
        // A module script and its dynamic import() fetch in CORS mode with same-origin
        // credentials, which is what a modulepreload without `crossorigin` does too.
        <link rel="modulepreload" href=js_url/>
        // No preload for the WebAssembly: fetched early, its ~450 KB would share a slow phone
        // connection with the style sheet and the page's own text, and delay the first paint of a
        // page that is complete without it. The glue fetches it as soon as it runs.
        <script type="module" nonce=nonce>
            {script}
        </script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_imports_the_glue_and_passes_the_wasm_url() {
        let script = bootstrap("/pkg/portal.js", "/pkg/portal.wasm");
        assert!(
            script.starts_with(
                r#"import("/pkg/portal.js").then((mod) => mod.default({ module_or_path: "/pkg/portal.wasm" }).then(() => { mod.hydrate(); "#
            ),
            "{script}"
        );
        assert!(script.contains(r#"mod[island.dataset.component]"#), "{script}");
    }

    #[test]
    fn the_wasm_is_named_like_the_glue_when_the_output_name_is_set() {
        // .cargo/config.toml sets LEPTOS_OUTPUT_NAME for every build of the workspace.
        if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
            assert_eq!(file_names("portal"), ("portal".to_string(), "portal".to_string()));
        }
    }
}
