import BriefsDomain
import Foundation
import Testing

@testable import BriefsStore

/// When another process may open the directory: while any reference to the store lives (its lock is held), and
/// as soon as the last one is gone (`deinit` closes the lock descriptor). The scale benchmark's `fcntl … errno 11`
/// came from its worker threads holding the last references past the point it spawned its child, not from the store.
@Suite("StoreLockRelease")
struct StoreLockReleaseTests {
    static let python = "/usr/bin/python3"

    /// "busy" or "free": whether another process could take the directory's lock without waiting.
    static func lockSeenFromAnotherProcess(_ directory: TemporaryDirectory) throws -> String {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = [
            "-c",
            "import fcntl, sys\nf = open(sys.argv[1], 'r+')\ntry:\n    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
                + "    print('free')\nexcept OSError:\n    print('busy')",
            directory.file("lock"),
        ]
        let output = Pipe()
        probe.standardOutput = output
        try probe.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        probe.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python)))
    func theLockIsHeldWhileAReferenceLivesAndFreedWithTheLast() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var store: ArticleStore? = try openStore(directory).0
        // A second reference, as a worker thread would keep one.
        var other = store
        _ = try store?.insert(
            Article(id: "a", title: "A", ingestedAt: "2026-01-01T00:00:00Z", body: Body(paragraphs: ["A."]), wordCount: 1))
        #expect(try Self.lockSeenFromAnotherProcess(directory) == "busy")
        store = nil
        #expect(try Self.lockSeenFromAnotherProcess(directory) == "busy")
        #expect(other?.statistics.articleCount == 1)
        other = nil
        #expect(try Self.lockSeenFromAnotherProcess(directory) == "free")
    }
}
