import Foundation

/// The real `newsbriefs serve` in a child process on port 0, for restart and `kill -9` tests.
final class ServerProcess {
    let process = Process()
    let port: Int
    private let output = Pipe()
    /// The server's stderr (its log), kept for diagnosing a server that does not stop.
    let logFile: URL

    /// Starts `newsbriefs serve --port 0 --data-dir DIR` and waits (up to 60 s: a debug build compiles its lexicons at start-up) for its `listening on` line.
    init(dataDirectory: URL, environment extra: [String: String] = [:]) throws {
        process.executableURL = TestEnvironment.executable
        process.arguments = [
            "serve", "--port", "0", "--data-dir", dataDirectory.path,
            "--config-dir", TestEnvironment.configDirectory.path,
        ]
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardOutput = output
        logFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("newsbriefs-serverprocess-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        let handle = output.fileHandleForReading
        var collected = ""
        let deadline = Date().addingTimeInterval(60)
        var found: Int?
        while found == nil && Date() < deadline && process.isRunning {
            let data = handle.availableData
            if data.isEmpty { break }
            collected += String(decoding: data, as: UTF8.self)
            if let line = collected.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://") }),
                let portText = line.split(separator: ":").last, let value = Int(portText)
            {
                found = value
            }
        }
        guard let found else {
            process.terminate()
            throw ServerProcessError.didNotStart(collected)
        }
        port = found
    }

    enum ServerProcessError: Error {
        case didNotStart(String)
    }

    /// SIGKILL: no chance to snapshot or flush anything.
    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM and wait (bounded) for a clean exit; returns the exit status.
    func terminate(timeoutSeconds: Double = 15) -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            Self.printDiagnostics(pid: process.processIdentifier, logFile: logFile)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -1
        }
        try? FileManager.default.removeItem(at: logFile)
        return process.terminationStatus
    }

    /// A server that did not stop: print the end of its log and every thread's stack (gdb, when installed).
    private static func printDiagnostics(pid: Int32, logFile: URL) {
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        print("ServerProcess \(pid) did not stop; last log lines:\n" + log.split(separator: "\n").suffix(30).joined(separator: "\n"))
        let gdbPath = "/usr/bin/gdb"
        guard FileManager.default.isExecutableFile(atPath: gdbPath) else { return }
        let gdb = Process()
        gdb.executableURL = URL(fileURLWithPath: gdbPath)
        gdb.arguments = ["-p", "\(pid)", "-batch", "-nx", "-ex", "thread apply all bt 25"]
        let pipe = Pipe()
        gdb.standardOutput = pipe
        gdb.standardError = pipe
        do { try gdb.run() } catch { return }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        gdb.waitUntilExit()
        print("threads of \(pid):\n" + String(decoding: data, as: UTF8.self))
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: logFile)
    }
}
