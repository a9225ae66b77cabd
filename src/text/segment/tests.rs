use super::*;
use crate::text::{Document, ReadOptions};
use std::path::Path;

fn split<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    let lang = Lang::parse(lang).unwrap();
    split_sentences(text, lang)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

#[test]
fn final_marks() {
    assert_eq!(
        split("One. Two! Three? Four", "en"),
        ["One.", "Two!", "Three?", "Four"]
    );
    assert_eq!(split("Really?! Yes.", "en"), ["Really?!", "Yes."]);
    assert_eq!(split("  Padded.  Text.  ", "en"), ["Padded.", "Text."]);
    assert!(split("", "en").is_empty());
    assert!(split(" \n ", "en").is_empty());
}

#[test]
fn lower_case_after_a_mark_continues() {
    assert_eq!(
        split("\"Why?\" he asked. Nobody knew.", "en"),
        ["\"Why?\" he asked.", "Nobody knew."]
    );
    assert_eq!(
        split("«Pourquoi ?» demanda-t-il. Personne.", "fr"),
        ["«Pourquoi ?» demanda-t-il.", "Personne."]
    );
}

#[test]
fn english_titles_never_end() {
    assert_eq!(
        split(
            "Mr. Smith met Dr. Jones and Sen. Warren. They talked.",
            "en"
        ),
        ["Mr. Smith met Dr. Jones and Sen. Warren.", "They talked."]
    );
    assert_eq!(
        split("The ex-Gov. Brown left. Roe v. Wade stands.", "en"),
        ["The ex-Gov. Brown left.", "Roe v. Wade stands."]
    );
    assert_eq!(
        split("The Rev. Martin spoke at St. Martin's. It was cold.", "en"),
        ["The Rev. Martin spoke at St. Martin's.", "It was cold."]
    );
}

#[test]
fn abbreviation_at_the_end_of_a_sentence() {
    // A common sentence starter after a may-end abbreviation: a break.
    assert_eq!(
        split("He moved to the U.S. The next day he left.", "en"),
        ["He moved to the U.S.", "The next day he left."]
    );
    // A name after it: no break.
    assert_eq!(
        split("The U.S. Army and U.K. Prime Minister met.", "en"),
        ["The U.S. Army and U.K. Prime Minister met."]
    );
    assert_eq!(
        split("We met at 7 a.m. The talks began.", "en"),
        ["We met at 7 a.m.", "The talks began."]
    );
    // An abbreviation that often ends a sentence: any capitalised word.
    assert_eq!(
        split("Apples, pears etc. Bananas were sold out.", "en"),
        ["Apples, pears etc.", "Bananas were sold out."]
    );
    assert_eq!(
        split("Apples, pears etc. and more.", "en"),
        ["Apples, pears etc. and more."]
    );
}

#[test]
fn initials() {
    assert_eq!(
        split("J. R. R. Tolkien wrote it. Then he slept.", "en"),
        ["J. R. R. Tolkien wrote it.", "Then he slept."]
    );
    assert_eq!(
        split("Recep T. Erdoğan konuştu. Sonra gitti.", "tr"),
        ["Recep T. Erdoğan konuştu.", "Sonra gitti."]
    );
    assert_eq!(
        split(
            "Поэт А. С. Пушкин родился в Москве. В. В. Путин тоже.",
            "ru"
        ),
        ["Поэт А. С. Пушкин родился в Москве.", "В. В. Путин тоже."]
    );
    // An initial at the end of a sentence, then a sentence starter.
    assert_eq!(
        split("He took vitamin C. The pain went.", "en"),
        ["He took vitamin C.", "The pain went."]
    );
}

