import ArgumentParser

@main
struct NewsBriefs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsbriefs",
        abstract: "An HTTP JSON API server for news briefs.",
        subcommands: [ServeCommand.self, IngestCommand.self, SnapshotCommand.self, CleanCommand.self, FactsCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
