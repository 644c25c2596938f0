import ArgumentParser
import BriefsApp
import BriefsDomain
import Foundation

/// `newsbriefs facts`: the fact extractor on text files. (Skeleton: completed in the facts work.)
struct FactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts",
        abstract: "Extract facts from text files; print JSON or write <name>.json per input."
    )

    @Option(help: "Publication date (YYYY-MM-DD) to resolve relative dates against.")
    var published: String?

    @Option(help: "Folder to write <name>.json into; without it JSON goes to stdout.")
    var outputDir: String?

    @Option(help: "The Config folder (default: ./Config or NEWSBRIEFS_CONFIG_DIR).")
    var configDir: String?

    @Argument(help: "Input text files; - reads stdin.")
    var inputs: [String]

    func run() throws {
        let config = try loadConfigFiles(configDir)
        let extractor = try FactExtractor(config: config)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for input in inputs {
            let text = String(decoding: try readInput(input), as: UTF8.self)
            let facts = extractor.facts(in: text, title: nil, publishedAt: published)
            let output = try encoder.encode(facts)
            if let outputDir {
                let name = input == "-" ? "stdin" : URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
                try output.write(to: URL(fileURLWithPath: outputDir).appendingPathComponent(name + ".json"))
            } else {
                FileHandle.standardOutput.write(output + Data("\n".utf8))
            }
        }
    }
}
