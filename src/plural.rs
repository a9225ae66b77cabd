//! Counts in messages: "1 document", "2 documents".

/// `n` and the noun in the number that fits it: `counted(1, "file", "files")` is `1 file`.
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_and_many() {
        assert_eq!(super::counted(1, "entity", "entities"), "1 entity");
        assert_eq!(super::counted(0, "entity", "entities"), "0 entities");
        assert_eq!(super::counted(2_000, "file", "files"), "2000 files");
    }
}
