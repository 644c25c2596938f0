import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The open `journal.jsonl`: appends lines, fsyncs them, and rolls back bytes that were never acknowledged.
///
/// Not thread-safe by itself: `ArticleStore` touches it only while holding its commit lock, except that the commit
/// leader calls `fsync` on a copied descriptor outside the lock (see `ArticleStore+Commit.swift`).
struct JournalFile {
    let path: String
    let files: FileSystem
    /// The open descriptor (`O_APPEND`), or nil when a rotation left no journal open; the next append reopens it.
    private(set) var descriptor: Int32?
    /// Bytes appended so far, durable or not. The file is exactly this long unless `needsRepair`.
    private(set) var writtenBytes: Int
    /// Bytes covered by a successful `fsync`.
    var durableBytes: Int
    /// Set when a rollback `ftruncate` failed: the file may hold stray bytes past `writtenBytes`, to be cut
    /// before the next append.
    private(set) var needsRepair = false
    /// Whether the directory has been fsynced since the file was opened (it may have just been created, or renamed
    /// in by a rotation). Until then a power cut could lose the file's name along with every line in it, however
    /// often the file itself was fsynced, so the commit leader syncs the directory before acknowledging a line.
    var isDirectoryEntryDurable = false

    /// Opens (creating) the journal at `path` for appending.
    init(path: String, files: FileSystem) throws(StoreError) {
        self.path = path
        self.files = files
        descriptor = nil
        writtenBytes = 0
        durableBytes = 0
        _ = try openDescriptor()
    }

    /// Appends `line` without syncing. On failure the partial line is cut off again (or marked for repair), so
    /// the file never keeps a torn line that later appends would bury in the middle.
    mutating func append(_ line: Data) throws(StoreError) {
        let fd = try openDescriptor()
        try repairIfNeeded()
        do throws(StoreError) {
            try files.writeAll(fd, line, path: path)
            writtenBytes += line.count
        } catch {
            rollBack(to: writtenBytes)
            throw error
        }
    }

    /// Cuts stray bytes left by a failed rollback, so nothing follows the last acknowledged line.
    mutating func repairIfNeeded() throws(StoreError) {
        guard needsRepair, let fd = descriptor else { return }
        try files.truncateFile(fd, toBytes: writtenBytes, path: path)
        needsRepair = false
    }

    /// Cuts the file back to `length` bytes after a failed write or fsync; on failure, repairs before the next append.
    mutating func rollBack(to length: Int) {
        writtenBytes = length
        durableBytes = min(durableBytes, length)
        guard let fd = descriptor else { return }
        do throws(StoreError) {
            try files.truncateFile(fd, toBytes: length, path: path)
            needsRepair = false
        } catch {
            needsRepair = true
        }
    }

    /// Closes the descriptor (the rotation step renames the file first).
    mutating func close() {
        if let fd = descriptor { files.closeFile(fd) }
        descriptor = nil
    }

    /// Closes and reopens the file at `path` (creating it), e.g. after a rotation renamed the old one away.
    mutating func reopen() throws(StoreError) {
        close()
        _ = try openDescriptor()
    }

    /// The open descriptor, opening the file when none is open; a freshly opened file is trusted up to its size.
    private mutating func openDescriptor() throws(StoreError) -> Int32 {
        if let fd = descriptor { return fd }
        let fd = try files.openFile(path, flags: O_WRONLY | O_CREAT | O_APPEND)
        do throws(StoreError) {
            writtenBytes = try files.fileSize(fd, path: path)
        } catch {
            files.closeFile(fd)
            throw error
        }
        durableBytes = writtenBytes
        needsRepair = false
        isDirectoryEntryDurable = false
        descriptor = fd
        return fd
    }
}

/// Reads a journal at start-up: the records in order, and how much of the file is trustworthy.
struct JournalContents {
    var records: [JournalRecord] = []
    /// Bytes up to the end of the last good line; the file is truncated to this when a torn tail was dropped.
    var validBytes = 0
    /// Set when the last line was torn or undecodable and was dropped.
    var droppedTail: String?

    /// Parses `data` read from `path`.
    /// - Throws: `StoreError.corruptJournal` when a line other than the last can't be decoded.
    init(parsing data: Data, path: String) throws(StoreError) {
        let bytes = [UInt8](data)
        var interner = StringInterner()
        var lineStart = 0
        var lineNumber = 0
        // Lines end at "\n"; a final piece without one was cut short by a crash mid-write.
        var lines: [(number: Int, range: Range<Int>, isComplete: Bool)] = []
        while lineStart < bytes.count {
            lineNumber += 1
            let end = bytes[lineStart...].firstIndex(of: 0x0A)
            let lineEnd = end ?? bytes.count
            lines.append((lineNumber, lineStart..<lineEnd, end != nil))
            lineStart = lineEnd + 1
        }
        let lastContentIndex = lines.lastIndex { line in
            bytes[line.range].contains { !Self.isBlank($0) }
        }
        for (index, line) in lines.enumerated() {
            let slice = bytes[line.range]
            if slice.allSatisfy(Self.isBlank) {
                if line.isComplete { validBytes = line.range.upperBound + 1 }
                continue
            }
            let isLast = index == lastContentIndex
            do {
                guard line.isComplete else { throw TornLine() }
                records.append(
                    try bytes.withUnsafeBufferPointer { (buffer) throws(JSONReadError) in
                        try JournalRecord.decode(UnsafeBufferPointer(rebasing: buffer[line.range]), interner: &interner)
                    })
                validBytes = line.range.upperBound + 1
            } catch {
                let reason = line.isComplete ? "undecodable line: \(Self.summary(of: error))" : "line without newline"
                guard isLast else { throw .corruptJournal(path: path, line: line.number, reason: reason) }
                droppedTail = "dropped torn last line \(line.number) of \(path) (\(line.range.count) bytes, \(reason))"
                break  // only blank lines follow; the file is cut at the end of the last good line
            }
        }
    }

    private struct TornLine: Error {}

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }

    /// A short reason for a decoding failure, without echoing the line.
    static func summary(of error: any Error) -> String {
        switch error {
        case let error as JSONReadError: return "\(error.reason) at byte \(error.offset)"
        case DecodingError.dataCorrupted(let context): return "bad JSON at \(path(context))"
        case DecodingError.keyNotFound(let key, let context): return "missing \(key.stringValue) at \(path(context))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(path(context))"
        default: return "bad JSON"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? "top level" : path
    }
}
