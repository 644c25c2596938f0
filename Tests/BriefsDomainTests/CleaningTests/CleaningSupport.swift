import Foundation
import Testing

@testable import BriefsDomain

/// Loads the real `Config/` folder of the package (found from this file's path) for cleaning tests.
enum CleaningSupport {
    static let packageRoot = RepositoryConfig.packageRoot

    /// Every file under `Config/`, keyed by its relative path.
    static func configFiles() -> ConfigFiles {
        RepositoryConfig.files
    }

    static let cleaner: TextCleaner? = try? TextCleaner(config: configFiles())

    /// The folder of cleaning fixtures: `Fixtures/cleaning/<what-it-proves>/{input.txt, expected.json}`.
    static let fixturesFolder = packageRoot.appendingPathComponent("Tests/BriefsDomainTests/Fixtures/cleaning")

    /// A fixture file's text, or nil when it is missing.
    static func fixture(_ name: String, _ file: String) -> String? {
        let url = fixturesFolder.appendingPathComponent(name).appendingPathComponent(file)
        return try? String(contentsOf: url, encoding: .utf8)
    }
}

/// What a cleaning fixture expects (`expected.json`); every field is optional.
struct CleaningExpectation: Decodable {
    var title: String?
    var standfirst: String?
    var author: String?
    var language: String?
    /// Each must occur in the joined paragraphs.
    var mustContain: [String]?
    /// None may occur in the joined paragraphs.
    var mustNotContain: [String]?
    /// Each must occur exactly once in the joined paragraphs.
    var occursOnce: [String]?
    /// Removed block text (exactly) → the reason it must carry.
    var removedReasons: [String: String]?
    var paragraphCount: Int?
}
