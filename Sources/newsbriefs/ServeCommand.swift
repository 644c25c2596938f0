import ArgumentParser
import BriefsApp
import Dispatch
import Foundation
import Logging

/// `newsbriefs serve` (the default): run the HTTP server until SIGTERM or SIGINT.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP server (default).")

    @Option(help: "Address to listen on (overrides NEWSBRIEFS_HOST and the config file).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (overrides NEWSBRIEFS_PORT and the config file).")
    var port: String?

    @Option(help: "Folder for snapshot.json and journal.jsonl (overrides NEWSBRIEFS_DATA_DIR).")
    var dataDir: String?

    @Option(help: "Another config file applied over Config/newsbriefs.json (overrides NEWSBRIEFS_CONFIG).")
    var config: String?

    @Option(help: "The Config folder (default: ./Config or NEWSBRIEFS_CONFIG_DIR).")
    var configDir: String?

    @Option(help: "PEM certificate chain for HTTPS, with --tls-key-file (overrides NEWSBRIEFS_TLS_CERT_FILE).")
    var tlsCertFile: String?

    @Option(help: "PEM private key of the certificate (overrides NEWSBRIEFS_TLS_KEY_FILE).")
    var tlsKeyFile: String?

    func run() throws {
        Self.blockStopSignals()
        let environment = ProcessInfo.processInfo.environment
        let configDirectory = configDir ?? ConfigDirectory.defaultLocation(environment: environment).path
        var configuration: AppConfiguration
        do {
            configuration = try AppConfiguration.load(
                configDirectory: configDirectory, explicitFile: config, environment: environment)
            if let host { try configuration.set("host", host) }
            if let port { try configuration.set("port", port) }
            if let dataDir { try configuration.set("data_dir", dataDir) }
            if let tlsCertFile { try configuration.set("tls_cert_file", tlsCertFile) }
            if let tlsKeyFile { try configuration.set("tls_key_file", tlsKeyFile) }
        } catch {
            Self.fail(error.description, code: 2)
        }
        var logger = Logger(label: "newsbriefs")
        logger.logLevel = configuration.logLevel
        let application: Application
        do {
            application = try makeServer(configuration: configuration, logger: logger)
        } catch {
            Self.fail(error.description, code: error.exitCode)
        }
        let address: (host: String, port: Int)
        do {
            address = try application.start()
        } catch {
            Self.fail("cannot listen on \(configuration.host):\(configuration.port): \(error)", code: 1)
        }
        let shownHost = address.host.contains(":") ? "[\(address.host)]" : address.host
        let scheme = application.configuration.limits.tls == nil ? "http" : "https"
        // One write, so the line arrives whole even when stdout is a pipe.
        FileHandle.standardOutput.write(Data("listening on \(scheme)://\(shownHost):\(address.port)\n".utf8))

        // SIGTERM / SIGINT: stop accepting, finish in-flight requests, snapshot, exit 0 (STYLE §7). The signals
        // have been blocked since the start of `run()`, in every thread of ours, so one sent at any moment stays
        // pending until `sigwait` takes it here. (Dispatch signal sources lost a signal sent right after the
        // `listening on` line: `SIG_IGN` discarded it before `dispatchMain()` took over; the server never stopped.)
        let signalNumber = Self.waitForStopSignal()
        logger.info("server.stopping", metadata: ["signal": "\(signalNumber)"])
        application.stop()
        logger.info("server.stopped")
        Foundation.exit(0)
    }

    /// Blocks SIGTERM and SIGINT on the calling thread; threads created afterwards (the event loops, the work
    /// queues' workers) inherit the mask, so the signals stay pending for `waitForStopSignal`.
    static func blockStopSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for SIGTERM or SIGINT (blocked by `blockStopSignals`) and returns its number.
    static func waitForStopSignal() -> Int32 {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }

    /// Prints one line on stderr and exits.
    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(code)
    }
}
