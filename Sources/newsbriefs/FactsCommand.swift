import ArgumentParser
import BriefsApp
import BriefsDomain
import Foundation

/// `newsbriefs facts`: the fact extractor on text files, as full facts or in the scorer's schema.
struct FactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts",
        abstract: "Extract facts from text files; print JSON or write <name>.json per input."
    )

    @Option(help: "Publication date (YYYY-MM-DD or RFC 3339) to resolve relative dates against.")
    var published: String?

    @Option(help: "Folder of gold <name>.json files whose `published` and `title` are used per input (evaluation).")
    var goldDir: String?

    @Option(help: "Folder to write <name>.json into; without it JSON goes to stdout.")
    var outputDir: String?

    @Option(help: "The Config folder (default: ./Config or NEWSBRIEFS_CONFIG_DIR).")
    var configDir: String?

    @Flag(help: "Write the evaluation schema (entities, countries, main_country, timex, values) instead of facts.")
    var eval = false

    @Flag(help: "Print on stderr the CPU time spent extracting (reading, writing, JSON and start-up excluded).")
    var reportTiming = false

    @Argument(help: "Input text files; - reads stdin.")
    var inputs: [String]

    func run() throws {
        let config = try loadConfigFiles(configDir)
        let extractor = try FactExtractor(config: config)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if let outputDir {
            try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        }
        var extractionSeconds = 0.0
        var words = 0
        defer {
            if reportTiming {
                let rate = Double(words) / max(extractionSeconds, 1e-9)
                FileHandle.standardError.write(
                    Data("extracted \(words) words in \(String(format: "%.4f", extractionSeconds)) CPU-s: \(Int(rate)) words/CPU-s\n".utf8))
            }
        }
        for input in inputs {
            let name = input == "-" ? "stdin" : URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
            let text = String(decoding: try readInput(input), as: UTF8.self)
            var publishedAt = published
            var title: String?
            if let goldDir,
                let data = FileManager.default.contents(atPath: goldDir + "/" + name + ".json"),
                let gold = try? JSONDecoder().decode(GoldMetadata.self, from: data)
            {
                publishedAt = gold.published ?? publishedAt
                title = gold.title
            }
            let before = processCPUSeconds()
            let analysis = extractor.analysis(of: text, title: title, publishedAt: publishedAt)
            extractionSeconds += processCPUSeconds() - before
            words += text.split(whereSeparator: \.isWhitespace).count
            let output =
                eval
                ? try encoder.encode(EvaluationRecord(id: name, analysis: analysis))
                : try encoder.encode(analysis.facts)
            if let outputDir {
                try writeWithoutSync(output, to: URL(fileURLWithPath: outputDir).appendingPathComponent(name + ".json").path)
            } else {
                FileHandle.standardOutput.write(output + Data("\n".utf8))
            }
        }
    }
}

/// The fields of a gold file the extractor may use as input metadata.
struct GoldMetadata: Decodable {
    var published: String?
    var title: String?
}

/// The schema `score_facts.py` reads.
struct EvaluationRecord: Encodable {
    struct Span: Encodable {
        var start: Int
        var end: Int
        var text: String
        var type: String?
        var value: String?
    }

    var id: String
    var entities: [Span]
    var countries: [String]
    var mainCountry: String?
    var timex: [Span]
    var values: [Span]

    init(id: String, analysis: FactsAnalysis) {
        self.id = id
        entities = analysis.entities.map { Span(start: $0.start, end: $0.end, text: $0.text, type: $0.type) }
        countries = analysis.facts.countries.map(\.code)
        mainCountry = analysis.facts.countries.first(where: \.focus)?.code ?? analysis.facts.countries.first?.code
        timex = analysis.facts.dates.map {
            Span(start: $0.mention.start, end: $0.mention.end, text: $0.text, type: "DATE", value: $0.value)
        }
        values = analysis.facts.figures.map {
            Span(start: $0.mention.start, end: $0.mention.end, text: $0.text, type: $0.kind)
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, entities, countries, timex, values
        case mainCountry = "main_country"
    }
}
