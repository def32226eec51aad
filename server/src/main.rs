//! The portal's binary: the allocator, then the command line of [`server::cli`].

/// mimalloc rather than glibc's allocator: a request makes many small, short-lived allocations
/// on two worker threads, where glibc's malloc, free and consolidation took about a fifth of a
/// kept page's CPU time (`perf` under `.ci/bench`'s load): with it a kept page serves 30–50 %
/// more and a rendered one about a third more. Built without transparent huge pages (`no_thp`):
/// asking the kernel for 2 MB pages doubled what twenty parallel uploads held at their peak
/// (85–95 MB against 45–53 MB) and the idle portal's 36 MB grew to 56 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    server::cli::main();
}
