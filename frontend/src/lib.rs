//! Browser entry point: hydrates the server-rendered pages (compiled to WebAssembly).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
