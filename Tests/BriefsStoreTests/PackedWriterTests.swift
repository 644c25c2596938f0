import BriefsDomain
import Foundation
import Testing

@testable import BriefsStore

/// The store's JSON written straight from the packed facts (`ArticleJSON.write`) against the same article written
/// through the decoded `Facts` (`ArticleJSON.writeDecodingFacts`, the writer before): the bytes must be identical.
@Suite("PackedWriter")
struct PackedWriterTests {
    static let paragraphs = [
        "Zoë said: «Kraków is cold.» \"Quoted\" \\ back/slash",
        "Ministers met in Łódź on 3 May 2026 🙂.",
        "Prices rose about 5% to 1,200 zł.\tTabs\u{1} too.",
    ]

    /// The scalar range of the first `needle` in `text` (tests build mentions with it, so non-ASCII text is counted
    /// in scalars as the facts count it).
    static func span(_ needle: String, in text: String, sentence: Int) -> Mention {
        let scalars = Array(text.unicodeScalars)
        let target = Array(needle.unicodeScalars)
        for start in 0...(scalars.count - target.count) where Array(scalars[start..<start + target.count]) == target {
            return Mention(start: start, end: start + target.count, sentence: sentence)
        }
        Issue.record("\(needle) not in the text")
        return Mention(start: 0, end: 0, sentence: 0)
    }

    /// A slice of `text` (sharing its storage, so packing keeps it as a position in the body).
    static func slice(_ needle: String, of text: String) -> Substring {
        guard let range = text.range(of: needle) else {
            Issue.record("\(needle) not in the text")
            return Substring("")
        }
        return text[range]
    }

    /// Every kind of fact, each optional both nil and set, 0, 1 and many mentions, and every kind of key sentence
    /// and quote text: equal to the body at its mention (own string or slice), a slice elsewhere, its own text, and
    /// a mention outside the body.
    static func fullArticle() -> Article {
        let body = Body(paragraphs: paragraphs)
        let text = body.text
        func at(_ needle: String, _ sentence: Int) -> Mention { span(needle, in: text, sentence: sentence) }
        var sliceAtMention = KeySentence(text: "", score: 0.5, mention: at("Ministers met", 1))
        sliceAtMention.sharedText = slice("Ministers met", of: text)
        var sliceElsewhere = KeySentence(text: "", score: 0.25, mention: at("Prices rose", 2))
        sliceElsewhere.sharedText = slice("Łódź", of: text)
        var quoteSlice = QuoteFact(speaker: nil, text: "", direct: false, mention: at("Kraków is cold.", 0))
        quoteSlice.sharedText = slice("Kraków is cold.", of: text)
        let facts = Facts(
            countries: [
                CountryFact(
                    code: "PL", name: "Poland", mentionCount: 3, salience: 0.875, focus: true,
                    mentions: [at("Kraków", 0), at("Łódź", 1), at("zł", 2)]),
                CountryFact(code: "XK", name: "Kosovo \"K\"", mentionCount: 0, salience: 1e-05, focus: false, mentions: []),
            ],
            people: [
                PersonFact(
                    name: "Zoë", titles: ["Dr", "Minister \\ of ✓"], country: "PL", mentionCount: 2,
                    mentions: [at("Zoë", 0), Mention(start: 0, end: 3, sentence: 0)]),
                PersonFact(name: "Nobody", titles: [], country: nil, mentionCount: 0, mentions: []),
            ],
            organizations: [
                OrganizationFact(name: "Ministers", aliases: ["Cabinet", "Rada"], mentionCount: 1, mentions: [at("Ministers", 1)]),
                OrganizationFact(name: "Ø", aliases: [], mentionCount: 0, mentions: []),
            ],
            places: [
                PlaceFact(name: "Kraków", kind: "city", country: "PL", mentionCount: 1, mentions: [at("Kraków", 0)]),
                PlaceFact(name: "Łódź", kind: "city", country: nil, mentionCount: 1, mentions: [at("Łódź", 1)]),
            ],
            dates: [
                DateFact(text: "3 May 2026", value: "2026-05-03", mention: at("3 May 2026", 1)),
                DateFact(text: "May", value: nil, mention: at("May", 1)),
            ],
            figures: [
                FigureFact(text: "about 5%", value: 5, approximate: true, unit: "%", kind: "percent", mention: at("about 5%", 2)),
                FigureFact(text: "1,200 zł", value: 1200.5, approximate: false, unit: nil, kind: "money", mention: at("1,200 zł", 2)),
                FigureFact(text: "some", value: nil, approximate: false, unit: "zł", kind: "count", mention: at("rose", 2)),
            ],
            quotes: [
                QuoteFact(speaker: "Zoë", text: "Kraków is cold.", direct: true, mention: at("Kraków is cold.", 0)),
                quoteSlice,
                QuoteFact(speaker: nil, text: "Not in the body \"at all\"\n", direct: false, mention: at("Quoted", 0)),
                QuoteFact(speaker: "Far", text: "Beyond", direct: true, mention: Mention(start: 500, end: 506, sentence: 9)),
            ],
            keySentences: [
                KeySentence(text: "Zoë said: «Kraków is cold.»", score: 0.75, mention: at("Zoë said: «Kraków is cold.»", 0)),
                sliceAtMention,
                sliceElsewhere,
                KeySentence(text: "Rewritten 🙂", score: 1, mention: at("Tabs", 2)),
                KeySentence(text: "Outside", score: 0.125, mention: Mention(start: 400, end: 407, sentence: 7)),
            ],
            roles: [
                RoleFact(role: "host", country: "PL", mention: at("Łódź", 1)),
                RoleFact(role: "visitor \u{7}", country: "XK", mention: at("Zoë", 0)),
            ])
        return Article(
            id: "f00d", title: "Prices \"rose\"", standfirst: "Stand/first", url: "https://example.org/a?b=1&c=\"2\"",
            source: "Wire", author: "Zoë Ł.", language: "pl", publishedAt: "2026-05-03", ingestedAt: "2026-05-04T00:00:00Z",
            body: body,
            removed: [
                RemovedBlock(text: "Subscribe \"now\"\n", reason: "boilerplate"), RemovedBlock(text: "", reason: "short"),
            ],
            wordCount: 27, facts: facts)
    }

