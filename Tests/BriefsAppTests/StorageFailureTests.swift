import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The real server on a data directory that really fills up or turns read-only (a small tmpfs, or ext4 on a loop
/// device forced read-only by an error), end to end: writes answer 503 problems, reads keep working, a snapshot fails
/// without harm, writes resume, and a restart finds every acknowledged article and none of the refused ones.
///
/// These tests mount file systems, so they need root with `CAP_SYS_ADMIN`; elsewhere they are skipped.
@Suite(.serialized) struct StorageFailureTests {
    static let plain = [("Content-Type", "text/plain")]

    /// An article whose journal line is well over one 4 KiB page, so a full tmpfs can't take it in the slack of the
    /// journal's last page. Every paragraph names Portugal, the country whose brief the tests read.
    static func largeArticle(_ tag: String) -> [UInt8] {
        var text = "Lisbon approves tram extension \(tag)\n"
        for index in 0..<24 {
            text += "In Lisbon, Portugal, the city council said that stage \(index) of the tram extension \(tag) "
            text += "would add \(index + 3) stops along the river, after engineers and residents reviewed the costs, "
            text += "the routes and the timetables for section \(tag)-\(index) over several months of meetings.\n"
        }
        return Array(text.utf8)
    }

    /// A config file for the server: no periodic snapshots, so only the test decides when one is written.
    static func configFile(in directory: URL) throws -> [String: String] {
        let file = directory.appendingPathComponent("test-config.json")
        try Data(#"{"snapshot_interval_s": 0}"#.utf8).write(to: file)
        return ["NEWSBRIEFS_CONFIG": file.path]
    }

    static func post(_ client: RawClient, _ body: [UInt8]) throws -> RawClient.ReceivedResponse {
        try client.request("POST", "/v1/articles", headers: plain, body: body)
    }

    /// Ids of every stored article (the test stores far fewer than one page).
    static func listedIDs(_ client: RawClient) throws -> Set<String> {
        let response = try client.request("GET", "/v1/articles?limit=100")
        #expect(response.status == 200)
        let items = response.json?["items"] as? [[String: Any]] ?? []
        return Set(items.compactMap { $0["id"] as? String })
    }

    /// A refused write: 503 problem with `Retry-After`, and nothing about the disk's paths or errno in the body.
    static func expectStorageUnavailable(
        _ response: RawClient.ReceivedResponse, volume: ScratchVolume, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == 503, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.header("Content-Type") == "application/problem+json", sourceLocation: sourceLocation)
        #expect(Int(response.header("Retry-After") ?? "") != nil, sourceLocation: sourceLocation)
        #expect(response.json?["type"] as? String == "/problems/storage-unavailable", sourceLocation: sourceLocation)
        #expect(!response.text.contains(volume.mountPoint.path), sourceLocation: sourceLocation)
        #expect(!response.text.contains("errno"), sourceLocation: sourceLocation)
    }

    /// Reads that must keep working whatever the disk does.
    static func expectReadsWork(_ client: RawClient, ids: [String], sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        #expect(try client.request("GET", "/healthz").status == 200, sourceLocation: sourceLocation)
        for id in ids {
            #expect(try client.request("GET", "/v1/articles/\(id)").status == 200, sourceLocation: sourceLocation)
        }
        let brief = try client.request("GET", "/v1/countries/pt")
        #expect(brief.status == 200, sourceLocation: sourceLocation)
        #expect((brief.json?["articles"] as? [Any])?.isEmpty == false, sourceLocation: sourceLocation)
    }

    static func entries(_ volume: ScratchVolume) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: volume.mountPoint.path)) ?? []
    }

    @Test(.enabled(if: ScratchVolume.canMountTmpfs, "mounting a tmpfs needs root with CAP_SYS_ADMIN"))
    func fullDiskRefusesWritesKeepsReadsAndRecovers() throws {
        let volume = try ScratchVolume.tmpfs(size: "2m")
        defer { volume.unmount() }
        let scratch = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let environment = try Self.configFile(in: scratch)
        var servers: [ServerProcess] = []
        defer { for server in servers where server.process.isRunning { server.kill9() } }  // before the unmount

        var acknowledged: [String] = []
        var server = try ServerProcess(dataDirectory: volume.mountPoint, environment: environment)
        servers.append(server)
        var client = try RawClient(port: server.port)

        // Two articles, a snapshot holding the first, the second only in the journal.
        let first = try Self.post(client, Self.largeArticle("A"))
        #expect(first.status == 201)
        acknowledged.append(try #require(first.json?["id"] as? String))
        let journal = volume.mountPoint.appendingPathComponent("journal.jsonl")
        let lineBytes = try #require(try FileManager.default.attributesOfItem(atPath: journal.path)[.size] as? Int)
        #expect(lineBytes > 4096, "the test article must need more than one page of the journal")
        #expect(try client.request("POST", "/v1/admin/snapshot").status == 200)
        let snapshotURL = volume.mountPoint.appendingPathComponent("snapshot.json")
        let snapshotBefore = try Data(contentsOf: snapshotURL)
        let second = try Self.post(client, Self.largeArticle("B"))
        #expect(second.status == 201)
        acknowledged.append(try #require(second.json?["id"] as? String))

        // Fill the disk: writes are refused, reads go on.
        try volume.fill()
        for tag in ["C", "D"] {
            Self.expectStorageUnavailable(try Self.post(client, Self.largeArticle(tag)), volume: volume)
        }
        try Self.expectReadsWork(client, ids: acknowledged)
        #expect(try Self.listedIDs(client) == Set(acknowledged))
        let health = try client.request("GET", "/healthz")
        #expect(health.json?["storage"] as? String == "refusing_writes")

        // A snapshot on the full disk fails cleanly: the previous one intact, no temp file left.
        Self.expectStorageUnavailable(try client.request("POST", "/v1/admin/snapshot"), volume: volume)
        #expect(try Data(contentsOf: snapshotURL) == snapshotBefore)
        #expect(!Self.entries(volume).contains("snapshot.json.tmp"))
        // The journal it rotated away stays, so a restart still replays it.
        #expect(Self.entries(volume).contains { $0.hasPrefix("journal.") && $0 != "journal.jsonl" })

        // Space returns: writes work again.
        try FileManager.default.removeItem(at: volume.mountPoint.appendingPathComponent("filler"))
        let third = try Self.post(client, Self.largeArticle("C"))
        #expect(third.status == 201)
        acknowledged.append(try #require(third.json?["id"] as? String))
        #expect(try client.request("GET", "/healthz").json?["storage"] as? String == "ok")

        // kill -9 and restart: the journals (rotated and current) bring back every acknowledged article, and the
        // refused "D" (never retried) is absent.
        server.kill9()
        server = try ServerProcess(dataDirectory: volume.mountPoint, environment: environment)
        servers.append(server)
        client = try RawClient(port: server.port)
        #expect(try Self.listedIDs(client) == Set(acknowledged))
        try Self.expectReadsWork(client, ids: acknowledged)

        // A snapshot now succeeds and covers the leftover journals; a clean stop and restart keep everything.
        #expect(try client.request("POST", "/v1/admin/snapshot").status == 200)
        #expect(!Self.entries(volume).contains { $0.hasPrefix("journal.") && $0 != "journal.jsonl" })
        let fourth = try Self.post(client, Self.largeArticle("E"))
        #expect(fourth.status == 201)
        acknowledged.append(try #require(fourth.json?["id"] as? String))
        #expect(server.terminate() == 0)
        server = try ServerProcess(dataDirectory: volume.mountPoint, environment: environment)
        servers.append(server)
        client = try RawClient(port: server.port)
        #expect(try Self.listedIDs(client) == Set(acknowledged))
        #expect(server.terminate() == 0)
    }

    /// `mount -o remount,ro` under a running server: Linux refuses it (EBUSY) while any file on the mount is open for
    /// writing, and the server always holds its journal and lock file open. If a kernel does allow it, writes must
    /// answer 503 and resume after `remount,rw`.
    @Test(.enabled(if: ScratchVolume.canMountTmpfs, "mounting a tmpfs needs root with CAP_SYS_ADMIN"))
    func remountReadOnlyUnderTheServer() throws {
        let volume = try ScratchVolume.tmpfs(size: "4m")
        defer { volume.unmount() }
        let scratch = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let server = try ServerProcess(
            dataDirectory: volume.mountPoint, environment: try Self.configFile(in: scratch))
        defer { if server.process.isRunning { server.kill9() } }
        let client = try RawClient(port: server.port)
        let stored = try Self.post(client, Self.largeArticle("A"))
        #expect(stored.status == 201)
        let id = try #require(stored.json?["id"] as? String)

        let remounted = volume.remount("ro")
        if !remounted.succeeded {
            // mount(8) says "mount point is busy" (in the locale's words): the kernel answered EBUSY.
            #expect(!volume.isReadOnly, "\(remounted.output)")
            #expect(try Self.post(client, Self.largeArticle("B")).status == 201)
        } else {
            #expect(volume.isReadOnly)
            Self.expectStorageUnavailable(try Self.post(client, Self.largeArticle("B")), volume: volume)
            try Self.expectReadsWork(client, ids: [id])
            #expect(volume.remount("rw").succeeded)
            #expect(try Self.post(client, Self.largeArticle("B")).status == 201)
        }
        #expect(server.terminate() == 0)
    }

    /// The way a running server really meets a read-only disk: the kernel remounts ext4 read-only after an error
    /// (`errors=remount-ro`), open files or not. Writes answer 503, reads work, the snapshot fails cleanly; after
    /// stopping, `e2fsck` and mounting again, a restart has every acknowledged article and writes resume.
    @Test(.enabled(if: ScratchVolume.canMountExt4, "needs root, loop devices, mkfs.ext4 and ext4's trigger_fs_error"))
    func emergencyReadOnlyRefusesWritesKeepsReadsAndRecovers() throws {
        let volume = try ScratchVolume.ext4(megabytes: 16)
        defer { volume.unmount() }
        let scratch = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let environment = try Self.configFile(in: scratch)
        var servers: [ServerProcess] = []
        defer { for server in servers where server.process.isRunning { server.kill9() } }

        var server = try ServerProcess(dataDirectory: volume.mountPoint, environment: environment)
        servers.append(server)
        var client = try RawClient(port: server.port)
        var acknowledged: [String] = []
        for tag in ["A", "B"] {
            let response = try Self.post(client, Self.largeArticle(tag))
            #expect(response.status == 201)
            acknowledged.append(try #require(response.json?["id"] as? String))
        }
        #expect(try client.request("POST", "/v1/admin/snapshot").status == 200)
        let snapshotURL = volume.mountPoint.appendingPathComponent("snapshot.json")
        let snapshotBefore = try Data(contentsOf: snapshotURL)
        let third = try Self.post(client, Self.largeArticle("C"))
        #expect(third.status == 201)
        acknowledged.append(try #require(third.json?["id"] as? String))

        try volume.forceEmergencyReadOnly()
        #expect(volume.isReadOnly)
        Self.expectStorageUnavailable(try Self.post(client, Self.largeArticle("D")), volume: volume)
        Self.expectStorageUnavailable(
            try client.request("DELETE", "/v1/articles/\(acknowledged[0])"), volume: volume)
        Self.expectStorageUnavailable(try client.request("POST", "/v1/admin/snapshot"), volume: volume)
        try Self.expectReadsWork(client, ids: acknowledged)
        #expect(try Self.listedIDs(client) == Set(acknowledged))
        #expect(try client.request("GET", "/healthz").json?["storage"] as? String == "refusing_writes")
        #expect(try Data(contentsOf: snapshotURL) == snapshotBefore)
        #expect(!Self.entries(volume).contains("snapshot.json.tmp"))

        // The shutdown snapshot fails too; the server still stops cleanly.
        #expect(server.terminate() == 0)
        try volume.repairExt4()
        #expect(!volume.isReadOnly)

        server = try ServerProcess(dataDirectory: volume.mountPoint, environment: environment)
        servers.append(server)
        client = try RawClient(port: server.port)
        #expect(try Self.listedIDs(client) == Set(acknowledged))
        try Self.expectReadsWork(client, ids: acknowledged)
        let fourth = try Self.post(client, Self.largeArticle("D"))
        #expect(fourth.status == 201)
        acknowledged.append(try #require(fourth.json?["id"] as? String))
        #expect(try client.request("DELETE", "/v1/articles/\(acknowledged[0])").status == 204)
        acknowledged.removeFirst()
        server.kill9()

        server = try ServerProcess(dataDirectory: volume.mountPoint, environment: environment)
        servers.append(server)
        client = try RawClient(port: server.port)
        #expect(try Self.listedIDs(client) == Set(acknowledged))
        #expect(server.terminate() == 0)
    }

    /// Starting on a data directory that is read-only already: start-up stops (exit 1) without touching the files;
    /// once the volume is writable again the server starts with everything there.
    @Test(.enabled(if: ScratchVolume.canMountTmpfs, "mounting a tmpfs needs root with CAP_SYS_ADMIN"))
    func startOnReadOnlyDirectoryFailsWithoutHarm() throws {
        let volume = try ScratchVolume.tmpfs(size: "4m")
        defer { volume.unmount() }
        let scratch = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let environment = try Self.configFile(in: scratch)
        let id: String
        do {
            let server = try ServerProcess(dataDirectory: volume.mountPoint, environment: environment)
            defer { if server.process.isRunning { server.kill9() } }
            let stored = try Self.post(try RawClient(port: server.port), Self.largeArticle("A"))
            id = try #require(stored.json?["id"] as? String)
            server.kill9()
        }
        let journalBefore = try Data(contentsOf: volume.mountPoint.appendingPathComponent("journal.jsonl"))
        #expect(volume.remount("ro").succeeded)

        #expect(throws: ServerProcess.ServerProcessError.self) {
            _ = try ServerProcess(dataDirectory: volume.mountPoint, environment: environment)
        }
        #expect(volume.remount("rw").succeeded)
        #expect(try Data(contentsOf: volume.mountPoint.appendingPathComponent("journal.jsonl")) == journalBefore)
        let server = try ServerProcess(dataDirectory: volume.mountPoint, environment: environment)
        defer { if server.process.isRunning { server.kill9() } }
        #expect(try RawClient(port: server.port).request("GET", "/v1/articles/\(id)").status == 200)
        #expect(server.terminate() == 0)
    }
}
