import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure of the TLS test helpers, with what they were doing.
struct TLSTestError: Error, CustomStringConvertible {
    var description: String
}

/// What an external command did.
struct CommandResult: Sendable {
    var status: Int32
    var output: String
    var errorOutput: String
    var timedOut: Bool

    var combined: String { output + "\n" + errorOutput }
}

/// The `openssl` and `curl` commands and a way to run any command with a deadline (a copy of the server tests'
/// helper: test targets cannot share code).
enum TLSTools {
    static let openssl = executable(named: "openssl")
    static let curl = executable(named: "curl")
    static var isAvailable: Bool { openssl != nil && curl != nil }
    static let skipMessage: Comment = "needs the openssl and curl commands (apt-get install openssl curl)"

    static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    /// Runs `executable` with `arguments` and stdin empty, killing it after `timeout`.
    static func run(
        _ executable: String, _ arguments: [String], environment extra: [String: String] = [:],
        timeout: Duration = .seconds(30)
    ) throws -> CommandResult {
        let output = try CapturedFile()
        let errors = try CapturedFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output.handle
        process.standardError = errors.handle
        let started = ContinuousClock.now
        try process.run()
        var timedOut = false
        while process.isRunning {
            if ContinuousClock.now - started > timeout {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, output: output.text(), errorOutput: errors.text(), timedOut: timedOut)
    }

    static func curl(_ arguments: [String], certificate: String, maxSeconds: Int = 10) throws -> CommandResult {
        guard let curl else { throw TLSTestError(description: "curl is missing") }
        return try run(
            curl, ["-sS", "--max-time", "\(maxSeconds)", "--cacert", certificate] + arguments,
            timeout: .seconds(maxSeconds + 5))
    }
}

/// A temporary file a child process writes to (a pipe could fill up and stall it), read back as text.
final class CapturedFile {
    let url: URL
    let handle: FileHandle

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tls-app-test-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw TLSTestError(description: "cannot create \(url.path)")
        }
        handle = try FileHandle(forWritingTo: url)
    }

    func text() -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }
}

/// A temporary directory with a self-signed certificate for 127.0.0.1 made by the `openssl` command.
struct TLSCertificateFixture {
    let directory: URL
    var certificate: String { path("cert.pem") }
    var key: String { path("key.pem") }

    init() throws {
        directory = try TestEnvironment.temporaryDirectory()
        try Self.makeCertificate(certificate: certificate, key: key)
    }

    static func makeCertificate(certificate: String, key: String) throws {
        guard let openssl = TLSTools.openssl else { throw TLSTestError(description: "openssl is missing") }
        let result = try TLSTools.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2", "-keyout", key, "-out", certificate,
            ], timeout: .seconds(60))
        guard result.status == 0 else { throw TLSTestError(description: "openssl req: \(result.errorOutput)") }
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// An empty OpenSSL configuration: with it, only the server's own TLS policy applies (not the system's).
    var emptyOpenSSLConfig: String {
        let file = path("empty-openssl.cnf")
        if !FileManager.default.fileExists(atPath: file) {
            _ = FileManager.default.createFile(atPath: file, contents: Data())
        }
        return file
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// `newsbriefs serve --port 0` as a child process with its stdout and stderr captured, for HTTPS and start-up
/// error tests.
final class ServeProcess {
    let process = Process()
    private let output: CapturedFile
    private let errors: CapturedFile

    /// Starts the server with `arguments` after `serve --port 0 --config-dir Config` and `environment` added.
    init(arguments: [String], environment extra: [String: String]) throws {
        output = try CapturedFile()
        errors = try CapturedFile()
        process.executableURL = TestEnvironment.executable
        process.arguments = ["serve", "--port", "0", "--config-dir", TestEnvironment.configDirectory.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output.handle
        process.standardError = errors.handle
        try process.run()
    }

    var standardOutput: String { output.text() }
    var standardError: String { errors.text() }

    /// Waits (up to 60 s: a debug build compiles its lexicons at start-up) for the `listening on` line.
    /// - Returns: the URL printed, or nil when the process exited first or the deadline passed.
    func waitForListening() -> String? {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let line = standardOutput.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                return String(line.dropFirst("listening on ".count))
            }
            if !process.isRunning { return nil }
            usleep(20_000)
        }
        return nil
    }

    /// Waits (bounded) for the process to exit by itself; nil when it is still running after `timeout`.
    func waitForExit(timeout: Duration = .seconds(60)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGTERM and a bounded wait; SIGKILL if it does not stop. Returns the exit status (-1 when killed).
    func terminate() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        if let status = waitForExit(timeout: .seconds(20)) { return status }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return -1
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
