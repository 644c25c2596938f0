import Foundation
import Testing

@testable import BriefsDomain

/// Hand-written pages (Fixtures/cleaning/<what-it-proves>) cleaned end to end against `expected.json`.
@Suite struct TextCleanerFixtureTests {
    static let fixtures = [
        "appeal-and-glued-lede", "menu-captions-footer", "italian-article", "near-duplicates", "teaser-list",
    ]

    @Test(arguments: fixtures)
    func fixture(_ name: String) throws {
        let cleaner = try #require(CleaningSupport.cleaner)
        let input = try #require(CleaningSupport.fixture(name, "input.txt"))
        let json = try #require(CleaningSupport.fixture(name, "expected.json"))
        let expected = try JSONDecoder().decode(CleaningExpectation.self, from: Data(json.utf8))
        let document = cleaner.clean(text: input)
        let body = document.text
        for text in expected.mustContain ?? [] {
            #expect(body.contains(text), "\(name): body lacks \(text)")
        }
        for text in expected.mustNotContain ?? [] {
            #expect(!body.contains(text), "\(name): body has \(text)")
        }
        for text in expected.occursOnce ?? [] {
            #expect(body.components(separatedBy: text).count == 2, "\(name): \(text) is not there exactly once")
        }
        for (text, reason) in expected.removedReasons ?? [:] {
            let removed =
                document.removed.first { $0.text == text } ?? document.removed.first { $0.text.hasPrefix(text) }
            #expect(removed?.reason == reason, "\(name): \(text) removed as \(removed?.reason ?? "nothing")")
        }
        if let count = expected.paragraphCount {
            #expect(document.paragraphs.count == count, "\(name): paragraphs \(document.paragraphs)")
        }
        if let title = expected.title { #expect(document.title == title) }
        if let standfirst = expected.standfirst { #expect(document.standfirst == standfirst) }
        if let author = expected.author { #expect(document.metadata.author == author) }
        if let language = expected.language { #expect(document.metadata.language == language) }
        #expect(document.removed.allSatisfy { !$0.reason.isEmpty })
    }
}
