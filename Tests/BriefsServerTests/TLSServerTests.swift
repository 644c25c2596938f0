import Foundation
import Testing

@testable import BriefsServer

/// HTTPS end to end: a certificate made by the `openssl` command, the real server on a loopback port, and `curl` or
/// `openssl s_client` as clients. Every wait is bounded (`--max-time`, command deadlines, client timeouts).
@Suite(.enabled(if: TLSTools.isAvailable, TLSTools.skipMessage), .timeLimit(.minutes(2)))
struct TLSServerTests {
    /// Each I/O test runs on the epoll loops (true) and on Dispatch sources, the fallback without epoll (false).
    static let readinessSources = [true, false]

    /// Test limits with TLS from `fixture`, a larger body limit for uploads and room for the stalled clients.
    static func limits(_ fixture: TLSCertificateFixture, headerTimeout: Duration = .seconds(30)) throws -> ServerLimits {
        var limits = TestServer.limits
        limits.maxBodyBytes = 1024 * 1024
        limits.maxConnections = 200
        limits.headerTimeout = headerTimeout
        limits.tls = try TLSContext(certificateFile: fixture.certificate, keyFile: fixture.key)
        return limits
    }

    @Test(arguments: Self.readinessSources) func getAndPostOverHTTPS(usesEventLoops: Bool) throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        let test = try TestServer(limits: try Self.limits(fixture), usesEventLoops: usesEventLoops)
        defer { test.server.shutdown() }
        let base = "https://127.0.0.1:\(test.port)"

        let get = try TLSTools.curl(["\(base)/healthz"], certificate: fixture.certificate)
        #expect(get.status == 0, "\(get.combined)")
        #expect(get.output == "ok /healthz")

        let post = try TLSTools.curl(
            ["-X", "POST", "-H", "Content-Type: text/plain", "--data-binary", "hello over tls", "\(base)/echo"],
            certificate: fixture.certificate)
        #expect(post.status == 0, "\(post.combined)")
        #expect(post.output == "POST /echo hello over tls")

