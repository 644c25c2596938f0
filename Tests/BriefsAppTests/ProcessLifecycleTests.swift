import Foundation
import Testing

/// The real executable: restarts, SIGTERM snapshots, `kill -9` right after an acknowledged write.
@Suite(.serialized) struct ProcessLifecycleTests {
    let plain = [("Content-Type", "text/plain")]

    @Test func killNineRightAfterAcknowledgedPostKeepsIt() throws {
        let data = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        var ids: [String] = []
        do {
            let server = try ServerProcess(dataDirectory: data)
            let client = try RawClient(port: server.port)
            for index in 0..<3 {
                let text = TestEnvironment.sampleText + "\nA closing paragraph that makes article \(index) unique in this test."
                let response = try client.request("POST", "/v1/articles", headers: plain, body: Array(text.utf8))
                #expect(response.status == 201)
                ids.append(try #require(response.json?["id"] as? String))
            }
            let deleted = try client.request("DELETE", "/v1/articles/\(ids[0])")
            #expect(deleted.status == 204)
            server.kill9()
        }
        let restarted = try ServerProcess(dataDirectory: data)
        let client = try RawClient(port: restarted.port)
        #expect(try client.request("GET", "/v1/articles/\(ids[0])").status == 404)
        for id in ids.dropFirst() {
            #expect(try client.request("GET", "/v1/articles/\(id)").status == 200)
        }
        #expect(restarted.terminate() == 0)
    }

    @Test func sigtermWritesSnapshotAndRestartKeepsArticles() throws {
        let data = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let id: String
        do {
            let server = try ServerProcess(dataDirectory: data)
            let client = try RawClient(port: server.port)
            let response = try client.request(
                "POST", "/v1/articles", headers: plain, body: Array(TestEnvironment.sampleText.utf8))
            id = try #require(response.json?["id"] as? String)
            #expect(server.terminate() == 0)
        }
        #expect(FileManager.default.fileExists(atPath: data.appendingPathComponent("snapshot.json").path))
        let restarted = try ServerProcess(dataDirectory: data)
        let client = try RawClient(port: restarted.port)
        let fetched = try client.request("GET", "/v1/articles/\(id)")
        #expect(fetched.status == 200)
        #expect(restarted.terminate() == 0)
    }

    /// A supervisor may send SIGTERM as soon as it has read `listening on`. With Dispatch signal sources and
    /// `SIG_IGN`, a signal that early was discarded and the server never stopped (about half the time when sent at
    /// once); the signals are now blocked from the start and taken with `sigwait`.
    @Test func sigtermRightAfterListeningStopsTheServer() throws {
        let data = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        for _ in 0..<8 {
            let server = try ServerProcess(dataDirectory: data)
            #expect(server.terminate() == 0)
        }
    }

    @Test func configErrorExitsTwoWithOneLine() throws {
        let process = Process()
        process.executableURL = TestEnvironment.executable
        process.arguments = ["serve", "--port", "99999", "--config-dir", TestEnvironment.configDirectory.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("port"))
        #expect(message.split(separator: "\n").count == 1)
    }

    @Test func corruptSnapshotStopsStartupAndIsKept() throws {
        let data = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let snapshot = data.appendingPathComponent("snapshot.json")
        try Data("{\"formatVersion\": 1, \"articles\": [".utf8).write(to: snapshot)
        let process = Process()
        process.executableURL = TestEnvironment.executable
        process.arguments = [
            "serve", "--port", "0", "--data-dir", data.path, "--config-dir", TestEnvironment.configDirectory.path,
        ]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(try Data(contentsOf: snapshot) == Data("{\"formatVersion\": 1, \"articles\": [".utf8))
    }
}
