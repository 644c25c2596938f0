import BriefsDomain
import Foundation

/// The versioned contents of `snapshot.json`: `{"articles":[…],"formatVersion":1,"savedAt":"2026-…Z"}`.
///
/// Written with sorted keys and ISO-8601 dates; articles are sorted by id so equal states give equal files.
struct Snapshot: Codable, Sendable {
    /// The only version this build reads and writes.
    static let currentFormatVersion = 1

    var formatVersion: Int
    var savedAt: Date
    var articles: [Article]

    init(savedAt: Date, articles: [Article]) {
        self.formatVersion = Self.currentFormatVersion
        self.savedAt = savedAt
        self.articles = articles.sorted { $0.id < $1.id }
    }

    /// Just the version, checked before the rest is decoded so a newer format gets a clear reason.
    private struct Header: Decodable {
        var formatVersion: Int
    }

    /// The snapshot as file bytes.
    /// - Throws: `StoreError.io(call: "encode", …)` when an article can't be encoded.
    func encoded(path: String) throws(StoreError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return try encoder.encode(self)
        } catch {
            throw .io(call: "encode", path: path, errno: EINVAL)
        }
    }

    /// Decodes and checks snapshot bytes read from `path`.
    /// - Throws: `StoreError.corruptSnapshot` for bad JSON, a missing field or an unknown `formatVersion`.
    static func decode(_ data: Data, path: String) throws(StoreError) -> Snapshot {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            throw .corruptSnapshot(path: path, reason: JournalContents.summary(of: error))
        }
        guard header.formatVersion == currentFormatVersion else {
            throw .corruptSnapshot(
                path: path,
                reason: "formatVersion \(header.formatVersion) is not \(currentFormatVersion)")
        }
        let snapshot: Snapshot
        do {
            snapshot = try decoder.decode(Snapshot.self, from: data)
        } catch {
            throw .corruptSnapshot(path: path, reason: JournalContents.summary(of: error))
        }
        var seen = Set<String>()
        for article in snapshot.articles where !seen.insert(article.id).inserted {
            throw .corruptSnapshot(path: path, reason: "duplicate article id \(article.id)")
        }
        return snapshot
    }
}

/// Reads and checks a snapshot file without opening a store (`newsbriefs snapshot verify`).
public enum SnapshotFile {
    /// The number of articles in the snapshot at `path`.
    /// - Throws: `StoreError.corruptSnapshot` or `StoreError.io` (`ENOENT` when the file is missing).
    public static func verify(path: String) throws(StoreError) -> Int {
        guard let data = try FileSystem().contents(of: path) else {
            throw .io(call: "open", path: path, errno: ENOENT)
        }
        return try Snapshot.decode(data, path: path).articles.count
    }
}
