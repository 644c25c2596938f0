import BriefsDomain
import Foundation
import Testing

@testable import BriefsStore

@Suite("ArticleStore journal and snapshot")
struct ArticleStoreDurabilityTests {
    @Test func journalAloneRestoresTheStore() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let a = makeArticle(id: "a", countries: ["UA"])
        do {
            let (store, _) = try openStore(directory)
            _ = try store.insert(a)
            _ = try store.insert(makeArticle(id: "b"))
            _ = try store.insert(makeArticle(id: "c"))
            _ = try store.remove(id: "b")
        }
        let lines = String(decoding: directory.contents("journal.jsonl") ?? Data(), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix(#"{"article":{"#) && lines[0].hasSuffix(#""op":"put"}"#))
        #expect(lines[3] == #"{"id":"b","op":"remove"}"#)
        #expect(lines[4].isEmpty)

        let (store, warnings) = try openStore(directory)
        #expect(warnings.isEmpty)
        #expect(store.article(id: "a") == a)
        #expect(store.article(id: "b") == nil)
        #expect(store.article(id: "c") != nil)
        #expect(store.countryCounts() == ["UA": 1])
        #expect(store.statistics.isDirty)
        #expect(store.statistics.generation == 4)
        #expect(!directory.exists("snapshot.json"))
    }

    @Test func snapshotRoundTrip() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let a = makeArticle(id: "a", countries: ["JP"])
        let b = makeArticle(id: "b", date: "2026-02-01")
        do {
            let (store, _) = try openStore(directory)
            _ = try store.insert(b)
            _ = try store.insert(a)
            let report = try store.writeSnapshot()

            #expect(report.articleCount == 2)
            #expect(report.path == directory.file("snapshot.json"))
            #expect(report.bytes == directory.contents("snapshot.json")?.count)
            #expect(report.durationSeconds >= 0)
            let statistics = store.statistics
            #expect(!statistics.isDirty)
            #expect(statistics.journalBytes == 0)
            #expect(statistics.lastSnapshotAt != nil)
        }
        #expect(directory.names() == ["journal.jsonl", "lock", "snapshot.json"])
        #expect(directory.contents("journal.jsonl")?.isEmpty == true)
        let text = String(decoding: directory.contents("snapshot.json") ?? Data(), as: UTF8.self)
        #expect(text.hasPrefix(#"{"formatVersion":2,"savedAt":"20"#))
        #expect(text.contains("\"articles\":[\n{"))
        #expect(text.hasSuffix("}\n]}\n"))
        #expect(
            text.firstRange(of: #""id":"a""#)?.lowerBound ?? text.endIndex
                < text.firstRange(of: #""id":"b""#)?.lowerBound ?? text.startIndex)
        #expect(try SnapshotFile.verify(path: directory.file("snapshot.json")) == 2)

        let (store, warnings) = try openStore(directory)
        #expect(warnings.isEmpty)
        #expect(store.article(id: "a") == a)
        #expect(store.article(id: "b") == b)
        #expect(!store.statistics.isDirty)
        #expect(store.statistics.lastSnapshotAt != nil)
    }

    @Test func snapshotThenJournalReplay() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let (store, _) = try openStore(directory)
            _ = try store.insert(makeArticle(id: "a"))
            _ = try store.insert(makeArticle(id: "b"))
            _ = try store.writeSnapshot()
            _ = try store.insert(makeArticle(id: "c"))
            _ = try store.remove(id: "a")
        }
        let (store, _) = try openStore(directory)
        #expect(try store.page(limit: 10, cursor: nil, country: nil).items.map(\.id).sorted() == ["b", "c"])
        #expect(store.statistics.isDirty)
        #expect(store.statistics.generation == 2)
    }

