import BriefsDomain
import Foundation
import Synchronization
import Testing

@testable import BriefsStore

#if canImport(Glibc)
    import Glibc
#endif

// Linux only: there the test bundle is an executable that can be run again as the writer.
#if os(Linux)

    /// Kills a writing process with SIGKILL and checks that every write it acknowledged is there after a restart.
    ///
    /// The writer is this same test bundle, run again with `BRIEFS_STORE_CRASH_DIR` set, which enables
    /// `ArticleStoreCrashWriter` (it never runs otherwise). It prints `ack <id>` after each insert returns and snapshots
    /// now and then, so the kill lands in appends, fsyncs and rotations alike.
    @Suite("ArticleStore crash recovery")
    struct ArticleStoreCrashTests {
        static let bundle = CommandLine.arguments.first ?? ""

        @Test(
            .enabled(
                if: bundle.hasSuffix(".xctest") && ProcessInfo.processInfo.environment["BRIEFS_STORE_CRASH_DIR"] == nil)
        )
        func acknowledgedWritesSurviveSIGKILL() throws {
            let directory = TemporaryDirectory()
            defer { directory.remove() }
            var acknowledged: [String] = []
            for round in 0..<3 {
                let acks = try runWriterAndKill(directory: directory, round: round, afterAcks: 150)
                #expect(acks.count >= 150)
                acknowledged += acks

                let (store, _) = try openStore(directory)
                let missing = acknowledged.filter { store.article(id: $0) == nil }
                #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged articles lost")
            }
            let (store, _) = try openStore(directory)
            _ = try store.insert(makeArticle(id: "after-crashes"))
            _ = try store.writeSnapshot()
        }

        /// Starts the writer on `directory`, reads acknowledgements until `afterAcks`, SIGKILLs it, and returns every id
        /// it acknowledged.
        private func runWriterAndKill(directory: TemporaryDirectory, round: Int, afterAcks: Int) throws -> [String] {
            let writer = Process()
            writer.executableURL = URL(fileURLWithPath: Self.bundle)
            writer.arguments = ["--testing-library", "swift-testing", "--filter", "ArticleStoreCrashWriter"]
            var environment = ProcessInfo.processInfo.environment
            environment["BRIEFS_STORE_CRASH_DIR"] = directory.path
            environment["BRIEFS_STORE_CRASH_ROUND"] = String(round)
            writer.environment = environment
            let output = Pipe()
            writer.standardOutput = output
            writer.standardError = FileHandle.nullDevice
            try writer.run()
            let pid = writer.processIdentifier
            // A watchdog, so a stuck writer can't hang the suite.
            DispatchQueue.global().asyncAfter(deadline: .now() + 60) { kill(pid, SIGKILL) }

            var text = ""
            var acks: [String] = []
            while acks.count < afterAcks {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }  // the writer exited
                text += String(decoding: chunk, as: UTF8.self)
                acks = Self.acknowledgedIDs(in: text)
            }
            kill(pid, SIGKILL)
            writer.waitUntilExit()
            // Lines already in the pipe were acknowledged before the kill too.
            text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return Self.acknowledgedIDs(in: text)
        }

        private static func acknowledgedIDs(in text: String) -> [String] {
            text.split(separator: "\n").compactMap { line in
                line.hasPrefix("ack ") ? String(line.dropFirst(4)) : nil
            }
        }
    }

    /// The writer half of `ArticleStoreCrashTests`; enabled only in the child process.
    @Suite(
        "ArticleStoreCrashWriter",
        .enabled(if: ProcessInfo.processInfo.environment["BRIEFS_STORE_CRASH_DIR"] != nil))
    struct ArticleStoreCrashWriter {
        @Test func writeUntilKilled() throws {
            let environment = ProcessInfo.processInfo.environment
            let path = try #require(environment["BRIEFS_STORE_CRASH_DIR"])
            let round = environment["BRIEFS_STORE_CRASH_ROUND"] ?? "0"
            let store = try ArticleStore.open(directory: URL(fileURLWithPath: path))
            let printing = Mutex(())
            let deadline = Date().addingTimeInterval(50)
            DispatchQueue.concurrentPerform(iterations: 4) { thread in
                var index = 0
                while Date() < deadline {
                    let id = "r\(round)-t\(thread)-\(index)"
                    index += 1
                    guard (try? store.insert(makeArticle(id: id, countries: ["SE"]))) != nil else { continue }
                    printing.withLock { _ in FileHandle.standardOutput.write(Data("ack \(id)\n".utf8)) }
                    if index % 40 == 0 { _ = try? store.writeSnapshot() }
                }
            }
        }
    }
#endif
