import Foundation
import Testing

@testable import BriefsDomain

/// The real `Config/` folder, read once per test through `#filePath` (tests never read `../shared`).
enum FactsTestConfig {
    static var packageRoot: URL { RepositoryConfig.packageRoot }

    static func load() throws -> ConfigFiles {
        RepositoryConfig.files
    }

    static func fixture(_ name: String, _ file: String) throws -> Data {
        try Data(
            contentsOf: packageRoot.appendingPathComponent("Tests/BriefsDomainTests/Fixtures/facts")
                .appendingPathComponent(name).appendingPathComponent(file))
    }

    /// Sentences, an empty geo result and the recognised entities of `text`.
    static func entities(_ text: String, geo: GeoResult = GeoResult()) throws -> (TextDocument, RecognizedEntities) {
        let config = try load()
        let document = TextDocument(text)
        let sentences = try SentenceSplitter(config: config).sentences(in: document)
        let recognized = try EntityRecognizer(config: config).recognize(
            document: document, sentences: sentences, geo: geo)
        return (document, recognized)
    }
}

@Suite struct EntityConfigTests {
    @Test func realConfigCompiles() throws {
        let config = try FactsTestConfig.load()
        _ = try EntityRecognizer(config: config)
        _ = try DateExtractor(config: config)
        _ = try FigureExtractor(config: config)
        _ = try QuoteExtractor(config: config)
        _ = try KeySentenceRanker(config: config)
        _ = try SentenceSplitter(config: config)
    }

    @Test func duplicateOrganizationVariantIsRejectedWithItsLine() throws {
        var config = try FactsTestConfig.load()
        config.files["lexicons/entities/organizations.txt"] = Data("# header\nEuropean Union = EU\nEU\n".utf8)
        #expect(throws: ConfigFileError.self) { try EntityRecognizer(config: config) }
        do {
            _ = try EntityRecognizer(config: config)
        } catch {
            #expect(
                error == .invalid(path: "lexicons/entities/organizations.txt", line: 3, reason: "duplicate variant EU"))
        }
    }

    @Test func abbreviationWithoutPeriodIsRejected() throws {
        var config = try FactsTestConfig.load()
        config.files["patterns/abbreviations.txt"] = Data("Mr.\nDr\n".utf8)
        #expect(throws: ConfigFileError.self) { try SentenceSplitter(config: config) }
    }
}