#[test]
fn numbers_dates_urls() {
    assert_eq!(
        split(
            "Harganya Rp 2.300 atau 2,5 dolar pada 27/9/2020. Itu murah.",
            "id"
        ),
        [
            "Harganya Rp 2.300 atau 2,5 dolar pada 27/9/2020.",
            "Itu murah."
        ]
    );
    assert_eq!(
        split(
            "About 1.5 million people came in 2019. 25 of them stayed.",
            "en"
        ),
        [
            "About 1.5 million people came in 2019.",
            "25 of them stayed."
        ]
    );
    assert_eq!(
        split(
            "See www.example.com/a.b?x=1. Mail a.b@example.org. Done.",
            "en"
        ),
        [
            "See www.example.com/a.b?x=1.",
            "Mail a.b@example.org.",
            "Done."
        ]
    );
}

#[test]
fn ordinal_dots() {
    assert_eq!(
        split("Am 3. Oktober 2020 feierten wir. In der 89. Minute fiel das Tor. Seit 2019. Die Zeit vergeht.", "de"),
        ["Am 3. Oktober 2020 feierten wir.", "In der 89. Minute fiel das Tor.", "Seit 2019.", "Die Zeit vergeht."]
    );
    assert_eq!(
        split(
            "Anayasanın 29. maddesi açık. 1. Dünya Savaşı bitti. Bu doğru.",
            "tr"
        ),
        [
            "Anayasanın 29. maddesi açık.",
            "1. Dünya Savaşı bitti.",
            "Bu doğru."
        ]
    );
    // Not an ordinal language: a number ends the sentence.
    assert_eq!(
        split("He scored 3. Smith did not.", "en"),
        ["He scored 3.", "Smith did not."]
    );
}

#[test]
fn quotes_and_brackets_after_the_mark() {
    assert_eq!(
        split("He said: \"Go.\" Then he left. (See below.) Next.", "en"),
        ["He said: \"Go.\"", "Then he left.", "(See below.)", "Next."]
    );
    assert_eq!(
        split("Il a dit : « C’est fini. » Puis il est parti.", "fr"),
        ["Il a dit : « C’est fini. »", "Puis il est parti."]
    );
    assert_eq!(
        split("«\u{a0}Un. Deux.\u{a0}» Trois.", "fr"),
        ["«\u{a0}Un.", "Deux.\u{a0}»", "Trois."]
    );
    assert_eq!(
        split(
            "Er sagte: „Es ist vorbei.“ Dann ging er. »Komm!« Sie kam.",
            "de"
        ),
        [
            "Er sagte: „Es ist vorbei.“",
            "Dann ging er.",
            "»Komm!«",
            "Sie kam."
        ]
    );
    assert_eq!(
        split("“Is it over?” she asked. “Yes.” Okay.", "en"),
        ["“Is it over?” she asked.", "“Yes.”", "Okay."]
    );
}

#[test]
fn ellipses() {
    assert_eq!(
        split("Wait... what? No… Really.", "en"),
        ["Wait... what?", "No…", "Really."]
    );
    assert_eq!(
        split("Dia pergi… dan kembali.", "id"),
        ["Dia pergi… dan kembali."]
    );
}

#[test]
fn indonesian() {
    assert_eq!(
        split("Prof. Dr. H. Ahmad tinggal di Jl. Sudirman No. 5 sejak pk. 10.00 WIB. Dia datang bersama Ny. Ani dkk. Mereka pulang s.d. Jumat. Rapat a.n. Budi selesai.", "id"),
        [
            "Prof. Dr. H. Ahmad tinggal di Jl. Sudirman No. 5 sejak pk. 10.00 WIB.",
            "Dia datang bersama Ny. Ani dkk.",
            "Mereka pulang s.d. Jumat.",
            "Rapat a.n. Budi selesai."
        ]
    );
    assert_eq!(
        split("Ada buah, sayur, dll. Namun harganya naik.", "ind"),
        ["Ada buah, sayur, dll.", "Namun harganya naik."]
    );
}

