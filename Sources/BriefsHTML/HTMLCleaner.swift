import BriefsDomain
import CLibXML2

/// Cleans a raw HTML page into the article's own paragraphs plus page metadata.
///
/// Stages:
/// 1. `PageParser`: `RawTextFilter` (comments, script/style/svg contents and unread attributes out), charset
///    decision, libxml2 HTML parse (no network, no entity loading, recovery on), iterative walk into a `FlatPage`
///    of elements and whitespace-collapsed text blocks; the libxml2 document is freed.
/// 2. `ContentSelector`: structure and density (content root by prose mass, class/id hints, boilerplate elements,
///    link density, short blocks revised by neighbours, duplicates).
/// 3. JSON-LD `articleBody`, when the page has a long one that the DOM blocks reproduce, decides which blocks
///    belong to the article (`HTMLCleaner+JSONLD.swift`).
/// 4. Metadata from meta tags, JSON-LD, `<title>`, `<h1>`, `<time>`, `<link rel=canonical>`, `<html lang>`
///    (`HTMLCleaner+Metadata.swift`).
///
/// The result never fails: empty, malformed or binary input gives a document with no paragraphs.
///
/// The `TextCleaner` is kept for a later pass over the chosen blocks (boilerplate phrases, donation appeals);
/// the structural classification here does not need it, and measurements did not show a gain from it yet.
public struct HTMLCleaner: Sendable {
    let textCleaner: TextCleaner
    let settings: HTMLCleanerSettings
    let hints: ClassHints
    let furnitureLines: HashedTable<String>

    /// Loads `html.json` (optional) and the lists in `lexicons/html/`.
    /// - Throws: `ConfigFileError` naming the file (and line) that is missing or invalid.
    public init(config: ConfigFiles, textCleaner: TextCleaner) throws(ConfigFileError) {
        // libxml2 sets up its global tables on first use, which is not thread-safe in 2.9; the server builds its
        // cleaner once at start-up, before connections clean pages concurrently, so do it here. Idempotent.
        xmlInitParser()
        self.textCleaner = textCleaner
        settings = try HTMLCleanerSettings(config: config)
        hints = try ClassHints(
            config: config, positivePath: "lexicons/html/positive-hints.txt",
            negativePath: "lexicons/html/negative-hints.txt")
        var lines = HashedTable<String>(capacity: 64)
        let path = "lexicons/html/boilerplate-lines.txt"
        for (line, entry) in try config.listEntries(path) {
            let parts = entry.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].trimmed.isEmpty, !parts[1].trimmed.isEmpty else {
                throw .invalid(path: path, line: line, reason: "expected `text|reason`")
            }
            let text = parts[0].collapsedWhitespace
            let key = ContentSelector.furnitureKey(Array(text.utf8))
            guard lines[key] == nil else { throw .invalid(path: path, line: line, reason: "duplicate line \"\(text)\"") }
            lines[key] = parts[1].trimmed
        }
        furnitureLines = lines
    }

    /// The article paragraphs, dropped blocks with reasons, title, standfirst and metadata of `html`.
    public func clean(html: [UInt8]) -> CleanedDocument {
        let page = PageParser(hints: hints).parse(html, maxBytes: settings.maxInputBytes)
        let selector = ContentSelector(settings: settings, hints: hints, furnitureLines: furnitureLines)
        var (verdicts, _) = selector.select(page)
        let jsonLD = JSONLDArticle(scripts: page.jsonLDScripts)
        var paragraphs: [String] = []
        if let body = jsonLD.articleBody,
            let replacement = applyArticleBody(body, page: page, verdicts: &verdicts)
        {
            paragraphs = replacement
        }
        var removed: [RemovedBlock] = []
        for (index, block) in page.blocks.enumerated() {
            switch verdicts[index] {
            case .kept:
                paragraphs.append(page.string(of: block))
            case .dropped(let reason):
                if block.isInBody { removed.append(RemovedBlock(text: page.string(of: block), reason: reason)) }
            }
        }
        let metadata = self.metadata(of: page, jsonLD: jsonLD)
        let title = self.title(of: page, jsonLD: jsonLD, siteName: metadata.siteName)
        return CleanedDocument(
            title: title, standfirst: standfirst(of: page, paragraphs: paragraphs), paragraphs: paragraphs,
            removed: removed, metadata: metadata)
    }
}
