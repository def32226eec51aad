//! The portal's binary: the allocator, then the command line of [`server::cli`].

use std::alloc::{GlobalAlloc, Layout, System};

/// mimalloc for small blocks, glibc's allocator for large ones.
///
/// mimalloc rather than glibc's for what a request does most: many small, short-lived
/// allocations on two worker threads, where glibc's malloc, free and consolidation took about a
/// fifth of a kept page's CPU time (`perf` under `.ci/bench`'s load); with it a kept page serves
/// 30–50 % more and a rendered one about a third more. Built without transparent huge pages
/// (`no_thp`): 2 MB pages doubled what parallel uploads held.
///
/// Blocks of [`LARGE`] bytes and more (read buffers, upload chunks, big pages' text) go to
/// glibc: mimalloc keeps a freed large block's memory in the freeing thread's heap, and uploads
/// free theirs on one writer thread each, so twenty parallel 10 MB uploads held 46–52 MB more
/// at their peak under mimalloc alone against 21 MB under glibc's.
struct Allocator;

/// The size from which a block is glibc's.
const LARGE: usize = 64 * 1024;

#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

// SAFETY (all four): each call is passed on unchanged to one of two allocators that uphold
// `GlobalAlloc`'s contract themselves. Which one is chosen by the block's size alone, and Rust
// hands `dealloc` and `realloc` the layout the block was allocated with, so a block is always
// returned to the allocator that made it. A `realloc` that crosses `LARGE` allocates the new
// block from the other allocator, copies the bytes both sizes hold and frees the old block.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if layout.size() >= LARGE {
                System.alloc(layout)
            } else {
                mimalloc::MiMalloc.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if layout.size() >= LARGE {
                System.alloc_zeroed(layout)
            } else {
                mimalloc::MiMalloc.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        unsafe {
            if layout.size() >= LARGE {
                System.dealloc(block, layout)
            } else {
                mimalloc::MiMalloc.dealloc(block, layout)
            }
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            match (layout.size() >= LARGE, new_size >= LARGE) {
                (true, true) => System.realloc(block, layout, new_size),
                (false, false) => mimalloc::MiMalloc.realloc(block, layout, new_size),
                _ => {
                    // The caller guarantees `new_size`, rounded up to `layout.align()`, does
                    // not overflow `isize`: the layout is valid.
                    let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                    let moved = self.alloc(new_layout);
                    if !moved.is_null() {
                        std::ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                        self.dealloc(block, layout);
                    }
                    moved
                }
            }
        }
    }
}

fn main() {
    server::cli::main();
}

#[cfg(test)]
mod tests {
    /// A block moved between the two allocators keeps its bytes, and its alignment, both ways.
    #[test]
    fn a_block_keeps_its_bytes_growing_past_the_large_size_and_shrinking_below_it() {
        #[derive(Clone, Copy, PartialEq, Debug)]
        #[repr(align(64))]
        struct Aligned(u32);
        let pattern = |i: u32| (i % 251) as u8;
        let mut bytes: Vec<u8> = Vec::with_capacity(16);
        let mut aligned: Vec<Aligned> = Vec::with_capacity(1);
        for i in 0..200_000 {
            bytes.push(pattern(i)); // doubles through 64 KB: mimalloc's block moves to glibc
            if i < 4_000 {
                aligned.push(Aligned(i)); // 4,000 × 64 bytes: across 64 KB too
            }
        }
        assert!(bytes.iter().zip(0..).all(|(&b, i)| b == pattern(i)));
        assert!(aligned.iter().zip(0..).all(|(a, i)| *a == Aligned(i)));
        assert_eq!(aligned.as_ptr() as usize % 64, 0);
        bytes.truncate(1_000);
        bytes.shrink_to_fit(); // and back to mimalloc
        aligned.truncate(10);
        aligned.shrink_to_fit();
        assert!(bytes.iter().zip(0..).all(|(&b, i)| b == pattern(i)));
        assert_eq!(aligned, (0..10).map(Aligned).collect::<Vec<_>>());
        assert_eq!(aligned.as_ptr() as usize % 64, 0);
    }
}