#[test]
fn french_german_russian() {
    assert_eq!(
        split(
            "M. Macron est arrivé. Mme. Dupont aussi, etc. Le soir, tout était calme.",
            "fr"
        ),
        [
            "M. Macron est arrivé.",
            "Mme. Dupont aussi, etc.",
            "Le soir, tout était calme."
        ]
    );
    assert_eq!(
        split("Er kauft z.B. Äpfel bzw. Birnen von Dr. Müller usw. Das ist gut. Nr. 5 fehlt ca. 3 Tage.", "de"),
        ["Er kauft z.B. Äpfel bzw. Birnen von Dr. Müller usw.", "Das ist gut.", "Nr. 5 fehlt ca. 3 Tage."]
    );
    assert_eq!(
        split("Он жил в г. Москва на ул. Ленина с 1870 г. В городе было тихо, т.е. всё и т.д. Потом 5 млн. руб. Это много.", "ru"),
        [
            "Он жил в г. Москва на ул. Ленина с 1870 г.",
            "В городе было тихо, т.е. всё и т.д.",
            "Потом 5 млн. руб.",
            "Это много."
        ]
    );
    // A unit after a number may end the sentence.
    assert_eq!(
        split("Выпало 10 см. В горах больше.", "ru"),
        ["Выпало 10 см.", "В горах больше."]
    );
}

#[test]
fn turkish_azerbaijani() {
    assert_eq!(
        split(
            "Prof. Dr. Ahmet ve Av. Mehmet geldi. Elma, armut vb. Bunlar ucuz.",
            "tr"
        ),
        [
            "Prof. Dr. Ahmet ve Av. Mehmet geldi.",
            "Elma, armut vb.",
            "Bunlar ucuz."
        ]
    );
    assert_eq!(
        split("Alma, armud və s. Bu il Prof. Əliyev gəldi.", "aze-Latn"),
        ["Alma, armud və s.", "Bu il Prof. Əliyev gəldi."]
    );
}

#[test]
fn armenian() {
    // `։` and the ASCII colon end sentences; the ASCII full stop (a mijaket) and the
    // question and exclamation marks inside words do not.
    assert_eq!(
        split(
            "Նա ասաց. «Մենք կգանք»: Ի՞նչ է սա։ 2017թ. ակտով փոխվեց:",
            "hy"
        ),
        [
            "Նա ասաց. «Մենք կգանք»:",
            "Ի՞նչ է սա։",
            "2017թ. ակտով փոխվեց:"
        ]
    );
    // A colon in a headline without a final mark is a colon.
    assert_eq!(
        split("Քանյե Ուեսթ: Ռեփերը փոխում է անունը", "hy"),
        ["Քանյե Ուեսթ: Ռեփերը փոխում է անունը"]
    );
}

#[test]
fn other_scripts_and_fallback() {
    assert_eq!(
        split("今日は晴れ。明日は雨。", "ja"),
        ["今日は晴れ。", "明日は雨。"]
    );
    assert_eq!(split("यह घर है। वह स्कूल है।", "hi"), ["यह घर है।", "वह स्कूल है।"]);
    assert_eq!(split("هل أنت بخير؟ نعم.", "ar"), ["هل أنت بخير؟", "نعم."]);
    assert_eq!(split("ሰላም ነው። እንዴት ነህ።", "am"), ["ሰላም ነው።", "እንዴት ነህ።"]);
    assert_eq!(split("Τι κάνεις; Καλά.", "el"), ["Τι κάνεις;", "Καλά."]);
    // No abbreviation data: a title is ended like any word, an initial is not.
    assert_eq!(
        split("Ona J. Smith je. To je.", "sl"),
        ["Ona J. Smith je.", "To je."]
    );
}

