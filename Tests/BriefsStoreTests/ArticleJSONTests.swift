import BriefsDomain
import Foundation
import Testing

@testable import BriefsStore

/// The hand-written article JSON (journal lines and snapshots): round trips, the old `JSONEncoder` format, errors.
@Suite("ArticleJSON")
struct ArticleJSONTests {
    /// Every field set, texts with escapes and non-ASCII scalars, a key sentence and a quote taken from the body (their
    /// text is left out of the file) and one that is not (kept).
    static let full: Article = {
        let paragraphs = [
            "Zoë said \"hello\" to the Ministry in Zürich 🇨🇭 today.",
            "Back\\slash, tab\there, a bell \u{07} and / slash.",
            "日本の首相 met 😀 people. The end.",
        ]
        let body = Body(paragraphs: paragraphs)
        let scalars = Array(body.text.unicodeScalars)
        func mention(_ needle: String, sentence: Int) -> Mention {
            let needleScalars = Array(needle.unicodeScalars)
            for start in 0...(scalars.count - needleScalars.count)
            where Array(scalars[start..<start + needleScalars.count]) == needleScalars {
                return Mention(start: start, end: start + needleScalars.count, sentence: sentence)
            }
            return Mention(start: 0, end: 0, sentence: sentence)
        }
        let facts = Facts(
            countries: [
                CountryFact(
                    code: "CH", name: "Switzerland", mentionCount: 2, salience: 0.625, focus: true,
                    mentions: [mention("Zürich", sentence: 0), mention("🇨🇭", sentence: 0)]),
                CountryFact(code: "JP", name: "Japan", mentionCount: 1, salience: 1e-5, focus: false, mentions: []),
            ],
            people: [
                PersonFact(
                    name: "Zoë", titles: ["Deputy Minister of Something Long"], country: "CH", mentionCount: 1,
                    mentions: [mention("Zoë", sentence: 0)]),
                PersonFact(name: "Nobody", titles: [], country: nil, mentionCount: 0, mentions: []),
            ],
            organizations: [
                OrganizationFact(
                    name: "the Ministry", aliases: ["Ministry", "Ministère"], mentionCount: 1,
                    mentions: [mention("Ministry", sentence: 0)])
            ],
            places: [
                PlaceFact(name: "Zürich", kind: "city", country: "CH", mentionCount: 1, mentions: [mention("Zürich", sentence: 0)]),
                PlaceFact(name: "Nowhere", kind: "region", country: nil, mentionCount: 0, mentions: []),
            ],
            dates: [
                DateFact(text: "today", value: "2026-03-01", mention: mention("today", sentence: 0)),
                DateFact(text: "someday", value: nil, mention: Mention(start: 0, end: 0, sentence: 0)),
            ],
            figures: [
                FigureFact(
                    text: "2", value: 2, approximate: false, unit: nil, kind: "QUANTITY",
                    mention: Mention(start: 1, end: 2, sentence: 0)),
                FigureFact(
                    text: "about 3.75 million", value: 3_750_000.5, approximate: true, unit: "USD", kind: "MONEY",
                    mention: Mention(start: 3, end: 9, sentence: 1)),
                FigureFact(text: "?", value: nil, approximate: false, unit: "%", kind: "PERCENT", mention: Mention(start: 0, end: 1, sentence: 2)),
            ],
            quotes: [
                QuoteFact(speaker: "Zoë", text: "hello", direct: true, mention: mention("hello", sentence: 0)),
                QuoteFact(speaker: nil, text: "not in the body \"at all\"", direct: false, mention: Mention(start: 0, end: 3, sentence: 0)),
            ],
            keySentences: [
                KeySentence(text: "日本の首相 met 😀 people.", score: 0.875, mention: mention("日本の首相 met 😀 people.", sentence: 2)),
                KeySentence(text: "A paraphrase.", score: -1.5, mention: Mention(start: 2, end: 5, sentence: 1)),
            ],
            roles: [RoleFact(role: "prime minister", country: "JP", mention: mention("首相", sentence: 2))])
        return Article(
            id: "0123456789abcdef", title: "Title with \"quotes\" and \u{1F600}", standfirst: "Stand\nfirst",
            url: "https://example.org/a/b?c=d&e=\u{E9}", source: "Example News", author: "A. Writer", language: "en",
            publishedAt: "2026-03-01T08:00:00+01:00", ingestedAt: "2026-03-02T00:00:00Z", body: body,
            removed: [RemovedBlock(text: "Share this\r\n", reason: "share"), RemovedBlock(text: "", reason: "short")],
            wordCount: 31, facts: facts)
    }()

