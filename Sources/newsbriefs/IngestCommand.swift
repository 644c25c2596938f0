import ArgumentParser
import BriefsApp
import BriefsDomain
import Foundation

/// `newsbriefs ingest FILE...`: runs the ingest pipeline on files (text or HTML) and prints the stored JSON of each,
/// one per line, without a server or a store.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Run the ingest pipeline on files and print each article's stored JSON.")

    @Option(help: "Publication date (YYYY-MM-DD or RFC 3339) for every input.")
    var published: String?

    @Option(help: "The Config folder (default: ./Config or NEWSBRIEFS_CONFIG_DIR).")
    var configDir: String?

    @Flag(help: "Pretty-print the JSON.")
    var pretty = false

    @Argument(help: "Input files (.html/.htm are HTML, others text); - reads stdin.")
    var inputs: [String]

    func run() throws {
        if let published, PublishedDate.strict(published) == nil {
            throw ValidationError("--published must be YYYY-MM-DD or RFC 3339")
        }
        let pipeline = try ArticlePipeline(config: try loadConfigFiles(configDir))
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        for input in inputs {
            let bytes = try readInput(input)
            let isHTML = input.hasSuffix(".html") || input.hasSuffix(".htm") || looksLikeHTML(bytes)
            let submission = ArticleSubmission(
                content: isHTML ? .html(Array(bytes)) : .text(String(decoding: bytes, as: UTF8.self)),
                publishedAt: published)
            let article = pipeline.article(from: submission, ingestedAt: Date())
            FileHandle.standardOutput.write(try encoder.encode(article) + Data("\n".utf8))
        }
    }
}

/// `newsbriefs snapshot verify PATH`.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Snapshot tools.", subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Check a snapshot file; print its article count; exit 1 if corrupt.")

        @Argument(help: "Path of snapshot.json.")
        var path: String

        func run() throws {
            do {
                let count = try SnapshotVerifier.verify(path: path)
                print("ok: \(count) articles in \(path)")
            } catch {
                FileHandle.standardError.write(Data("corrupt: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
