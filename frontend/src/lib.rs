//! Browser entry point: hydrates the server-rendered pages (compiled to WebAssembly).

use std::time::Duration;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // The hydration's first effects run as microtasks; a zero timeout runs after them. The mark
    // tells a browser test that the page now answers clicks, without waiting for the network to
    // stay quiet for half a second on every page.
    leptos::prelude::set_timeout(
        || {
            if let Some(root) = leptos::prelude::document().document_element() {
                let _ = root.set_attribute("data-hydrated", "");
            }
        },
        Duration::ZERO,
    );
}
