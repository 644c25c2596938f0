import Foundation
import Testing

@testable import BriefsDomain

/// Loads the real `Config/` folder of the package (found from this file's path) for cleaning tests.
enum CleaningSupport {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return url
    }()

    /// Every file under `Config/`, keyed by its relative path.
    static func configFiles() -> ConfigFiles {
        let root = packageRoot.appendingPathComponent("Config")
        var files: [String: Data] = [:]
        let manager = FileManager.default
        if let walker = manager.enumerator(atPath: root.path) {
            while let relative = walker.nextObject() as? String {
                let full = root.appendingPathComponent(relative).path
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                    !relative.hasPrefix(".")
                else { continue }
                files[relative] = manager.contents(atPath: full)
            }
        }
        return ConfigFiles(files: files)
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
