import ArgumentParser

/// `newsbriefs serve`. (Skeleton: completed with the app.)
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP server.")

    func run() throws {}
}

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Ingest files and print the stored JSON.")

    func run() throws {}
}

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "snapshot", abstract: "Snapshot tools.")

    func run() throws {}
}
