import BriefsDomain
import Foundation

/// Reads the `Config/` folder into memory for the pure modules.
public enum ConfigDirectory {
    /// Every regular file below `directory`, keyed by its path relative to it (`lexicons/countries.json`).
    /// - Throws: `ConfigFileError.missing` when the folder does not exist.
    public static func load(_ directory: URL) throws(ConfigFileError) -> ConfigFiles {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missing(directory.path)
        }
        let root = directory.standardizedFileURL.resolvingSymlinksInPath().path
        var files: [String: Data] = [:]
        guard let walker = manager.enumerator(atPath: root) else { throw .missing(directory.path) }
        while let relative = walker.nextObject() as? String {
            let full = root + "/" + relative
            var isDir: ObjCBool = false
            guard manager.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue else { continue }
            if relative.hasPrefix(".") || relative.contains("/.") { continue }
            guard let data = manager.contents(atPath: full) else {
                throw .invalid(path: relative, line: nil, reason: "unreadable")
            }
            files[relative] = data
        }
        return ConfigFiles(files: files)
    }

    /// The `Config/` folder to use: `NEWSBRIEFS_CONFIG_DIR`, else `Config` in the working directory, else the one
    /// next to the executable's package (for `swift run` from elsewhere).
    public static func defaultLocation(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit = environment["NEWSBRIEFS_CONFIG_DIR"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Config")
    }
}
