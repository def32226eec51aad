//! Browser entry point: starts the reactive system for the page's islands (compiled to
//! WebAssembly). The bootstrap script (`app::hydration`) then hydrates each island through the
//! export the `#[island]` macro made for it.

#![forbid(unsafe_code)]

// The islands' exports live in `app`: link it, though nothing here names it.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