    /// Only required fields; every optional nil, every list empty.
    static let bare = Article(id: "bare", title: "", ingestedAt: "2026-03-02T00:00:00Z", body: Body(paragraphs: []), wordCount: 0)

    /// Paragraphs that don't survive a split at blank lines (one holds a blank line, one is empty): written out.
    static let oddParagraphs = Article(
        id: "odd", title: "Odd", ingestedAt: "2026-03-02T00:00:00Z",
        body: Body(paragraphs: ["one\n\ntwo", "", "\nthree"]), wordCount: 3)

    static func encode(_ article: Article) throws -> [UInt8] {
        var writer = JSONWriter()
        try ArticleJSON.write(article, to: &writer)
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws -> Article {
        var interner = StringInterner()
        return try bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            let article = try ArticleJSON.read(&reader, interner: &interner)
            guard reader.isAtEnd() else { throw reader.error("trailing bytes") }
            return article
        }
    }

    @Test(arguments: [full, bare, oddParagraphs])
    func roundTrip(article: Article) throws {
        let bytes = try Self.encode(article)
        #expect(!bytes.contains(0x0A), "one line")
        #expect(try JSONSerialization.jsonObject(with: Data(bytes)) is [String: Any])
        let decoded = try Self.decode(bytes)
        #expect(decoded == article)
        #expect(decoded.body.paragraphs == article.body.paragraphs)
        #expect(decoded.facts.keySentences.map(\.text) == article.facts.keySentences.map(\.text))
        #expect(decoded.facts.quotes.map(\.text) == article.facts.quotes.map(\.text))
    }

    @Test func format2LeavesOutWhatTheBodyRepeats() throws {
        let text = String(decoding: try Self.encode(Self.full), as: UTF8.self)
        #expect(!text.contains("\"paragraphs\""))
        #expect(!text.contains("日本の首相 met 😀 people.\",\"score\""))
        #expect(text.contains(#""text":"A paraphrase.""#))
        #expect(text.contains(#""text":"not in the body \"at all\"""#))
        #expect(!text.contains(#""text":"hello""#))
        #expect(text.contains(#"\u0007"#))
        #expect(text.contains(#"Back\\slash, tab\there"#))
        #expect(text.contains("/ slash"))
        let odd = String(decoding: try Self.encode(Self.oddParagraphs), as: UTF8.self)
        #expect(odd.contains(#""paragraphs":["one\n\ntwo","","\nthree"]"#))
    }

