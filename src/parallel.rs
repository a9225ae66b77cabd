//! Parallel maps that stay on the calling thread for a few items: the first parallel call
//! of a process starts the thread pool (a thread per core), which costs more than aligning
//! a one-line pair. The results are in input order either way, so they do not depend on
//! which way was taken.

use rayon::prelude::*;

/// `f` of each item of `items`, in order: in parallel when there are at least `min` items,
/// else on this thread.
pub(crate) fn map_ordered<T, R, F>(items: &[T], min: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    if items.len() < min {
        items.iter().map(f).collect()
    } else {
        items.par_iter().map(f).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_give_the_same_results_in_order() {
        let items: Vec<u64> = (0..100).collect();
        let square = |x: &u64| x * x;
        assert_eq!(
            map_ordered(&items, 1, square),
            map_ordered(&items, 1000, square)
        );
        assert_eq!(map_ordered(&items[..3], 2, square), vec![0, 1, 4]);
    }
}
