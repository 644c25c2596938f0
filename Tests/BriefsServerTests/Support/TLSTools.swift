import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What an external command did.
struct CommandResult: Sendable {
    var status: Int32
    var output: String
    var errorOutput: String
    /// The command was killed at its deadline.
    var timedOut: Bool
    var elapsed: Duration

    /// Both streams, for messages and searches.
    var combined: String { output + "\n" + errorOutput }
}

/// The `openssl` and `curl` commands the TLS tests drive, and a temporary self-signed certificate.
///
/// Tests that need them are `.enabled(if: TLSTools.isAvailable, …)`, so a machine without the commands skips them
/// with that message rather than failing.
enum TLSTools {
    static let openssl = executable(named: "openssl")
    static let curl = executable(named: "curl")
    static var isAvailable: Bool { openssl != nil && curl != nil }
    static let skipMessage: Comment = "needs the openssl and curl commands (apt-get install openssl curl)"

    /// The first executable `name` on `PATH`.
    static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments` and `input` on stdin (empty by default), killing it after `timeout`.
    static func run(
        _ executable: String, _ arguments: [String], environment extra: [String: String] = [:],
        input: Data? = nil, timeout: Duration = .seconds(20)
    ) throws -> CommandResult {
        let directory = FileManager.default.temporaryDirectory
        let outputURL = directory.appendingPathComponent("tls-test-out-\(UUID().uuidString)")
        let errorURL = directory.appendingPathComponent("tls-test-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        let outputHandle = try FileHandle(forWritingTo: outputURL)
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let inputURL = directory.appendingPathComponent("tls-test-in-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: inputURL) }
        if let input {
            try input.write(to: inputURL)
            process.standardInput = try FileHandle(forReadingFrom: inputURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        process.standardOutput = outputHandle
        process.standardError = errorHandle
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
        let elapsed = ContinuousClock.now - started
        try? outputHandle.close()
        try? errorHandle.close()
        let output = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        let errorOutput = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        return CommandResult(
            status: process.terminationStatus, output: output, errorOutput: errorOutput, timedOut: timedOut,
            elapsed: elapsed)
    }

    /// `curl` against the loopback server, trusting only `certificate`; `--max-time` bounds it too.
    static func curl(_ arguments: [String], certificate: String, maxSeconds: Int = 10) throws -> CommandResult {
        guard let curl else { throw TestClientError(description: "curl is missing") }
        return try run(
            curl, ["-sS", "--max-time", "\(maxSeconds)", "--cacert", certificate] + arguments,
            timeout: .seconds(maxSeconds + 5))
    }

    /// `openssl s_client` to 127.0.0.1:`port` with extra `arguments`; stdin is empty, so it ends after the handshake.
    /// It runs with an empty `OPENSSL_CONF`, so only the arguments decide what the client offers (a system policy
    /// that refuses TLS 1.1 itself would make a refusal test pass for the wrong reason).
    static func sClient(port: Int, _ arguments: [String], in directory: URL, input: Data? = nil) throws -> CommandResult {
        guard let openssl else { throw TestClientError(description: "openssl is missing") }
        let emptyConfig = directory.appendingPathComponent("empty-openssl.cnf")
        if !FileManager.default.fileExists(atPath: emptyConfig.path) {
            _ = FileManager.default.createFile(atPath: emptyConfig.path, contents: Data())
        }
        return try run(
            openssl, ["s_client", "-connect", "127.0.0.1:\(port)", "-servername", "localhost"] + arguments,
            environment: ["OPENSSL_CONF": emptyConfig.path], input: input, timeout: .seconds(15))
    }
}

/// A temporary directory holding a self-signed certificate for 127.0.0.1 (`cert.pem`, `key.pem`), made with the
/// `openssl` command. Remove it with `remove()`.
struct TLSCertificateFixture {
    let directory: URL
    var certificate: String { directory.appendingPathComponent("cert.pem").path }
    var key: String { directory.appendingPathComponent("key.pem").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("newsbriefs-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.makeCertificate(certificate: certificate, key: key)
    }

    /// Writes a new self-signed RSA certificate and its key (valid two days, for localhost and 127.0.0.1).
    static func makeCertificate(certificate: String, key: String) throws {
        guard let openssl = TLSTools.openssl else { throw TestClientError(description: "openssl is missing") }
        let result = try TLSTools.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "2",
                "-keyout", key, "-out", certificate,
            ], timeout: .seconds(60))
        guard result.status == 0 else {
            throw TestClientError(description: "openssl req failed: \(result.errorOutput)")
        }
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