    @Test func replayIsIdempotentOverTheSnapshotItCovers() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let (store, _) = try openStore(directory)
            _ = try store.insert(makeArticle(id: "a", title: "old"))
            _ = try store.remove(id: "a")
            _ = try store.insert(makeArticle(id: "a", title: "new"))
            _ = try store.insert(makeArticle(id: "b"))
            _ = try store.remove(id: "b")
        }
        // As after a crash between writing the snapshot and deleting the rotated journal.
        let journal = try #require(directory.contents("journal.jsonl"))
        do {
            let (store, _) = try openStore(directory)
            _ = try store.writeSnapshot()
        }
        try directory.write(journal, to: "journal.7.jsonl")

        let (store, _) = try openStore(directory)
        #expect(store.article(id: "a")?.title == "new")
        #expect(store.article(id: "b") == nil)
        #expect(store.statistics.articleCount == 1)
        _ = try store.writeSnapshot()
        #expect(!directory.exists("journal.7.jsonl"))
    }

    @Test func failedSnapshotKeepsTheRotatedJournalForReplay() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let faults = FaultInjector()
        do {
            let (store, _) = try openStore(directory, faults: faults)
            _ = try store.insert(makeArticle(id: "a"))
            _ = try store.writeSnapshot()
            let firstSnapshot = directory.contents("snapshot.json")
            _ = try store.insert(makeArticle(id: "b"))

            faults.plant(.fail(errno: ENOSPC), on: "fsync", pathSuffix: "snapshot.json.tmp")
            #expect(throws: StoreError.io(call: "fsync", path: directory.file("snapshot.json.tmp"), errno: ENOSPC)) {
                try store.writeSnapshot()
            }
            #expect(directory.contents("snapshot.json") == firstSnapshot)
            #expect(directory.names() == ["journal.2.jsonl", "journal.jsonl", "lock", "snapshot.json"])
            #expect(store.statistics.isDirty)
            _ = try store.insert(makeArticle(id: "c"))
        }
        do {
            let (store, _) = try openStore(directory)
            #expect(store.statistics.articleCount == 3)
            _ = try store.writeSnapshot()
            #expect(directory.names() == ["journal.jsonl", "lock", "snapshot.json"])
        }
        let (store, _) = try openStore(directory)
        #expect(store.statistics.articleCount == 3)
    }

    @Test func tornLastLineIsDroppedAndLaterAppendsStayValid() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let (store, _) = try openStore(directory)
            _ = try store.insert(makeArticle(id: "a"))
            _ = try store.insert(makeArticle(id: "b"))
        }
        let goodBytes = try #require(directory.contents("journal.jsonl")).count
        try directory.append(#"{"article":{"id":"torn","ti"#, to: "journal.jsonl")

        do {
            let (store, warnings) = try openStore(directory)
            #expect(warnings.count == 1)
            #expect(warnings.first?.contains("line 3") == true)
            #expect(store.recoveryWarnings == warnings)
            #expect(store.statistics.articleCount == 2)
            #expect(directory.contents("journal.jsonl")?.count == goodBytes)
            _ = try store.insert(makeArticle(id: "c"))
        }
        let (store, warnings) = try openStore(directory)
        #expect(warnings.isEmpty)
        #expect(store.statistics.articleCount == 3)
        #expect(store.article(id: "c") != nil)
    }

    @Test(arguments: [
        "{\"op\":\"put\",\"article\":{\"id\":\"x\"}}\n",  // whole line, but not an article
        "not json at all\n",
        "\0\0\0\0\0\0",  // a crash can leave zeros past the end
        "{\"op\":\"explode\",\"id\":\"a\"}\n\n  \n",
    ])
    func undecodableLastLineIsDropped(tail: String) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let (store, _) = try openStore(directory)
            _ = try store.insert(makeArticle(id: "a"))
        }
        let goodBytes = try #require(directory.contents("journal.jsonl")).count
        try directory.append(tail, to: "journal.jsonl")

        let (store, warnings) = try openStore(directory)
        #expect(warnings.count == 1)
        #expect(store.article(id: "a") != nil)
        #expect(directory.contents("journal.jsonl")?.count == goodBytes)
    }

    @Test func corruptLineInTheMiddleIsRefused() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let (store, _) = try openStore(directory)
            _ = try store.insert(makeArticle(id: "a"))
            _ = try store.insert(makeArticle(id: "b"))
        }
        var lines = String(decoding: directory.contents("journal.jsonl") ?? Data(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        lines.insert(#"{"op":"put","article":{"id":"#, at: 1)
        let corrupt = Data((lines.joined(separator: "\n") + "\n").utf8)
        try directory.write(corrupt, to: "journal.jsonl")

        do {
            _ = try openStore(directory)
            Issue.record("a journal with a bad middle line was accepted")
        } catch let error as StoreError {
            guard case .corruptJournal(let path, let line, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path == directory.file("journal.jsonl"))
            #expect(line == 2)
        }
        #expect(directory.contents("journal.jsonl") == corrupt)
    }

    @Test(arguments: [
        #"{"formatVersion":1,"savedAt":"2026-03-01T00:00:00Z","articles":[{"id":"#,
        #"{"formatVersion":3,"savedAt":"2026-03-01T00:00:00Z","articles":[]}"#,
        #"{"formatVersion":2,"savedAt":"2026-03-01T00:00:00Z","articles":[\n{"id":"x"}\n]}"#,
        "{\"formatVersion\":2,\"savedAt\":\"2026-03-01T00:00:00Z\",\"articles\":[\n",
        #"{"savedAt":"2026-03-01T00:00:00Z","articles":[]}"#,
        #"{"formatVersion":1,"savedAt":"yesterday","articles":[]}"#,
        #"[]"#,
        "",
    ])
    func corruptSnapshotIsRefusedAndLeftAlone(contents: String) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(at: directory.url, withIntermediateDirectories: true)
        try directory.write(Data(contents.utf8), to: "snapshot.json")
        let path = directory.file("snapshot.json")

        #expect {
            _ = try openStore(directory)
        } throws: { error in
            guard case .corruptSnapshot(let errorPath, _)? = error as? StoreError else { return false }
            return errorPath == path
        }
        #expect(throws: StoreError.self) { try SnapshotFile.verify(path: path) }
        #expect(directory.contents("snapshot.json") == Data(contents.utf8))
    }

    @Test func verifyingAMissingSnapshotNamesTheFile() {
        let path = "/nonexistent-\(UUID().uuidString)/snapshot.json"
        #expect(throws: StoreError.io(call: "open", path: path, errno: ENOENT)) {
            try SnapshotFile.verify(path: path)
        }
    }

    @Test func openCreatesMissingDirectoriesAndClearsAStaleTempSnapshot() throws {
        let parent = TemporaryDirectory()
        defer { parent.remove() }
        let nested = parent.url.appendingPathComponent("a/b/data")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try Data("half a snap".utf8).write(to: nested.appendingPathComponent("snapshot.json.tmp"))

        let store = try ArticleStore.open(directory: nested)
        #expect(store.statistics.articleCount == 0)
        #expect(!FileManager.default.fileExists(atPath: nested.appendingPathComponent("snapshot.json.tmp").path))

        let fresh = parent.url.appendingPathComponent("x/y")
        _ = try ArticleStore.open(directory: fresh)
        #expect(FileManager.default.fileExists(atPath: fresh.appendingPathComponent("journal.jsonl").path))
    }
}

@Suite("ArticleStore directory lock")
struct ArticleStoreLockTests {
    /// Python's `fcntl.lockf` takes the same kind of POSIX lock, from another process.
    static let python = "/usr/bin/python3"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python)))
    func anotherProcessHoldingTheDirectoryKeepsTheStoreOut() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        _ = try openStore(directory)  // creates the directory and the lock file, then releases them

        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: Self.python)
        holder.arguments = [
            "-c",
            "import fcntl, sys; f = open(sys.argv[1], 'r+'); fcntl.lockf(f, fcntl.LOCK_EX);"
                + " print('locked', flush=True); sys.stdin.read()",
            directory.file("lock"),
        ]
        let output = Pipe()
        let input = Pipe()
        holder.standardOutput = output
        holder.standardInput = input
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        // Blocks until the holder prints (or exits, giving EOF).
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        try #require(line.hasPrefix("locked"))

        #expect {
            _ = try openStore(directory)
        } throws: { error in
            (error as? StoreError)?.isDirectoryInUse == true
        }

        try input.fileHandleForWriting.close()
        holder.waitUntilExit()
        let (store, _) = try openStore(directory)
        #expect(store.statistics.articleCount == 0)
    }
}
