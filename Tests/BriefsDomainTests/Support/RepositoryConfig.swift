import BriefsDomain
import Foundation

/// The package's own `Config/` folder, found from this file's path and read once for every domain test
/// (tests never read `../shared`).
enum RepositoryConfig {
    /// The folder holding `Package.swift`.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.pathComponents.count > 1 {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return url
    }()

    /// Every file under `Config/`, keyed by its path relative to it.
    static let files: ConfigFiles = {
        let root = packageRoot.appendingPathComponent("Config")
        var files: [String: Data] = [:]
        let manager = FileManager.default
        guard let walker = manager.enumerator(atPath: root.path) else { return ConfigFiles() }
        while let relative = walker.nextObject() as? String {
            let full = root.appendingPathComponent(relative).path
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                !relative.hasPrefix("."), let data = manager.contents(atPath: full)
            else { continue }
            files[relative] = data
        }
        return ConfigFiles(files: files)
    }()
}
