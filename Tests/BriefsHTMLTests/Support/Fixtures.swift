import BriefsDomain
import Foundation

@testable import BriefsHTML

/// Loads the real `Config/` folder (found from this file's path) and builds cleaners over it.
enum Fixtures {
    static let configDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config")

    /// Every file under `Config/`, keyed by relative path.
    static func config() throws -> ConfigFiles {
        var files: [String: Data] = [:]
        let root = configDirectory.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return ConfigFiles() }
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = root + "/" + relative
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: URL(fileURLWithPath: full))
            }
        }
        return ConfigFiles(files: files)
    }

    static func cleaner() throws -> HTMLCleaner {
        let config = try config()
        return try HTMLCleaner(config: config, textCleaner: TextCleaner(config: config))
    }

    /// A whole page around `body`, with `head` inside `<head>`.
    static func page(_ body: String, head: String = "", lang: String? = nil) -> [UInt8] {
        let langAttribute = lang.map { " lang=\"\($0)\"" } ?? ""
        return Array(
            "<!DOCTYPE html><html\(langAttribute)><head><meta charset=\"utf-8\">\(head)</head><body>\(body)</body></html>"
                .utf8)
    }

    /// Sentences long enough to count as prose.
    static let prose = [
        "The city council approved the new budget on Tuesday after a debate that lasted well into the night.",
        "Officials said the plan would fund road repairs, two new libraries and a modest rise in teachers' pay.",
        "Opponents argued that the spending was too high given the slowdown expected in the regional economy.",
        "The mayor, who had promised a balanced budget, said the vote showed that compromise was still possible.",
        "A final reading is scheduled for next month, when residents will also be able to comment in person.",
    ]

    /// `prose` as `<p>` elements.
    static var proseParagraphs: String { prose.map { "<p>\($0)</p>" }.joined() }
}
