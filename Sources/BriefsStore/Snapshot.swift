import BriefsDomain
import Dispatch
import Foundation
import Synchronization

/// The versioned contents of `snapshot.json`.
///
/// Format 2 (written by this build), one article per line so that loading can parse lines on several cores:
///
///     {"formatVersion":2,"savedAt":"2026-…Z","articles":[
///     {…article…},
///     {…article…}
///     ]}
///
/// Articles are sorted by id (equal states give equal files) and written in `ArticleJSON` format 2. Format 1 (what
/// `JSONEncoder` wrote: `{"articles":[…],"formatVersion":1,"savedAt":"…"}` on one line) is still read.
struct Snapshot: Sendable {
    /// The version this build writes.
    static let currentFormatVersion = 2
    /// The versions this build reads.
    static let readableFormatVersions: ClosedRange<Int> = 1...2

    var formatVersion: Int
    var savedAt: Date
    var articles: [Article]

    init(savedAt: Date, articles: [Article], formatVersion: Int = Self.currentFormatVersion) {
        self.formatVersion = formatVersion
        self.savedAt = savedAt
        self.articles = articles
    }

    /// The first line of a format-2 file, up to and including its newline.
    static func header(savedAt: Date) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"formatVersion\":2,\"savedAt\":")
        writer.string(ISO8601DateFormatter().string(from: savedAt))
        writer.raw(",\"articles\":[\n")
        return writer.bytes
    }

    static let trailer: [UInt8] = Array("]}\n".utf8)

    /// Encodes `articles` (already in file order) as consecutive lines of a format-2 file, on up to `threads` threads.
    /// - Parameter isLastBatch: whether the last article of `articles` is the file's last (no comma after it).
    /// - Returns: one buffer per thread, to be written in order.
    /// - Throws: `StoreError.io(call: "encode", …)` when an article can't be encoded.
    static func encodeLines(
        _ articles: ArraySlice<Article>, isLastBatch: Bool, threads: Int, path: String
    ) throws(StoreError) -> [[UInt8]] {
        let parts = max(1, min(threads, articles.count))
        let results = ResultSlots<[UInt8]>(count: parts)
        let lower = articles.startIndex
        let count = articles.count
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let from = lower + count * part / parts
            let to = lower + count * (part + 1) / parts
            var writer = JSONWriter(capacity: (to - from) * 12 * 1024)
            do throws(JSONValueError) {
                for index in from..<to {
                    try ArticleJSON.write(articles[index], to: &writer)
                    if index < lower + count - 1 || !isLastBatch { writer.byte(0x2C) }
                    writer.byte(0x0A)
                }
                results.set(part, .success(writer.bytes))
            } catch {
                results.set(part, .failure(.io(call: "encode", path: path, errno: EINVAL)))
            }
        }
        var buffers: [[UInt8]] = []
        for part in 0..<parts { buffers.append(try results.get(part).get()) }
        return buffers
    }

    /// Decodes and checks snapshot bytes read from `path` (format 1 or 2).
    /// - Throws: `StoreError.corruptSnapshot` for bad JSON, a missing field or an unknown `formatVersion`.
    static func decode(_ data: Data, path: String, threads: Int = ProcessInfo.processInfo.activeProcessorCount)
        throws(StoreError) -> Snapshot
    {
        // Parsed in place: no copy of a file that may be a gigabyte.
        let result = data.withUnsafeBytes { raw -> Result<Snapshot, StoreError> in
            let buffer = raw.bindMemory(to: UInt8.self)
            do throws(StoreError) {
                if let lines = try decodeLines(buffer, path: path, threads: threads) { return .success(lines) }
                return .success(try decodeWhole(buffer, path: path))
            } catch {
                return .failure(error)
            }
        }
        let snapshot = try result.get()
        var seen = Set<String>(minimumCapacity: snapshot.articles.count)
        for article in snapshot.articles where !seen.insert(article.id).inserted {
            throw .corruptSnapshot(path: path, reason: "duplicate article id \(article.id)")
        }
        return snapshot
    }

    private static func corrupt(_ error: JSONReadError, _ path: String) -> StoreError {
        .corruptSnapshot(path: path, reason: "\(error.reason) at byte \(error.offset)")
    }

    private static func date(_ text: String, _ path: String) throws(StoreError) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else {
            throw .corruptSnapshot(path: path, reason: "savedAt is not an ISO 8601 date")
        }
        return date
    }

    /// Any layout, any key order, read sequentially (format 1 files, or format 2 reformatted by hand).
    private static func decodeWhole(_ buffer: UnsafeBufferPointer<UInt8>, path: String) throws(StoreError) -> Snapshot {
        var reader = JSONReader(buffer)
        var interner = StringInterner()
        var version: Int?
        var savedAt: String?
        var articles: [Article] = []
        do throws(JSONReadError) {
            guard reader.peek() == 0x7B else { throw reader.error("not a JSON object") }
            try reader.readObject { (reader, key) throws(JSONReadError) in
                switch key {
                case "formatVersion":
                    let value = try reader.readInt()
                    guard readableFormatVersions.contains(value) else {
                        throw JSONReadError(reason: "formatVersion \(value) is not 1 or 2", offset: reader.index)
                    }
                    version = value
                case "savedAt": savedAt = try reader.readString()
                case "articles":
                    try reader.readArray { (reader) throws(JSONReadError) in
                        articles.append(try ArticleJSON.read(&reader, interner: &interner))
                    }
                default: try reader.skipValue()
                }
            }
            guard reader.isAtEnd() else { throw reader.error("text after the snapshot") }
        } catch {
            if error.reason.hasPrefix("formatVersion") { throw .corruptSnapshot(path: path, reason: error.reason) }
            throw corrupt(error, path)
        }
        guard let version else { throw .corruptSnapshot(path: path, reason: "missing formatVersion") }
        guard let savedAt else { throw .corruptSnapshot(path: path, reason: "missing savedAt") }
        return Snapshot(savedAt: try date(savedAt, path), articles: articles, formatVersion: version)
    }

    /// The format-2 layout, parsed line by line on `threads` threads; nil when the file doesn't start like one.
    private static func decodeLines(_ buffer: UnsafeBufferPointer<UInt8>, path: String, threads: Int)
        throws(StoreError) -> Snapshot?
    {
        let prefix = Array("{\"formatVersion\":2,\"savedAt\":".utf8)
        guard buffer.count > prefix.count, buffer.starts(with: prefix) else { return nil }
        var reader = JSONReader(buffer, start: prefix.count)
        let savedAtText: String
        do throws(JSONReadError) {
            savedAtText = try reader.readString()
            try reader.expect(0x2C)
            guard try reader.readString() == "articles" else { return nil }
            try reader.expect(0x3A)
            try reader.expect(0x5B)
        } catch {
            return nil
        }
        let savedAt = try date(savedAtText, path)
        let bodyStart = reader.index
        // The closing `]}` ends the file, after the last line.
        var closing = buffer.count
        while closing > bodyStart, [0x20, 0x0A, 0x0D, 0x09].contains(buffer[closing - 1]) { closing -= 1 }
        guard closing - bodyStart >= 2, buffer[closing - 1] == 0x7D, buffer[closing - 2] == 0x5D else {
            throw .corruptSnapshot(path: path, reason: "the snapshot does not end with ]}")
        }
        let articlesEnd = closing - 2

        // Chunks cut at line ends, parsed concurrently; each line is an article followed by a comma (the last none).
        let parts = max(1, threads * 4)
        var cuts = [bodyStart]
        for part in 1..<parts {
            var cut = max(cuts[cuts.count - 1], bodyStart + (articlesEnd - bodyStart) * part / parts)
            while cut < articlesEnd && buffer[cut] != 0x0A { cut += 1 }
            cuts.append(min(cut, articlesEnd))
        }
        cuts.append(articlesEnd)
        let bounds = cuts
        let shared = SharedBytes(buffer: buffer)
        let results = ResultSlots<[Article]>(count: parts)
        let next = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { _ in
            var interner = StringInterner()
            while true {
                let part = next.withLock { value -> Int in
                    value += 1
                    return value - 1
                }
                guard part < parts else { return }
                var reader = JSONReader(shared.buffer, start: bounds[part], end: bounds[part + 1])
                var articles: [Article] = []
                do throws(JSONReadError) {
                    while !reader.isAtEnd() {
                        articles.append(try ArticleJSON.read(&reader, interner: &interner))
                        if reader.peek() == 0x2C { try reader.expect(0x2C) }
                    }
                    results.set(part, .success(articles))
                } catch {
                    results.set(part, .failure(corrupt(error, path)))
                }
            }
        }
        var articles: [Article] = []
        for part in 0..<parts { articles.append(contentsOf: try results.get(part).get()) }
        return Snapshot(savedAt: savedAt, articles: articles, formatVersion: 2)
    }
}

/// Bytes read by several threads at once. `@unchecked Sendable`: nobody writes them, and the array that owns them
/// outlives the `concurrentPerform` that reads them.
struct SharedBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
}

/// One result slot per concurrent part. `@unchecked Sendable`: each slot is written by exactly one part, under
/// `lock`, and read only after `concurrentPerform` returned.
final class ResultSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<Value, StoreError>?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: Result<Value, StoreError>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func get(_ index: Int) -> Result<Value, StoreError> {
        lock.lock()
        defer { lock.unlock() }
        return slots[index] ?? .failure(.io(call: "snapshot", path: "", errno: EINVAL))
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