        // Three requests on one connection: only the first transfer connects.
        let keepAlive = try TLSTools.curl(
            ["-w", " connects=%{num_connects};", "\(base)/a", "\(base)/b", "\(base)/c"],
            certificate: fixture.certificate)
        #expect(keepAlive.status == 0, "\(keepAlive.combined)")
        #expect(keepAlive.output == "ok /a connects=1;ok /b connects=0;ok /c connects=0;")
    }

    /// A response much larger than the socket buffer (OpenSSL must wait for output, and the same bytes are written
    /// again) and an upload of many records.
    @Test(arguments: Self.readinessSources) func largeBodiesBothWays(usesEventLoops: Bool) throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        let test = try TestServer(limits: try Self.limits(fixture), usesEventLoops: usesEventLoops)
        defer { test.server.shutdown() }
        let base = "https://127.0.0.1:\(test.port)"

        let downloaded = fixture.path("big.out")
        let download = try TLSTools.curl(["-o", downloaded, "\(base)/big"], certificate: fixture.certificate)
        #expect(download.status == 0, "\(download.combined)")
        let bytes = FileManager.default.contents(atPath: downloaded) ?? Data()
        #expect(bytes.count == TestServer.bigBodyBytes)
        #expect(bytes.allSatisfy { $0 == UInt8(ascii: "b") })

        let payload = String(repeating: "0123456789abcdef", count: 40_000)  // 640,000 bytes: 40 records
        let upload = fixture.path("upload.txt")
        try Data(payload.utf8).write(to: URL(fileURLWithPath: upload))
        let post = try TLSTools.curl(
            ["-X", "POST", "--data-binary", "@\(upload)", "\(base)/echo"], certificate: fixture.certificate)
        #expect(post.status == 0, "\(post.combined)")
        #expect(post.output == "POST /echo " + payload)
    }

    /// TLS 1.1 and TLS 1.2 without ECDHE are refused by the server (its alert reaches the client); TLS 1.2 with
    /// ECDHE and TLS 1.3 are accepted.
    @Test func protocolPolicy() throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        let test = try TestServer(limits: try Self.limits(fixture))
        defer { test.server.shutdown() }

        let curl11 = try TLSTools.curl(
            ["--tls-max", "1.1", "https://127.0.0.1:\(test.port)/healthz"], certificate: fixture.certificate)
        #expect(curl11.status != 0)
        #expect(!curl11.output.contains("ok"))

        // The client offers TLS 1.1 only, at security level 0 so that it does not refuse on its own: the
        // "protocol version" alert (70) comes from the server.
        let tls11 = try TLSTools.sClient(
            port: test.port, ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"], in: fixture.directory)
        #expect(!tls11.timedOut)
        #expect(tls11.combined.contains("alert protocol version"), "\(tls11.combined)")
        #expect(tls11.combined.contains("Cipher is (NONE)"), "\(tls11.combined)")

        // RSA key transport (no forward secrecy) is not among the TLS 1.2 suites: handshake failure alert (40).
        let rsaKex = try TLSTools.sClient(
            port: test.port, ["-tls1_2", "-cipher", "AES128-GCM-SHA256"], in: fixture.directory)
        #expect(rsaKex.combined.contains("alert handshake failure"), "\(rsaKex.combined)")

        let tls12 = try TLSTools.sClient(port: test.port, ["-tls1_2"], in: fixture.directory)
        #expect(tls12.combined.contains("New, TLSv1.2, Cipher is ECDHE-"), "\(tls12.combined)")

        let tls13 = try TLSTools.sClient(port: test.port, ["-tls1_3", "-alpn", "h2,http/1.1"], in: fixture.directory)
        #expect(tls13.combined.contains("New, TLSv1.3, Cipher is TLS_"), "\(tls13.combined)")
        #expect(tls13.combined.contains("ALPN protocol: http/1.1"), "\(tls13.combined)")
    }

    /// 50 connections open TCP and stall: half send nothing, half the first bytes of a ClientHello. A concurrent
    /// HTTPS `/healthz` is still answered, and the stalled handshakes are closed once the header timeout passes.
    @Test(arguments: Self.readinessSources) func stalledHandshakesDoNotBlockOthers(usesEventLoops: Bool) throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        let test = try TestServer(
            limits: try Self.limits(fixture, headerTimeout: .seconds(2)), usesEventLoops: usesEventLoops)
        defer { test.server.shutdown() }

        // Record header (handshake, 512 bytes announced), ClientHello type and length, client version: then nothing.
        let partialHello: [UInt8] = [0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03]
        let stalled = try (0..<50).map { index in
            let client = try TestClient(port: test.port, timeout: .seconds(10))
            if index % 2 == 1 { try client.send(partialHello) }
            return client
        }
        #expect(test.eventually { test.server.openConnectionCount >= 50 })

        for attempt in 0..<3 {
            let probe = try TLSTools.curl(
                ["https://127.0.0.1:\(test.port)/healthz"], certificate: fixture.certificate, maxSeconds: 5)
            print("tls.stalled (event loops \(usesEventLoops)): healthz \(attempt) beside 50 stalled: \(probe.elapsed)")
            #expect(probe.status == 0, "\(probe.combined)")
            #expect(probe.output == "ok /healthz")
        }

        // Each stalled connection is closed by the server (header timeout 2 s; the client waits up to 10 s).
        var closed = 0
        for client in stalled where (try? client.waitForClose()) != nil { closed += 1 }
        #expect(closed == stalled.count)
    }

    /// A plain HTTP request on the TLS port is answered 400 in clear text and closed; bytes that are neither HTTP
    /// nor TLS are closed at once.
    @Test(arguments: Self.readinessSources) func plainHTTPOnTheTLSPort(usesEventLoops: Bool) throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        let test = try TestServer(limits: try Self.limits(fixture), usesEventLoops: usesEventLoops)
        defer { test.server.shutdown() }

        let plain = try test.client()
        try plain.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try plain.readResponse()
        #expect(response.status == 400)
        #expect(response.bodyText.contains("HTTPS"))
        #expect(response.header("Connection")?.lowercased() == "close")
        #expect(try plain.waitForClose())

        let garbage = try test.client()
        try garbage.send(Array("\u{0}\u{1}hello there\r\n\r\n".utf8))
        _ = try garbage.waitForClose()  // throws when the server keeps the connection open past the timeout
    }

    /// After the handshake the usual timers apply: a head that never ends is answered 408 over TLS, then closed.
    @Test func slowHeadOverTLSGets408() throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        let test = try TestServer(limits: try Self.limits(fixture, headerTimeout: .seconds(1)))
        defer { test.server.shutdown() }
        // -ign_eof: keep reading after stdin ends, until the server closes.
        let result = try TLSTools.sClient(
            port: test.port, ["-quiet", "-ign_eof"], in: fixture.directory,
            input: Data("GET /never-ends HTTP/1.1\r\nHost: t\r\nX-Pad: a".utf8))
        #expect(!result.timedOut, "the server did not close the connection")
        #expect(result.output.hasPrefix("HTTP/1.1 408 "), "\(result.combined)")
        #expect(test.observedStatuses.contains(408))
    }

    /// Over `maxConnections` a TLS connection is closed at once (no handshake is spent on it); once a slot frees,
    /// HTTPS works again.
    @Test func connectionsOverTheLimitAreClosed() throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        var limits = try Self.limits(fixture)
        limits.maxConnections = 2
        let test = try TestServer(limits: limits)
        defer { test.server.shutdown() }
        var holders = try (0..<2).map { _ in try test.client() }
        #expect(test.eventually { test.server.openConnectionCount == 2 })

        let refused = try test.client()
        #expect(try refused.waitForClose())
        let curl = try TLSTools.curl(
            ["https://127.0.0.1:\(test.port)/healthz"], certificate: fixture.certificate, maxSeconds: 5)
        #expect(curl.status != 0)

        holders.removeAll()  // closes both
        #expect(test.eventually { test.server.openConnectionCount == 0 })
        let again = try TLSTools.curl(["https://127.0.0.1:\(test.port)/healthz"], certificate: fixture.certificate)
        #expect(again.output == "ok /healthz", "\(again.combined)")
    }

    @Test func contextPolicyReadBack() throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        let context = try TLSContext(certificateFile: fixture.certificate, keyFile: fixture.key)
        #expect(context.minimumProtocolVersion == 0x0303)  // TLS 1.2
        #expect(context.refusesRenegotiation)
        #expect(context.refusesCompression)
    }

    @Test func contextErrorsNameTheFile() throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        let missing = fixture.path("missing.pem")
        let garbage = fixture.path("garbage.pem")
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: garbage))
        let otherCertificate = fixture.path("other-cert.pem")
        let otherKey = fixture.path("other-key.pem")
        try TLSCertificateFixture.makeCertificate(certificate: otherCertificate, key: otherKey)

        func error(_ certificate: String, _ key: String) -> TLSError? {
            do {
                _ = try TLSContext(certificateFile: certificate, keyFile: key)
                return nil
            } catch {
                return error
            }
        }
        let noCertificate = error(missing, fixture.key)
        #expect(noCertificate?.kind == .certificate)
        #expect(noCertificate?.file == missing)
        #expect(noCertificate?.reason.contains("cannot read") == true)
        #expect(error(fixture.certificate, missing)?.kind == .key)
        #expect(error(garbage, fixture.key)?.kind == .certificate)
        #expect(error(fixture.certificate, garbage)?.kind == .key)
        #expect(error(fixture.key, fixture.key)?.kind == .certificate)  // a key where the certificate belongs
        let mismatch = error(fixture.certificate, otherKey)
        #expect(mismatch?.kind == .keyMismatch)
        #expect(mismatch?.description.contains("does not match") == true)
        #expect(error(otherCertificate, otherKey) == nil)

        // An encrypted key is refused without asking for a pass phrase (which would hang start-up on a terminal).
        let encryptedKey = fixture.path("encrypted-key.pem")
        let encryptedCertificate = fixture.path("encrypted-cert.pem")
        let openssl = try #require(TLSTools.openssl)
        let made = try TLSTools.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-passout", "pass:pw123456", "-subj", "/CN=localhost", "-days",
                "2", "-keyout", encryptedKey, "-out", encryptedCertificate,
            ], timeout: .seconds(60))
        #expect(made.status == 0, "\(made.combined)")
        let encrypted = error(encryptedCertificate, encryptedKey)
        #expect(encrypted?.kind == .key)
        #expect(encrypted?.reason.contains("encrypted keys are not supported") == true)

        // An ECDSA certificate works as well as an RSA one.
        let ecKey = fixture.path("ec-key.pem")
        let ecCertificate = fixture.path("ec-cert.pem")
        let ec = try TLSTools.run(
            openssl,
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj",
                "/CN=localhost", "-days", "2", "-keyout", ecKey, "-out", ecCertificate,
            ], timeout: .seconds(60))
        #expect(ec.status == 0, "\(ec.combined)")
        #expect(error(ecCertificate, ecKey) == nil)
    }
}
