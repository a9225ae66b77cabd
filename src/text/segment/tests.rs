use super::*;

fn split<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    let lang = Lang::parse(lang).unwrap();
    split_sentences(text, lang)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

#[test]
fn simple() {
    assert_eq!(split("One. Two! Three?", "en"), ["One.", "Two!", "Three?"]);
}