#[test]
fn headlines_and_hard_wraps() {
    // A headline on its own line, then the text.
    assert_eq!(
        split(
            "Floods hit the north\nThe river rose overnight. Many left.",
            "en"
        ),
        [
            "Floods hit the north",
            "The river rose overnight.",
            "Many left."
        ]
    );
    // Hard-wrapped text: the line is full, the break is inside the sentence even
    // before a capitalised word.
    let wrapped = "The minister said on Tuesday that the talks with\n\
                   President Biden had gone well and that more would\n\
                   follow next week in the capital. Nobody objected.";
    assert_eq!(
        split(wrapped, "en"),
        [
            "The minister said on Tuesday that the talks with\n\
             President Biden had gone well and that more would\n\
             follow next week in the capital.",
            "Nobody objected."
        ]
    );
    // A headline before hard-wrapped text.
    let both = "Talks resume in Geneva\n\
                The minister said on Tuesday that the talks with\n\
                President Biden had gone well. More would follow.";
    assert_eq!(
        split(both, "en"),
        [
            "Talks resume in Geneva",
            "The minister said on Tuesday that the talks with\n\
             President Biden had gone well.",
            "More would follow."
        ]
    );
    // A line ending in a comma or a lower-case next line continues.
    assert_eq!(
        split("Short line,\nThen more.", "en"),
        ["Short line,\nThen more."]
    );
    assert_eq!(
        split("Short line\nthen more.", "en"),
        ["Short line\nthen more."]
    );
    // Abbreviations work across a line break too.
    assert_eq!(
        split("We met Dr.\nJones. He smiled.", "en"),
        ["We met Dr.\nJones.", "He smiled."]
    );
}

#[test]
fn list_items() {
    assert_eq!(
        split("We need:\n- bread\n- milk\n1. eggs", "en"),
        ["We need:", "- bread", "- milk", "1. eggs"]
    );
}

#[test]
fn presegmented_lines() {
    let t = "One. Two.\n  Three  \n\nFour";
    let got: Vec<&str> = lines(t).into_iter().map(|r| &t[r]).collect();
    assert_eq!(got, ["One. Two.", "Three", "Four"]);
}