    @Test(arguments: [full, bare, oddParagraphs])
    func readsWhatJSONEncoderWrote(article: Article) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let old = try encoder.encode(article)
        #expect(try Self.decode(Array(old)) == article)
        // And the old form of a whole journal line.
        let line = try encoder.encode(JournalRecord.put(article))
        var interner = StringInterner()
        let record = try Array(line).withUnsafeBufferPointer { try JournalRecord.decode($0, interner: &interner) }
        #expect(record == .put(article))
    }

    @Test func decodedTextsShareTheBodyStorage() throws {
        let decoded = try Self.decode(try Self.encode(Self.full))
        let key = decoded.facts.keySentences[0].sharedText
        // A slice of the body, not a string of its own: its base is the body text.
        #expect(key.base == decoded.body.text)
        #expect(key.startIndex != key.base.startIndex)
        #expect(decoded.facts.keySentences[1].sharedText.base == "A paraphrase.")
    }

    @Test func escapesAreDecoded() throws {
        let json = #"""
            {"id":"e","title":"\u00e9\ud83d\ude00\/\"\\\b\f\n\r\t","ingested_at":"x","word_count":1.0,
             "body":{"text":"caf\u00E9"},"unknown":[1,{"a":null},true]}
            """#
        let article = try Self.decode(Array(json.utf8))
        #expect(article.title == "é😀/\"\\\u{08}\u{0C}\n\r\t")
        #expect(article.body.text == "café")
        #expect(article.body.paragraphs == ["café"])
        #expect(article.wordCount == 1)
        #expect(article.removed.isEmpty && article.facts == .empty)
    }

    @Test(arguments: [
        #"{"id":"e","title":"\ud83d","ingested_at":"x","word_count":1,"body":{"text":""}}"#,
        #"{"id":"e","title":"a","ingested_at":"x","word_count":1,"body":{"text":""}} x"#,
        #"{"id":"e","title":"a","ingested_at":"x","word_count":01,"body":{"text":""}}"#,
        #"{"id":"e","title":"a","ingested_at":"x","word_count":1,"body":{"text":"\q"}}"#,
        #"{"id":"e","title":"a","ingested_at":"x","word_count":1}"#,
        #"{"id":"e","title":"a","ingested_at":"x","word_count":1,"body":{"text":"ab"},"facts":{"key_sentences":[{"mention":[0,9,0],"score":1}]}}"#,
        #"{"id":"e","title":"a","ingested_at":"x","word_count":tru,"body":{"text":""}}"#,
        "{\"id\":\"e\",\"title\":\"a\u{01}\",\"ingested_at\":\"x\",\"word_count\":1,\"body\":{\"text\":\"\"}}",
        #"{"id":"e""#,
    ])
    func malformedInputIsRefused(json: String) {
        #expect(throws: JSONReadError.self) { try Self.decode(Array(json.utf8)) }
    }

    @Test func notANumberCannotBeWritten() {
        var article = Self.bare
        article.facts.countries = [CountryFact(code: "FR", name: "France", mentionCount: 1, salience: .nan, focus: false, mentions: [])]
        #expect(throws: JSONValueError.self) { try Self.encode(article) }
    }

    @Test func bodySplitsAtBlankLines() {
        #expect(Body(text: "a\n\nb\nc\n\n\nd").paragraphs == ["a", "b\nc", "\nd"])
        #expect(Body(text: "").paragraphs == [])
        #expect(Body(paragraphs: ["a", "b"]).paragraphsFollowBlankLines)
        #expect(!Body(paragraphs: ["a\n\nb"]).paragraphsFollowBlankLines)
        #expect(!Body(paragraphs: [""]).paragraphsFollowBlankLines)
        var body = Body(paragraphs: ["x"])
        body.paragraphs = ["y", "z"]
        #expect(body.text == "y\n\nz")
    }

    /// A snapshot file exactly as the previous build wrote it (`JSONEncoder`, format 1), plus a journal line in the old
    /// form, opens; the next snapshot is written in format 2 and reads back the same.
    @Test func storeOpensFormat1SnapshotAndOldJournal() throws {
        struct OldSnapshot: Encodable {
            var articles: [Article]
            var formatVersion = 1
            var savedAt: Date
        }
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let old = OldSnapshot(articles: [Self.bare, Self.full], savedAt: Date(timeIntervalSince1970: 1_780_000_000))
        try directory.write(try encoder.encode(old), to: "snapshot.json")
        var line = try encoder.encode(JournalRecord.put(Self.oddParagraphs))
        line.append(0x0A)
        try directory.write(line, to: "journal.jsonl")

        do {
            let (store, warnings) = try openStore(directory)
            #expect(warnings.isEmpty)
            #expect(store.article(id: Self.full.id) == Self.full)
            #expect(store.article(id: "bare") == Self.bare)
            #expect(store.article(id: "odd") == Self.oddParagraphs)
            #expect(store.statistics.lastSnapshotAt == Date(timeIntervalSince1970: 1_780_000_000))
            _ = try store.writeSnapshot()
        }
        let text = String(decoding: directory.contents("snapshot.json") ?? Data(), as: UTF8.self)
        #expect(text.hasPrefix(#"{"formatVersion":2,"#))
        #expect(text.split(separator: "\n").count == 5)
        #expect(try SnapshotFile.verify(path: directory.file("snapshot.json")) == 3)
        let (store, _) = try openStore(directory)
        #expect(store.article(id: Self.full.id) == Self.full)
        #expect(store.article(id: "odd") == Self.oddParagraphs)
    }

    /// The line-parallel reader and the sequential one agree on a format-2 file with many articles.
    @Test func parallelAndSequentialLoadsAgree() throws {
        let articles = (0..<300).map { index in
            var article = Self.full
            article.id = String(format: "%04d", index)
            article.title = "Title \(index) \u{1F600}"
            return article
        }
        var file = Snapshot.header(savedAt: Date(timeIntervalSince1970: 1_780_000_000))
        for buffer in try Snapshot.encodeLines(articles[...], isLastBatch: true, threads: 3, path: "x") {
            file += buffer
        }
        file += Snapshot.trailer
        let parallel = try Snapshot.decode(Data(file), path: "x", threads: 4)
        #expect(parallel.articles == articles)
        #expect(parallel.formatVersion == 2)
        // The same file on one line: read by the sequential reader.
        let oneLine = [0x7B, 0x20] + file.dropFirst().filter { $0 != 0x0A }
        let sequential = try Snapshot.decode(Data(oneLine), path: "x", threads: 1)
        #expect(sequential.articles == articles)
    }
}
