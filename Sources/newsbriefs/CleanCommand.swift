import ArgumentParser
import BriefsApp
import BriefsDomain
import Foundation

/// `newsbriefs clean`: the cleaner on files, one `<id>.txt` per input, for scoring and debugging.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Clean pasted text or HTML pages; write <name>.txt (paragraphs separated by blank lines) per input."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, html, auto
    }

    @Option(help: "Input kind: text, html, or auto (by extension, then by content).")
    var format: Format = .auto

    @Option(help: "Folder to write <name>.txt into; without it the body goes to stdout.")
    var outputDir: String?

    @Option(help: "The Config folder (default: ./Config or NEWSBRIEFS_CONFIG_DIR).")
    var configDir: String?

    @Flag(help: "Print the whole cleaning result as JSON (title, standfirst, paragraphs, removed with reasons).")
    var json = false

    @Flag(help: "Print on stderr the CPU time spent cleaning (reading, writing and start-up excluded).")
    var reportTiming = false

    @Argument(help: "Input files; - reads stdin.")
    var inputs: [String]

    func run() throws {
        let config = try loadConfigFiles(configDir)
        let pipeline = try ArticleCleaner(config: config)
        if let outputDir {
            try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        }
        var cleaningSeconds = 0.0
        defer {
            if reportTiming {
                let rate = Double(inputs.count) / max(cleaningSeconds, 1e-9)
                FileHandle.standardError.write(
                    Data("cleaned \(inputs.count) pages in \(String(format: "%.4f", cleaningSeconds)) CPU-s: \(Int(rate)) pages/CPU-s\n".utf8))
            }
        }
        for input in inputs {
            let bytes = try readInput(input)
            let isHTML: Bool
            switch format {
            case .text: isHTML = false
            case .html: isHTML = true
            case .auto: isHTML = input.hasSuffix(".html") || input.hasSuffix(".htm") || looksLikeHTML(bytes)
            }
            let submission = ArticleSubmission(
                content: isHTML ? .html(Array(bytes)) : .text(String(decoding: bytes, as: UTF8.self)))
            let before = processCPUSeconds()
            let cleaned = pipeline.clean(submission)
            cleaningSeconds += processCPUSeconds() - before
            let output: Data
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                output = try encoder.encode(CleanedOutput(cleaned))
            } else {
                output = Data((cleaned.text + "\n").utf8)
            }
            if let outputDir {
                let name = input == "-" ? "stdin" : URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
                let url = URL(fileURLWithPath: outputDir).appendingPathComponent(name + (json ? ".json" : ".txt"))
                try writeWithoutSync(output, to: url.path)
            } else {
                FileHandle.standardOutput.write(output)
            }
        }
    }
}

/// The JSON form of a cleaning result, with `text` included.
struct CleanedOutput: Encodable {
    let document: CleanedDocument

    init(_ document: CleanedDocument) { self.document = document }

    enum CodingKeys: String, CodingKey {
        case title, standfirst, paragraphs, text, removed, metadata
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(document.title, forKey: .title)
        try container.encodeIfPresent(document.standfirst, forKey: .standfirst)
        try container.encode(document.paragraphs, forKey: .paragraphs)
        try container.encode(document.text, forKey: .text)
        try container.encode(document.removed, forKey: .removed)
        try container.encode(document.metadata, forKey: .metadata)
    }
}

/// Writes a whole file without forcing it to disk (evaluation outputs are scratch: an fsync per file would be most
/// of the measured cost of cleaning a page).
func writeWithoutSync(_ data: Data, to path: String) throws {
    guard let file = fopen(path, "wb") else { throw ValidationError("cannot write \(path)") }
    defer { fclose(file) }
    let written = data.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    guard written == data.count else { throw ValidationError("cannot write \(path)") }
}

/// CPU time used by this process so far (user + system), in seconds.
func processCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Reads a file, or stdin for `-`.
func readInput(_ path: String) throws -> Data {
    if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("cannot read \(path)")
    }
    return data
}

/// Whether the first non-blank bytes look like markup.
func looksLikeHTML(_ data: Data) -> Bool {
    let prefix = String(decoding: data.prefix(512), as: UTF8.self).lowercased()
        .trimmingCharacters(in: .whitespacesAndNewlines)
    return prefix.hasPrefix("<!doctype html") || prefix.hasPrefix("<html") || prefix.hasPrefix("<?xml")
        || prefix.hasPrefix("<head") || prefix.hasPrefix("<!--")
}

/// Loads the Config folder named by `--config-dir`, `NEWSBRIEFS_CONFIG_DIR` or `./Config`.
func loadConfigFiles(_ explicit: String?) throws -> ConfigFiles {
    let location = explicit.map { URL(fileURLWithPath: $0) } ?? ConfigDirectory.defaultLocation()
    do {
        return try ConfigDirectory.load(location)
    } catch {
        throw ValidationError("Config: \(error)")
    }
}