#[test]
fn document_can_keep_the_text_as_written() {
    let nfd = "Kapita\u{308}n Mu\u{308}ller kam.\r\nEr ging.\r\n\r\nDann nichts.";
    let opts = ReadOptions {
        keep_unicode: true,
        ..Default::default()
    };
    let d = Document::from_bytes(Path::new("x"), nfd.as_bytes(), Lang::DEU, &opts).unwrap();
    assert_eq!(
        d.sentence_texts(),
        [
            "Kapita\u{308}n Mu\u{308}ller kam.",
            "Er ging.",
            "Dann nichts."
        ]
    );
    let paras: Vec<usize> = d.sentences.iter().map(|s| s.paragraph).collect();
    assert_eq!(paras, [0, 0, 1]);
    let nfc = Document::from_bytes(
        Path::new("x"),
        nfd.as_bytes(),
        Lang::DEU,
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(nfc.sentence(0), "Kapitän Müller kam.");
}

#[test]
fn every_language_profile_loads() {
    for l in ["ind", "eng", "fra", "deu", "rus", "tur", "aze", "hye"] {
        let p = Profile::build(l);
        assert!(p.stops.contains(&'!'), "{l}");
        assert!(!p.closers.is_empty() && !p.openers.is_empty(), "{l}");
    }
    assert!(Profile::build("eng").abbrev("Mr") == Some(AbbrevKind::Title));
    assert!(Profile::build("ind").abbrev("DLL") == Some(AbbrevKind::End));
    assert!(Profile::build("eng").abbrev("P").is_none());
    assert!(!Profile::build("hye").stops.contains(&'.'));
    assert!(Profile::build("deu").ordinal_dot && !Profile::build("eng").ordinal_dot);
}

#[test]
fn long_pathological_paragraphs_take_linear_time() {
    // Shapes that once made look-aheads quadratic: many weak marks, many short lines,
    // long stretches without white space. Each is ~100 KB; quadratic work would take
    // minutes, linear work takes milliseconds.
    let inputs = [
        ("hye", "Ա: ".repeat(25_000)),
        ("hye", "ա: ".repeat(25_000)),
        ("eng", "A\n".repeat(50_000)),
        ("eng", "Ab\nA\n".repeat(20_000)),
        ("eng", format!("{}\nB", "a\u{a0}".repeat(40_000))),
        ("eng", "J. ".repeat(30_000)),
        ("fra", "«. » ".repeat(20_000)),
        ("deu", "x. ((((( ".repeat(10_000)),
    ];
    let t = std::time::Instant::now();
    for (lang, text) in &inputs {
        let spans = split_sentences(text, Lang::parse(lang).unwrap());
        assert!(!spans.is_empty());
    }
    assert!(t.elapsed().as_secs() < 10, "took {:?}", t.elapsed());
}

#[test]
fn data_files_are_well_formed() {
    use std::collections::HashMap;
    let mut checked = 0;
    for (folder, text) in crate::lang::data_files_named("abbreviations.txt") {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        let mut section = "[other]";
        for line in crate::lang::data_lines(text) {
            let line = line.trim();
            if line.starts_with('[') {
                assert!(
                    ["[title]", "[end]", "[other]"].contains(&line),
                    "{folder}: unknown section {line}"
                );
                section = line;
                continue;
            }
            assert!(
                line.ends_with('.') && !line.contains(char::is_whitespace),
                "{folder}: '{line}' should be one word ending in a dot"
            );
            if let Some(before) = seen.insert(line, section) {
                assert_eq!(before, section, "{folder}: '{line}' is in two sections");
            }
        }
        checked += 1;
    }
    assert!(checked >= 8, "abbreviation files: {checked}");
    for name in ["sentence-starters.txt", "ordinal-followers.txt"] {
        for (folder, text) in crate::lang::data_files_named(name) {
            for word in crate::lang::data_lines(text).flat_map(str::split_whitespace) {
                assert!(
                    word.chars().all(|c| c.is_alphabetic() || c == '-'),
                    "{folder}/{name}: '{word}'"
                );
            }
        }
    }
}

#[test]
fn chinese_and_japanese_quotations() {
    // a final mark before a closing quotation mark that the sentence goes on after
    assert_eq!(
        split(
            "「協力だ。」とLeeは述べた。「次だ。」 と彼は述べた。次。",
            "ja"
        ),
        [
            "「協力だ。」とLeeは述べた。",
            "「次だ。」 と彼は述べた。",
            "次。"
        ]
    );
    // a quotation that stands alone, then a sentence; sentences inside a quotation
    assert_eq!(
        split(
            "「経験しました。」ダレー選手は14歳だった。「A。B」と語る。",
            "ja"
        ),
        [
            "「経験しました。」",
            "ダレー選手は14歳だった。",
            "「A。",
            "B」と語る。"
        ]
    );
    assert_eq!(
        split(
            "“当他停止呼吸时，他不是无敌的。”他说。“你知道吗？”，他问。",
            "zh"
        ),
        [
            "“当他停止呼吸时，他不是无敌的。”",
            "他说。",
            "“你知道吗？”，他问。"
        ]
    );
    // an opening quotation mark after a final mark starts the next sentence
    assert_eq!(
        split("我需要赢得一枚金牌。“你知道吗。\"我认为是。", "zh"),
        ["我需要赢得一枚金牌。", "“你知道吗。", "\"我认为是。"]
    );
    // only quotation marks after the last final mark: they belong to it
    assert_eq!(
        split("正式称为坎耶·维斯特。“", "zh"),
        ["正式称为坎耶·维斯特。“"]
    );
    // ASCII marks between characters of a script without spaces; a Latin initial
    assert_eq!(
        split("平均收视率.其他电视网络吗?他被告知。", "zh"),
        ["平均收视率.", "其他电视网络吗?", "他被告知。"]
    );
    assert_eq!(
        split("有各种名字，Puff Daddy、P. Diddy 或Diddy。", "zh"),
        ["有各种名字，Puff Daddy、P. Diddy 或Diddy。"]
    );
}
