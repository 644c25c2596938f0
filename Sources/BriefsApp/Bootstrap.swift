import BriefsDomain
import BriefsStore
import Foundation
import Logging

/// What can stop start-up: a bad setting (exit 2), bad `Config/` data (exit 2) or an unreadable store (exit 1).
public enum StartupError: Error, CustomStringConvertible {
    case configuration(ConfigError)
    case configFiles(ConfigFileError)
    case store(StoreError)

    public var description: String {
        switch self {
        case .configuration(let error): return error.description
        case .configFiles(let error): return "config error: \(error.description)"
        case .store(let error): return "store error: \(error.description)"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .configuration, .configFiles: return 2
        case .store: return 1
        }
    }
}

/// Builds the application for `configuration`: loads the TLS certificate and key when set (so the server speaks
/// HTTPS), loads `Config/`, opens the store in the data directory. Call `start()` on the result to listen.
public func makeServer(configuration: AppConfiguration, logger: Logger) throws(StartupError) -> Application {
    var configuration = configuration
    do {
        // First: a bad certificate should not wait for the lexicons and the store.
        configuration.limits.tls = try configuration.tlsContext()
    } catch {
        throw .configuration(error)
    }
    let files: ConfigFiles
    do {
        files = try ConfigDirectory.load(URL(fileURLWithPath: configuration.configDirectory))
    } catch {
        throw .configFiles(error)
    }
    let store: ArticleStore
    do {
        store = try ArticleStore.open(directory: URL(fileURLWithPath: configuration.dataDirectory)) { warning in
            logger.warning("store.recovery", metadata: ["warning": "\(warning)"])
        }
    } catch {
        throw .store(error)
    }
    do {
        return try Application(configuration: configuration, config: files, store: store, logger: logger)
    } catch {
        throw .configFiles(error)
    }
}
