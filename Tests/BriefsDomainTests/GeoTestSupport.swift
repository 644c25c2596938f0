import Foundation
import Testing

@testable import BriefsDomain

/// Loads the real `Config/lexicons/geo/` files (found from this file's path) for the geo tests.
enum GeoTestSupport {
    static let packageRoot = RepositoryConfig.packageRoot

    static func config() throws -> ConfigFiles {
        let folder = packageRoot.appendingPathComponent("Config/lexicons/geo")
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !name.hasPrefix(".") {
            files["lexicons/geo/" + name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return ConfigFiles(files: files)
    }

    /// One tagger for all tests (building the gazetteer takes a moment).
    static let tagger: GeoTagger? = try? GeoTagger(config: config())

    /// Tags `text` with one sentence per line.
    static func tag(_ text: String, title: String? = nil) throws -> GeoResult {
        let tagger = try #require(tagger)
        let document = TextDocument(text)
        var sentences: [Range<Int>] = []
        var start = 0
        for (index, scalar) in document.scalars.enumerated() where scalar == "\n" {
            if index + 1 > start { sentences.append(start..<(index + 1)) }
            start = index + 1
        }
        if start < document.count { sentences.append(start..<document.count) }
        return tagger.tag(document: document, title: title, sentences: sentences)
    }
}
