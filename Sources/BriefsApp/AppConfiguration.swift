import BriefsHTTP
import BriefsServer
import Foundation
import Logging

/// The server's settings: defaults from `Config/newsbriefs.json`, overridden by `NEWSBRIEFS_*` environment
/// variables, overridden by `serve` flags.
public struct AppConfiguration: Sendable, Equatable {
    public var host = "127.0.0.1"
    /// 0 means an ephemeral port.
    public var port = 8080
    public var dataDirectory = "./data"
    /// When set, POST, DELETE and admin routes need `Authorization: Bearer TOKEN`.
    public var apiToken: String?
    /// Seconds between automatic snapshots (taken only when something changed); 0 turns them off.
    public var snapshotIntervalSeconds = 60
    public var limits = ServerLimits()
    public var logLevel: Logger.Level = .info
    /// Writes (POST, DELETE, admin routes) each client address may make per second, as a token bucket; 0 (the
    /// default) turns write rate limiting off. Over the limit → 429 with `Retry-After`.
    public var rateLimitWritesPerSecond = 0
    /// Writes a client address may make at once before the rate applies (the bucket size). Default 20.
    public var rateLimitBurst = 20
    /// Countries with at least this many stored articles get their brief built in the background after start-up
    /// (0: no warm-up).
    public var warmBriefMinArticles = 1000
    /// The `Config/` folder holding lexicons and `openapi.json`.
    public var configDirectory = "./Config"
    /// PEM certificate chain (server certificate first) for HTTPS; set together with `tlsKeyFile`. Both nil (the
    /// default): plain HTTP.
    public var tlsCertificateFile: String?
    /// PEM private key (unencrypted) of `tlsCertificateFile`.
    public var tlsKeyFile: String?

    public init() {}

    /// Every key `newsbriefs.json` may hold.
    static let knownKeys: Set<String> = [
        "host", "port", "data_dir", "api_token", "snapshot_interval_s", "max_header_bytes", "max_body_bytes",
        "max_connections", "header_timeout_s", "idle_timeout_s", "shutdown_grace_s", "log_level",
        "rate_limit_writes_per_s", "rate_limit_burst", "min_body_bytes_per_s", "tls_cert_file", "tls_key_file",
        "warm_brief_min_articles",
    ]

    /// Keys whose value is a string (the others are integers).
    static let stringKeys: Set<String> = ["host", "data_dir", "api_token", "log_level", "tls_cert_file", "tls_key_file"]

    /// Keys that may be null in a file (unset).
    static let nullableKeys: Set<String> = ["api_token", "tls_cert_file", "tls_key_file"]

    /// Applies the keys of a JSON config file (a partial file overrides only its keys).
    /// - Throws: `ConfigError` naming the key (or `file` for bad JSON).
    public mutating func apply(json data: Data, file: String) throws(ConfigError) {
        let dictionary: [String: ConfigValue]
        do {
            dictionary = try JSONDecoder().decode([String: ConfigValue].self, from: data)
        } catch {
            throw ConfigError(key: file, reason: "not a valid JSON object")
        }
        for key in dictionary.keys.sorted() {
            guard Self.knownKeys.contains(key) else { throw ConfigError(key: key, reason: "unknown key in \(file)") }
            switch dictionary[key] {
            case .null?, nil:
                guard Self.nullableKeys.contains(key) else { throw ConfigError(key: key, reason: "must not be null") }
                try set(key, "")
            case .string(let string)?:
                if Self.stringKeys.contains(key) {
                    try set(key, string)
                } else {
                    throw ConfigError(key: key, reason: "must be a number")
                }
            case .number(let number)?:
                guard number == number.rounded(), abs(number) < 1e15 else {
                    throw ConfigError(key: key, reason: "must be an integer")
                }
                if Self.stringKeys.contains(key) {
                    throw ConfigError(key: key, reason: "must be a string")
                }
                try set(key, String(Int(number)))
            case .other?:
                throw ConfigError(key: key, reason: "has the wrong type")
            }
        }
    }

    /// Applies `NEWSBRIEFS_HOST`, `NEWSBRIEFS_PORT`, `NEWSBRIEFS_DATA_DIR`, `NEWSBRIEFS_API_TOKEN`,
    /// `NEWSBRIEFS_TLS_CERT_FILE` and `NEWSBRIEFS_TLS_KEY_FILE` (an empty token or TLS file unsets it).
    public mutating func apply(environment: [String: String]) throws(ConfigError) {
        if let host = environment["NEWSBRIEFS_HOST"] { try set("host", host) }
        if let port = environment["NEWSBRIEFS_PORT"] { try set("port", port) }
        if let dir = environment["NEWSBRIEFS_DATA_DIR"] { try set("data_dir", dir) }
        if let token = environment["NEWSBRIEFS_API_TOKEN"] { apiToken = token.isEmpty ? nil : token }
        if let file = environment["NEWSBRIEFS_TLS_CERT_FILE"] { try set("tls_cert_file", file) }
        if let file = environment["NEWSBRIEFS_TLS_KEY_FILE"] { try set("tls_key_file", file) }
    }