    static func directAndDecoded(_ article: Article) throws -> (direct: [UInt8], decoded: [UInt8]) {
        var direct = JSONWriter()
        try ArticleJSON.write(article, to: &direct)
        var decoded = JSONWriter()
        try ArticleJSON.writeDecodingFacts(article, to: &decoded)
        return (direct.bytes, decoded.bytes)
    }

    static func read(_ bytes: [UInt8]) throws -> Article {
        var interner = StringInterner()
        return try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            return try ArticleJSON.read(&reader, interner: &interner)
        }
    }

    @Test func anArticleWithoutFactsOrOptionals() throws {
        for body in [Body(paragraphs: []), Body(paragraphs: [""]), Body(paragraphs: ["One."])] {
            let article = Article(id: "e", title: "", ingestedAt: "2026-01-01T00:00:00Z", body: body, wordCount: 0)
            let (direct, decoded) = try Self.directAndDecoded(article)
            #expect(direct == decoded)
            let text = String(decoding: direct, as: UTF8.self)
            #expect(text.contains(#""facts":{"countries":[],"dates":[],"figures":[],"key_sentences":[],"#))
            #expect(text.contains(#""removed":[]"#))
        }
    }

    @Test func everyKindOfFactAndText() throws {
        let article = Self.fullArticle()
        let (direct, decoded) = try Self.directAndDecoded(article)
        #expect(direct == decoded)
        let text = String(decoding: direct, as: UTF8.self)
        // Texts equal to the body at their mention are left out, the others written (escaped).
        #expect(!text.contains(#""text":"Zoë said: «Kraków is cold.»""#))
        #expect(!text.contains(#""text":"Ministers met""#))
        #expect(!text.contains(#""text":"Kraków is cold.""#))
        #expect(text.contains(#""score":0.25,"text":"Łódź""#))
        #expect(text.contains(#""text":"Rewritten 🙂""#))
        #expect(text.contains(#""text":"Outside""#))
        #expect(text.contains(#""text":"Beyond""#))
        #expect(text.contains(#""text":"Not in the body \"at all\"\n""#))
        #expect(text.contains(#""removed":[{"reason":"boilerplate","text":"Subscribe \"now\"\n"},{"reason":"short","text":""}]"#))
        #expect(text.contains(#""people":[{"country":"PL","mention_count":2,"mentions":[[0,3,0],[0,3,0]],"name":"Zoë","titles":["Dr","Minister \\ of ✓"]}"#))
        #expect(text.contains(#""role":"visitor \u0007""#))
        // Read back, it is the same article and writes the same bytes again.
        let read = try Self.read(direct)
        #expect(read == article)
        #expect(try Self.directAndDecoded(read).direct == direct)
    }

    @Test func manyMentionsAndMoreThanSixtyFourKeySentences() throws {
        let sentences = (0..<70).map { "Sentence \($0) in Łódź." }
        let body = Body(paragraphs: sentences)
        var offset = 0
        var keySentences: [KeySentence] = []
        var mentions: [Mention] = []
        for (index, sentence) in sentences.enumerated() {
            let length = sentence.unicodeScalars.count
            let mention = Mention(start: offset, end: offset + length, sentence: index)
            // Even: the text as found at its mention; odd: another text.
            keySentences.append(KeySentence(text: index % 2 == 0 ? sentence : "Other \(index)", score: 1 / Double(index + 1), mention: mention))
            mentions.append(Mention(start: offset + 12, end: offset + 16, sentence: index))
            offset += length + 2
        }
        let facts = Facts(
            countries: [CountryFact(code: "PL", name: "Poland", mentionCount: 70, salience: 1, focus: true, mentions: mentions)],
            keySentences: keySentences)
        let article = Article(
            id: "m", title: "Many", ingestedAt: "2026-01-01T00:00:00Z", body: body, wordCount: 280, facts: facts)
        let (direct, decoded) = try Self.directAndDecoded(article)
        #expect(direct == decoded)
        let text = String(decoding: direct, as: UTF8.self)
        #expect(!text.contains(#""text":"Sentence 68 in Łódź.""#))
        #expect(text.contains(#""text":"Other 69""#))
        #expect(try Self.read(direct) == article)
    }

    @Test func paragraphsWrittenWhenTheTextDoesNotGiveThemBack() throws {
        let article = Article(
            id: "p", title: "P", ingestedAt: "2026-01-01T00:00:00Z", body: Body(paragraphs: ["a\n\nb", "c"]), wordCount: 3)
        let (direct, decoded) = try Self.directAndDecoded(article)
        #expect(direct == decoded)
        #expect(String(decoding: direct, as: UTF8.self).contains(#""paragraphs":["a\n\nb","c"]"#))
    }

    @Test func aNumberJSONCannotHoldThrowsEitherWay() {
        var facts = Facts.empty
        facts.countries = [CountryFact(code: "PL", name: "Poland", mentionCount: 0, salience: .nan, focus: false, mentions: [])]
        facts.figures = [FigureFact(text: "x", value: .infinity, approximate: false, unit: nil, kind: "count", mention: Mention(start: 0, end: 1, sentence: 0))]
        let article = Article(
            id: "n", title: "N", ingestedAt: "2026-01-01T00:00:00Z", body: Body(paragraphs: ["x"]), wordCount: 1,
            facts: facts)
        var writer = JSONWriter()
        #expect(throws: JSONValueError.self) { try ArticleJSON.write(article, to: &writer) }
        var decoded = JSONWriter()
        #expect(throws: JSONValueError.self) { try ArticleJSON.writeDecodingFacts(article, to: &decoded) }
    }
}
