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

    /// A fixture's text: `Fixtures/cleaning/<name>`.
    static func fixture(_ name: String) -> String {
        let url = packageRoot.appendingPathComponent("Tests/BriefsDomainTests/Fixtures/cleaning").appendingPathComponent(name)
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }
}