    /// Sets one key from its string form (JSON numbers arrive as decimal strings), validating it.
    public mutating func set(_ key: String, _ value: String) throws(ConfigError) {
        switch key {
        case "host":
            host = try Self.string(value, key: key)
            if host.isEmpty { throw ConfigError(key: key, reason: "must not be empty") }
        case "port": port = try Self.integer(value, key: key, in: 0...65535)
        case "data_dir":
            dataDirectory = try Self.string(value, key: key)
            if dataDirectory.isEmpty { throw ConfigError(key: key, reason: "must not be empty") }
        case "api_token":
            let token = try Self.string(value, key: key)
            apiToken = token.isEmpty ? nil : token
        case "tls_cert_file":
            let file = try Self.string(value, key: key)
            tlsCertificateFile = file.isEmpty ? nil : file
        case "tls_key_file":
            let file = try Self.string(value, key: key)
            tlsKeyFile = file.isEmpty ? nil : file
        case "snapshot_interval_s": snapshotIntervalSeconds = try Self.integer(value, key: key, in: 0...86_400)
        case "max_header_bytes": limits.maxHeaderBytes = try Self.integer(value, key: key, in: 1024...1_048_576)
        case "max_body_bytes": limits.maxBodyBytes = try Self.integer(value, key: key, in: 1024...1_073_741_824)
        case "max_connections": limits.maxConnections = try Self.integer(value, key: key, in: 1...1_000_000)
        case "header_timeout_s":
            limits.headerTimeout = .seconds(try Self.integer(value, key: key, in: 1...3600))
        case "idle_timeout_s": limits.idleTimeout = .seconds(try Self.integer(value, key: key, in: 1...86_400))
        case "shutdown_grace_s":
            limits.shutdownGracePeriod = .seconds(try Self.integer(value, key: key, in: 0...600))
        case "min_body_bytes_per_s":
            limits.minBodyBytesPerSecond = try Self.integer(value, key: key, in: 0...1_073_741_824)
        case "rate_limit_writes_per_s":
            rateLimitWritesPerSecond = try Self.integer(value, key: key, in: 0...1_000_000)
        case "rate_limit_burst": rateLimitBurst = try Self.integer(value, key: key, in: 1...1_000_000)
        case "warm_brief_min_articles":
            warmBriefMinArticles = try Self.integer(value, key: key, in: 0...1_000_000_000)
        case "log_level":
            let name = try Self.string(value, key: key)
            guard let level = Logger.Level(rawValue: name) else {
                throw ConfigError(key: key, reason: "must be one of trace, debug, info, notice, warning, error, critical")
            }
            logLevel = level
        default:
            throw ConfigError(key: key, reason: "unknown key")
        }
    }

    static func string(_ value: String, key: String) throws(ConfigError) -> String { value }

    /// Loads the TLS certificate and key when they are set, checking that they belong together.
    /// - Returns: nil when neither `tls_cert_file` nor `tls_key_file` is set (plain HTTP).
    /// - Throws: `ConfigError` naming the key: only one of the two is set, a file is unreadable or not PEM, or the
    ///   key does not match the certificate.
    public func tlsContext() throws(ConfigError) -> TLSContext? {
        switch (tlsCertificateFile, tlsKeyFile) {
        case (nil, nil):
            return nil
        case (_?, nil):
            throw ConfigError(key: "tls_key_file", reason: "must be set together with tls_cert_file")
        case (nil, _?):
            throw ConfigError(key: "tls_cert_file", reason: "must be set together with tls_key_file")
        case (let certificate?, let key?):
            do {
                return try TLSContext(certificateFile: certificate, keyFile: key)
            } catch {
                let reason = error.description.logEscaped(limit: 400)  // one line, whatever the path holds
                switch error.kind {
                case .certificate: throw ConfigError(key: "tls_cert_file", reason: reason)
                case .key, .keyMismatch: throw ConfigError(key: "tls_key_file", reason: reason)
                case .setup: throw ConfigError(key: "tls_cert_file", reason: "TLS set-up failed: \(reason)")
                }
            }
        }
    }

    static func integer(_ value: String, key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let number = Int(value.trimmingCharacters(in: .whitespaces)) else {
            // Escaped: the value may come from the environment, and the error must stay one line.
            throw ConfigError(key: key, reason: "must be an integer, got \"\(value.logEscaped(limit: 40))\"")
        }
        guard range.contains(number) else {
            throw ConfigError(key: key, reason: "must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
        }
        return number
    }

    /// Loads the configuration the way `serve` does: `Config/newsbriefs.json` in `configDirectory`, then the file
    /// named by `NEWSBRIEFS_CONFIG` (or `explicitFile`), then the environment.
    public static func load(
        configDirectory: String, explicitFile: String?, environment: [String: String]
    ) throws(ConfigError) -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.configDirectory = configDirectory
        let defaults = URL(fileURLWithPath: configDirectory).appendingPathComponent("newsbriefs.json").path
        if let data = FileManager.default.contents(atPath: defaults) {
            try configuration.apply(json: data, file: defaults)
        }
        if let file = explicitFile ?? environment["NEWSBRIEFS_CONFIG"], !file.isEmpty {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ConfigError(key: "config", reason: "cannot read \(file)")
            }
            try configuration.apply(json: data, file: file)
        }
        try configuration.apply(environment: environment)
        return configuration
    }
}

/// A configuration problem: the key (or file) and what is wrong. `serve` prints it on one line and exits 2.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var key: String
    public var reason: String

    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }

    public var description: String { "config error: \(key): \(reason)" }
}

/// One JSON value of the config file, as much as validation needs.
enum ConfigValue: Decodable {
    case null
    case string(String)
    case number(Double)
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if (try? container.decode(Bool.self)) != nil {
            self = .other
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else {
            self = .other
        }
    }
}
