import BriefsDomain
import Foundation

@testable import BriefsStore

/// A hand-made article: `countries` become country facts, `date` the publication date.
func makeArticle(
    id: String, date: String = "2026-03-01T08:00:00Z", countries: [String] = [], title: String? = nil
) -> Article {
    let facts = Facts(
        countries: countries.map { code in
            CountryFact(
                code: code, name: "Country \(code)", mentionCount: 1, salience: 0.5, focus: false,
                mentions: [Mention(start: 0, end: 4, sentence: 0)])
        })
    return Article(
        id: id, title: title ?? "Article \(id)", source: "fixture", publishedAt: date,
        ingestedAt: "2026-03-02T00:00:00Z",
        body: Body(paragraphs: ["Body of \(id).", "Ünïcödé line\nwith a newline."]),
        wordCount: 7, facts: facts)
}

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("briefs-store-tests-\(UUID().uuidString)", isDirectory: true)
    }

    var path: String { url.path }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    func contents(_ name: String) -> Data? {
        FileManager.default.contents(atPath: file(name))
    }

    func write(_ data: Data, to name: String) throws {
        try data.write(to: url.appendingPathComponent(name))
    }

    func append(_ text: String, to name: String) throws {
        let handle = try FileHandle(forWritingTo: url.appendingPathComponent(name))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: file(name))
    }

    func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }
}

/// Opens a store in `directory`, collecting warnings.
func openStore(_ directory: TemporaryDirectory, faults: FaultInjector = FaultInjector()) throws -> (
    ArticleStore, [String]
) {
    var warnings: [String] = []
    let store = try ArticleStore.open(directory: directory.url, files: FileSystem(faults: faults)) {
        warnings.append($0)
    }
    return (store, warnings)
}

/// The ids of `articles`, in order.
func ids(_ articles: [Article]) -> [String] {
    articles.map(\.id)
}
