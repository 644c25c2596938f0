import BriefsApp
import BriefsDomain
import BriefsHTML
import Foundation

/// Turns libFuzzer's pointer and size into bytes.
public enum FuzzInput {
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}

/// A broken invariant: stops the process so libFuzzer records the input as a crash.
func violated(_ what: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) -> Never {
    fatalError("fuzz invariant violated: \(what())", file: file, line: line)
}

/// The cleaners and the extractor, built once per process from the repository's real `Config/` folder:
/// `NEWSBRIEFS_CONFIG_DIR` when set (Scripts/fuzz sets it), else the `Config/` of the checkout this file was built in.
struct Services: Sendable {
    let textCleaner: TextCleaner
    let htmlCleaner: HTMLCleaner
    let extractor: FactExtractor

    static let shared: Services = load()

    static func load() -> Services {
        let directory: URL
        if let explicit = ProcessInfo.processInfo.environment["NEWSBRIEFS_CONFIG_DIR"], !explicit.isEmpty {
            directory = URL(fileURLWithPath: explicit)
        } else {
            // Fuzz/Sources/FuzzTargets/Support.swift → the repository root.
            directory = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Config")
        }
        do {
            let config = try ConfigDirectory.load(directory)
            let textCleaner = try TextCleaner(config: config)
            return Services(
                textCleaner: textCleaner, htmlCleaner: try HTMLCleaner(config: config, textCleaner: textCleaner),
                extractor: try FactExtractor(config: config))
        } catch {
            fatalError("fuzz: cannot load the configuration from \(directory.path): \(error)")
        }
    }
}

/// Checks that a cleaned document is something the server can store and serve.
func checkCleaned(_ document: CleanedDocument) {
    for paragraph in document.paragraphs where paragraph.isEmpty {
        violated("an empty paragraph in \(document.paragraphs.count) paragraphs")
    }
    do {
        _ = try JSONEncoder().encode(document)
    } catch {
        violated("the cleaned document cannot be encoded: \(error)")
    }
}
