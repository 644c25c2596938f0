import Foundation

/// The contents of the `Config/` folder, read by an I/O layer and handed to the pure modules.
///
/// Keys are paths relative to `Config/` with `/` separators (`"lexicons/countries.json"`).
/// Pure code never opens files: it asks this value for bytes.
public struct ConfigFiles: Sendable {
    public var files: [String: Data]

    public init(files: [String: Data] = [:]) {
        self.files = files
    }

    /// The bytes of `path`, or `ConfigFileError.missing(path)`.
    public func data(_ path: String) throws(ConfigFileError) -> Data {
        guard let data = files[path] else { throw .missing(path) }
        return data
    }

    /// The text of `path` decoded as UTF-8.
    public func text(_ path: String) throws(ConfigFileError) -> String {
        String(decoding: try data(path), as: UTF8.self)
    }

    /// The non-empty, non-comment lines of a list file: `#` starts a comment, surrounding blanks are trimmed.
    /// Each entry comes with its 1-based line number so that validation errors can name `file:line`.
    public func listEntries(_ path: String) throws(ConfigFileError) -> [(line: Int, entry: String)] {
        var entries: [(Int, String)] = []
        for (index, raw) in try text(path).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { entries.append((index + 1, trimmed)) }
        }
        return entries
    }

    /// Decodes a JSON file into `T`, naming the file in the error.
    public func decode<T: Decodable>(_ type: T.Type, from path: String) throws(ConfigFileError) -> T {
        let bytes = try data(path)
        do {
            return try JSONDecoder().decode(T.self, from: bytes)
        } catch {
            throw .invalid(path: path, line: nil, reason: String(describing: error))
        }
    }
}

/// A problem with a file under `Config/`.
public enum ConfigFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case missing(String)
    case invalid(path: String, line: Int?, reason: String)

    public var description: String {
        switch self {
        case .missing(let path): return "Config/\(path): missing"
        case .invalid(let path, let line, let reason):
            if let line { return "Config/\(path):\(line): \(reason)" }
            return "Config/\(path): \(reason)"
        }
    }
}
