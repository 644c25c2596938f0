import Foundation
import Testing

/// `newsbriefs serve` with TLS, as a child process: HTTPS through the whole application, the API token over it (and
/// never in the logs, even at trace), and the start-up errors of a bad TLS setting.
@Suite(.enabled(if: TLSTools.isAvailable, TLSTools.skipMessage), .timeLimit(.minutes(3)))
struct TLSServeTests {
    static let token = "tls-serve-s3cr3t-token"

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    @Test func serveSpeaksHTTPSWithTheTokenKeptOutOfTheLogs() throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        let settings = fixture.path("trace.json")
        try Data(#"{"log_level": "trace"}"#.utf8).write(to: URL(fileURLWithPath: settings))
        let server = try ServeProcess(
            arguments: ["--data-dir", fixture.path("data")],
            environment: [
                "NEWSBRIEFS_TLS_CERT_FILE": fixture.certificate, "NEWSBRIEFS_TLS_KEY_FILE": fixture.key,
                "NEWSBRIEFS_API_TOKEN": Self.token, "NEWSBRIEFS_CONFIG": settings,
                // Only the server's own policy decides which protocol versions it accepts.
                "OPENSSL_CONF": fixture.emptyOpenSSLConfig,
            ])
        let url = try #require(server.waitForListening(), "no listening line: \(server.standardError)")
        #expect(url.hasPrefix("https://127.0.0.1:"))
        let port = try #require(url.split(separator: ":").last.flatMap { Int($0) })
        let certificate = fixture.certificate

        let health = try TLSTools.curl(["\(url)/healthz"], certificate: certificate)
        #expect(health.output.hasPrefix(#"{"status":"ok""#), "\(health.combined)")

        let article = fixture.path("article.txt")
        let text = """
            Ferry link opens between Durres and Bari

            The new ferry between Albania and Italy carries 400 passengers a day, the port authority said on Monday.
            Officials in Tirana expect the route to bring more visitors in the summer, and the operator plans a \
            second crossing next year if demand holds.
            "This link matters for families on both sides of the Adriatic," the harbour master told reporters.

            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: article))
        let post = ["-X", "POST", "-H", "Content-Type: text/plain", "--data-binary", "@\(article)"]
        let status = ["-w", "\n%{http_code}"]
        let anonymous = try TLSTools.curl(post + status + ["\(url)/v1/articles"], certificate: certificate)
        #expect(anonymous.output.hasSuffix("\n401"), "\(anonymous.combined)")
        let wrong = try TLSTools.curl(
            post + status + ["-H", "Authorization: Bearer \(Self.token)-wrong", "\(url)/v1/articles"],
            certificate: certificate)
        #expect(wrong.output.hasSuffix("\n401"), "\(wrong.combined)")
        #expect(!wrong.output.contains(Self.token), "the token was echoed: \(wrong.output)")
        let created = try TLSTools.curl(
            post + status + ["-H", "Authorization: Bearer \(Self.token)", "\(url)/v1/articles"],
            certificate: certificate)
        #expect(created.output.hasSuffix("\n201"), "\(created.combined)")
        #expect(!created.output.contains(Self.token))

        // Request data with encoded CR, LF and ESC in the target, the token beside it.
        let odd = try TLSTools.curl(
            status + ["-H", "Authorization: Bearer \(Self.token)", "\(url)/v1/x%0D%0Ay%1B%5B31m"],
            certificate: certificate)
        #expect(odd.output.hasSuffix("\n404"), "\(odd.combined)")

        // TLS 1.1 is refused by the server (the client allows it at security level 0).
        let openssl = try #require(TLSTools.openssl)
        let tls11 = try TLSTools.run(
            openssl, ["s_client", "-connect", "127.0.0.1:\(port)", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"],
            environment: ["OPENSSL_CONF": fixture.emptyOpenSSLConfig], timeout: .seconds(15))
        #expect(tls11.combined.contains("alert protocol version"), "\(tls11.combined)")

        // Plain HTTP to the HTTPS port: a 400 in clear text, then the connection closes.
        let plain = try TLSTools.run(
            try #require(TLSTools.curl), ["-sS", "--max-time", "10", "-w", "\n%{http_code}", "http://127.0.0.1:\(port)/healthz"])
        #expect(plain.output.hasSuffix("\n400"), "\(plain.combined)")
        #expect(plain.output.contains("HTTPS"))

        #expect(server.terminate() == 0)
        let logs = server.standardError
        #expect(logs.contains("request.received"), "trace logging is on, so requests are logged")
        #expect(logs.contains("tls.plain_http_request"))
        for line in logs.split(separator: "\n") {
            #expect(!line.contains(Self.token), "the token was logged: \(line)")
            #expect(!line.unicodeScalars.contains(where: Self.isControl), "raw control character: \(line.debugDescription)")
        }
    }

    @Test func serveFlagsTurnTLSOn() throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        let server = try ServeProcess(
            arguments: [
                "--data-dir", fixture.path("data"), "--tls-cert-file", fixture.certificate,
                "--tls-key-file", fixture.key,
            ], environment: [:])
        let url = try #require(server.waitForListening(), "no listening line: \(server.standardError)")
        #expect(url.hasPrefix("https://"))
        let health = try TLSTools.curl(["\(url)/healthz"], certificate: fixture.certificate)
        #expect(health.output.hasPrefix(#"{"status":"ok""#), "\(health.combined)")
        #expect(server.terminate() == 0)
    }

    /// Each bad TLS setting stops start-up with exit code 2 and one line on stderr naming the key.
    @Test func badSettingsStopStartUp() throws {
        let fixture = try TLSCertificateFixture()
        defer { fixture.remove() }
        let garbage = fixture.path("garbage.pem")
        try Data("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".utf8)
            .write(to: URL(fileURLWithPath: garbage))
        let otherCertificate = fixture.path("other-cert.pem")
        let otherKey = fixture.path("other-key.pem")
        try TLSCertificateFixture.makeCertificate(certificate: otherCertificate, key: otherKey)
        let missing = fixture.path("missing.pem")

        let cases: [(name: String, certificate: String?, key: String?, configKey: String, mentions: String)] = [
            ("certificate without key", fixture.certificate, nil, "tls_key_file", "set together"),
            ("key without certificate", nil, fixture.key, "tls_cert_file", "set together"),
            ("missing certificate", missing, fixture.key, "tls_cert_file", "cannot read"),
            ("missing key", fixture.certificate, missing, "tls_key_file", "cannot read"),
            ("garbage certificate", garbage, fixture.key, "tls_cert_file", garbage),
            ("garbage key", fixture.certificate, garbage, "tls_key_file", garbage),
            ("key of another certificate", fixture.certificate, otherKey, "tls_key_file", "does not match"),
        ]
        for item in cases {
            var environment: [String: String] = [:]
            if let certificate = item.certificate { environment["NEWSBRIEFS_TLS_CERT_FILE"] = certificate }
            if let key = item.key { environment["NEWSBRIEFS_TLS_KEY_FILE"] = key }
            let server = try ServeProcess(arguments: ["--data-dir", fixture.path("data")], environment: environment)
            let status = server.waitForExit()
            let lines = server.standardError.split(separator: "\n")
            #expect(status == 2, "\(item.name): status \(String(describing: status))")
            #expect(lines.count == 1, "\(item.name): \(lines)")
            let line = lines.first.map(String.init) ?? ""
            #expect(line.hasPrefix("config error: \(item.configKey): "), "\(item.name): \(line)")
            #expect(line.contains(item.mentions), "\(item.name): \(line)")
            #expect(!server.standardOutput.contains("listening"), "\(item.name)")
        }
    }
}
