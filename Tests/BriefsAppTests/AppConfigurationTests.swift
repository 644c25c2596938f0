import BriefsApp
import Foundation
import Testing

@Suite struct AppConfigurationTests {
    @Test func repositoryDefaultsLoad() throws {
        let configuration = try AppConfiguration.load(
            configDirectory: TestEnvironment.configDirectory.path, explicitFile: nil, environment: [:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.dataDirectory == "./data")
        #expect(configuration.apiToken == nil)
        #expect(configuration.limits.maxHeaderBytes == 16 * 1024)
        #expect(configuration.limits.maxBodyBytes == 2 * 1024 * 1024)
        #expect(configuration.limits.maxConnections == 1024)
        #expect(configuration.snapshotIntervalSeconds == 60)
        #expect(configuration.warmBriefMinArticles == 1000)
    }

    @Test func warmUpThresholdIsReadAndZeroTurnsItOff() throws {
        var configuration = AppConfiguration()
        try configuration.apply(json: Data(#"{"warm_brief_min_articles": 0}"#.utf8), file: "x.json")
        #expect(configuration.warmBriefMinArticles == 0)
        try configuration.apply(json: Data(#"{"warm_brief_min_articles": 250}"#.utf8), file: "x.json")
        #expect(configuration.warmBriefMinArticles == 250)
    }

    @Test func environmentOverridesFileAndExtraFileOverridesDefaults() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let extra = directory.appendingPathComponent("extra.json")
        try Data(#"{"port": 9000, "max_connections": 7}"#.utf8).write(to: extra)
        let configuration = try AppConfiguration.load(
            configDirectory: TestEnvironment.configDirectory.path, explicitFile: extra.path,
            environment: ["NEWSBRIEFS_PORT": "9100", "NEWSBRIEFS_HOST": "0.0.0.0", "NEWSBRIEFS_API_TOKEN": "t0k"])
        #expect(configuration.port == 9100)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.apiToken == "t0k")
        #expect(configuration.limits.maxConnections == 7)
    }

    @Test(arguments: [
        (#"{"port": 70000}"#, "port"),
        (#"{"port": "80"}"#, "port"),
        (#"{"colour": "blue"}"#, "colour"),
        (#"{"host": 5}"#, "host"),
        (#"{"max_body_bytes": 1.5}"#, "max_body_bytes"),
        (#"{"log_level": "loud"}"#, "log_level"),
        (#"{"port": true}"#, "port"),
        (#"{"tls_cert_file": 5}"#, "tls_cert_file"),
        (#"{"tls_key_file": false}"#, "tls_key_file"),
        (#"{"port": null}"#, "port"),
        (#"{"warm_brief_min_articles": -1}"#, "warm_brief_min_articles"),
    ])
    func badValuesNameTheirKey(json: String, key: String) {
        var configuration = AppConfiguration()
        #expect(throws: ConfigError.self) { try configuration.apply(json: Data(json.utf8), file: "x.json") }
        do {
            try configuration.apply(json: Data(json.utf8), file: "x.json")
        } catch {
            #expect(error.key == key)
        }
    }

    @Test func malformedJSONNamesTheFile() {
        var configuration = AppConfiguration()
        do {
            try configuration.apply(json: Data("{port: ".utf8), file: "broken.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.key == "broken.json")
        }
    }

    @Test func environmentPortOutOfRangeIsRefused() {
        var configuration = AppConfiguration()
        #expect(throws: ConfigError(key: "port", reason: "must be between 0 and 65535, got 65536")) {
            try configuration.apply(environment: ["NEWSBRIEFS_PORT": "65536"])
        }
    }

    @Test func tlsFilesComeFromFileEnvironmentAndSet() throws {
        let defaults = try AppConfiguration.load(
            configDirectory: TestEnvironment.configDirectory.path, explicitFile: nil, environment: [:])
        #expect(defaults.tlsCertificateFile == nil)
        #expect(defaults.tlsKeyFile == nil)
        #expect(try defaults.tlsContext() == nil)

        var configuration = AppConfiguration()
        try configuration.apply(
            json: Data(#"{"tls_cert_file": "/etc/a.pem", "tls_key_file": "/etc/a.key"}"#.utf8), file: "x.json")
        #expect(configuration.tlsCertificateFile == "/etc/a.pem")
        #expect(configuration.tlsKeyFile == "/etc/a.key")
        try configuration.apply(environment: ["NEWSBRIEFS_TLS_CERT_FILE": "/run/b.pem"])
        #expect(configuration.tlsCertificateFile == "/run/b.pem")
        #expect(configuration.tlsKeyFile == "/etc/a.key")
        // Empty (environment) or null (file) unsets.
        try configuration.apply(environment: ["NEWSBRIEFS_TLS_KEY_FILE": ""])
        #expect(configuration.tlsKeyFile == nil)
        try configuration.apply(json: Data(#"{"tls_cert_file": null}"#.utf8), file: "y.json")
        #expect(configuration.tlsCertificateFile == nil)
        try configuration.set("tls_key_file", "/flag/c.key")
        #expect(configuration.tlsKeyFile == "/flag/c.key")
    }

    @Test func oneTLSFileAloneNamesTheOther() {
        var certificateOnly = AppConfiguration()
        certificateOnly.tlsCertificateFile = "/x/cert.pem"
        #expect(throws: ConfigError(key: "tls_key_file", reason: "must be set together with tls_cert_file")) {
            _ = try certificateOnly.tlsContext()
        }
        var keyOnly = AppConfiguration()
        keyOnly.tlsKeyFile = "/x/key.pem"
        #expect(throws: ConfigError(key: "tls_cert_file", reason: "must be set together with tls_key_file")) {
            _ = try keyOnly.tlsContext()
        }
    }

    @Test func unreadableTLSFileNamesItsKey() {
        var configuration = AppConfiguration()
        configuration.tlsCertificateFile = "/nonexistent/newsbriefs/cert.pem"
        configuration.tlsKeyFile = "/nonexistent/newsbriefs/key.pem"
        do {
            _ = try configuration.tlsContext()
            Issue.record("expected an error")
        } catch {
            #expect(error.key == "tls_cert_file")
            #expect(error.reason.contains("/nonexistent/newsbriefs/cert.pem: cannot read it"))
        }
    }
}
