import BriefsDomain
import Foundation
import Testing

@testable import BriefsStore

/// The store's JSON of an article whose facts are packed in memory: the bytes are those the unpacked article gave.
@Suite("PackedArticleJSON")
struct PackedArticleJSONTests {
    /// "Zoë" is scalars 0..<3, "Kraków" 12..<18, the first sentence 0..<19, the second 21..<31.
    static let article = Article(
        id: "abc", title: "T", ingestedAt: "2026-01-01T00:00:00Z",
        body: Body(paragraphs: ["Zoë visited Kraków.", "It rained."]),
        removed: [RemovedBlock(text: "Ad", reason: "short")], wordCount: 5,
        facts: Facts(
            countries: [
                CountryFact(
                    code: "PL", name: "Poland", mentionCount: 1, salience: 0.5, focus: true,
                    mentions: [Mention(start: 12, end: 18, sentence: 0)])
            ],
            people: [
                PersonFact(name: "Zoë", titles: [], country: nil, mentionCount: 1, mentions: [Mention(start: 0, end: 3, sentence: 0)])
            ],
            keySentences: [
                KeySentence(text: "Zoë visited Kraków.", score: 0.75, mention: Mention(start: 0, end: 19, sentence: 0)),
                KeySentence(text: "Rain.", score: 0.25, mention: Mention(start: 21, end: 31, sentence: 1)),
            ]))

    /// Written by hand from the format 2 rules (sorted keys, mentions as arrays, texts equal to the body left out).
    static let expected =
        #"{"body":{"text":"Zoë visited Kraków.\n\nIt rained."},"facts":{"countries":[{"code":"PL","focus":true,"#
        + #""mention_count":1,"mentions":[[12,18,0]],"name":"Poland","salience":0.5}],"dates":[],"figures":[],"#
        + #""key_sentences":[{"mention":[0,19,0],"score":0.75},{"mention":[21,31,1],"score":0.25,"text":"Rain."}],"#
        + #""organizations":[],"people":[{"mention_count":1,"mentions":[[0,3,0]],"name":"Zoë","titles":[]}],"#
        + #""places":[],"quotes":[],"roles":[]},"id":"abc","ingested_at":"2026-01-01T00:00:00Z","#
        + #""removed":[{"reason":"short","text":"Ad"}],"title":"T","word_count":5}"#

    static func write(_ article: Article) throws -> String {
        var writer = JSONWriter()
        try ArticleJSON.write(article, to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    static func read(_ text: String) throws -> Article {
        var interner = StringInterner()
        return try Array(text.utf8).withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            return try ArticleJSON.read(&reader, interner: &interner)
        }
    }

    @Test func writesTheSameBytesAsBeforePacking() throws {
        #expect(try Self.write(Self.article) == Self.expected)
    }

    @Test func readBackPacksTheSameAndWritesTheSameBytes() throws {
        let read = try Self.read(Self.expected)
        #expect(read == Self.article)
        #expect(read.packedFacts == Self.article.packedFacts)
        #expect(try Self.write(read) == Self.expected)
        // The left-out text came back as the body's own bytes.
        #expect(read.facts.keySentences[0].text == "Zoë visited Kraków.")
        #expect(read.facts.keySentences[0].sharedText.base == read.body.text)
    }

    @Test func theFormatOneFormReadsToTheSamePackedArticle() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let old = String(decoding: try encoder.encode(Self.article), as: UTF8.self)
        // Format 1 writes every text and mentions as objects.
        #expect(old.contains(#""text":"Zoë visited Kraków.""#) && old.contains(#""start":12"#))
        let read = try Self.read(old)
        #expect(read == Self.article)
        #expect(try Self.write(read) == Self.expected)
    }

    @Test func aStoreGivesBackWhatWasInserted() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let (store, _) = try openStore(directory)
            _ = try store.insert(Self.article)
            #expect(store.article(id: "abc") == Self.article)
            _ = try store.writeSnapshot()
        }
        let (reopened, _) = try openStore(directory)
        let stored = try #require(reopened.article(id: "abc"))
        #expect(stored == Self.article)
        #expect(try Self.write(stored) == Self.expected)
    }
}

extension PackedArticleJSONTests {
    /// Facts and removed blocks before the body (not what this store writes, but valid JSON) are read after it.
    @Test func factsBeforeTheBodyReadTheSame() throws {
        let reordered =
            #"{"removed":[{"text":"Ad","reason":"short"}],"word_count":5,"facts":{"roles":[],"people":[{"titles":[],"#
            + #""name":"Zoë","mentions":[[0,3,0]],"mention_count":1}],"key_sentences":[{"text":"Rain.","score":0.25,"#
            + #""mention":[21,31,1]},{"score":0.75,"mention":[0,19,0]}],"countries":[{"salience":0.5,"name":"Poland","#
            + #""mentions":[[12,18,0]],"mention_count":1,"focus":true,"code":"PL"}]},"title":"T","id":"abc","#
            + #""ingested_at":"2026-01-01T00:00:00Z","body":{"text":"Zoë visited Kraków.\n\nIt rained."}}"#
        let read = try Self.read(reordered)
        // Key sentences keep their order in the file, so compare with the article's own order reversed.
        var expected = Self.article
        expected.facts.keySentences.reverse()
        #expect(read == expected)
        #expect(read.facts.keySentences.map(\.text) == ["Rain.", "Zoë visited Kraków."])
        #expect(read.removed == [RemovedBlock(text: "Ad", reason: "short")])
    }

    @Test func aLeftOutTextOutsideTheBodyIsRefused() {
        let json =
            #"{"body":{"text":"ab"},"facts":{"quotes":[{"direct":true,"mention":[1,5,0]}]},"id":"x","#
            + #""ingested_at":"t","title":"T","word_count":1}"#
        #expect(throws: JSONReadError.self) { try Self.read(json) }
    }
}
