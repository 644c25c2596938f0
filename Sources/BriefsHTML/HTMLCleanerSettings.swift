import BriefsDomain
import Foundation

/// Thresholds and metadata keys of the HTML cleaner, read from `Config/html.json`.
///
/// Every key is optional in the file: a partial file overrides only the keys it names, the rest keep the defaults
/// below. Unknown keys fail the load so that a typo cannot silently leave a default in force.
struct HTMLCleanerSettings: Sendable, Equatable {
    /// Character counts below are of non-space characters, wide ones weighted by `wideCharWeight`.
    /// A block with at least this many (weighted) characters and a low link density counts as prose.
    var minProseChars = 70
    /// The highest link density (link characters / all characters) a prose block may have.
    var maxProseLinkDensity = 0.3
    /// Blocks inside the article above this link density are dropped as link lists.
    var maxBlockLinkDensity = 0.5
    /// A block of at least `fewLinksMinChars` (non-space characters) with at most `fewLinks` links is prose whatever
    /// its link density (a paragraph whose first sentence is one long link), not a link list.
    var fewLinks = 1
    var fewLinksMinChars = 150
    /// Short blocks inside the article above this link density are dropped.
    var maxShortBlockLinkDensity = 0.25
    /// Blocks under this many weighted characters are "short": kept only between prose blocks.
    var shortBlockChars = 45
    /// A container whose heading is a link and whose text is under this many characters is a teaser card.
    var teaserMaxChars = 800
    /// A sibling of the content root joins it when its prose makes up at least this share of its text.
    var siblingProseShare = 0.6
    /// Only kept blocks at least this long (weighted characters) are dropped as duplicates.
    var dedupeMinChars = 300
    /// How many levels above the root to look for such preceding siblings.
    var siblingLevels = 1
    /// The content root moves into a child that holds at least this share of its prose.
    var descendRatio = 0.7
    /// A negative class/id hint on an element holding at least this share of the content root's prose is ignored
    /// (it names a page wrapper such as `has-sidebar`, not a boilerplate box).
    var wrapperHintRatio = 0.5
    /// Weight of a character written with three or more UTF-8 bytes (CJK, kana, hangul): denser scripts say more
    /// per character.
    var wideCharWeight = 2.5
    /// A JSON-LD `articleBody` shorter than this (characters) is not used to select paragraphs.
    var jsonLDMinChars = 300
    /// A DOM block belongs to the JSON-LD body when this share of its word trigrams occur in it.
    var jsonLDBlockMatch = 0.6
    /// The JSON-LD body replaces the structural selection when the DOM blocks it matches cover this share of it.
    var jsonLDCoverage = 0.8
    /// Input beyond this many bytes is cut off before parsing (default 8 MiB).
    var maxInputBytes = 8 * 1024 * 1024
    var titleMetaKeys = ["og:title", "twitter:title"]
    var authorMetaKeys = ["author", "article:author"]
    var publishedMetaKeys = ["article:published_time"]
    var siteNameMetaKeys = ["og:site_name"]
    var descriptionMetaKeys = ["og:description", "description"]
    /// Separators between a headline and the site name in `<title>`.
    var titleSeparators = [" | ", " - ", " – ", " — "]

    init() {}

    /// The file form: every key optional.
    private struct File: Decodable {
        var minProseChars: Int?
        var maxProseLinkDensity: Double?
        var maxBlockLinkDensity: Double?
        var maxShortBlockLinkDensity: Double?
        var fewLinks: Int?
        var fewLinksMinChars: Int?
        var shortBlockChars: Int?
        var descendRatio: Double?
        var teaserMaxChars: Int?
        var siblingProseShare: Double?
        var siblingLevels: Int?
        var dedupeMinChars: Int?
        var wrapperHintRatio: Double?
        var wideCharWeight: Double?
        var jsonLDMinChars: Int?
        var jsonLDBlockMatch: Double?
        var jsonLDCoverage: Double?
        var maxInputBytes: Int?
        var titleMetaKeys: [String]?
        var authorMetaKeys: [String]?
        var publishedMetaKeys: [String]?
        var siteNameMetaKeys: [String]?
        var descriptionMetaKeys: [String]?
        var titleSeparators: [String]?
    }

    private static let knownKeys: Set<String> = [
        "minProseChars", "maxProseLinkDensity", "maxBlockLinkDensity", "maxShortBlockLinkDensity", "fewLinks", "fewLinksMinChars", "shortBlockChars",
        "descendRatio", "teaserMaxChars", "siblingProseShare", "siblingLevels", "dedupeMinChars", "wrapperHintRatio", "wideCharWeight", "jsonLDMinChars", "jsonLDBlockMatch", "jsonLDCoverage",
        "maxInputBytes", "titleMetaKeys", "authorMetaKeys", "publishedMetaKeys", "siteNameMetaKeys",
        "descriptionMetaKeys", "titleSeparators",
    ]

    /// The defaults overridden by `html.json`, or the defaults when the file is absent.
    /// - Throws: `ConfigFileError.invalid` for malformed JSON, unknown keys or out-of-range values.
    init(config: ConfigFiles, path: String = "html.json") throws(ConfigFileError) {
        guard config.files[path] != nil else { return }
        let data = try config.data(path)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .invalid(path: path, line: nil, reason: "not JSON: \(error)")
        }
        guard let dictionary = object as? [String: Any] else {
            throw .invalid(path: path, line: nil, reason: "expected a JSON object")
        }
        if let unknown = dictionary.keys.sorted().first(where: { !Self.knownKeys.contains($0) }) {
            throw .invalid(path: path, line: nil, reason: "unknown key \"\(unknown)\"")
        }
        let file = try config.decode(File.self, from: path)
        if let value = file.minProseChars { minProseChars = value }
        if let value = file.maxProseLinkDensity { maxProseLinkDensity = value }
        if let value = file.maxBlockLinkDensity { maxBlockLinkDensity = value }
        if let value = file.maxShortBlockLinkDensity { maxShortBlockLinkDensity = value }
        if let value = file.shortBlockChars { shortBlockChars = value }
        if let value = file.fewLinks { fewLinks = value }
        if let value = file.fewLinksMinChars { fewLinksMinChars = value }
        if let value = file.descendRatio { descendRatio = value }
        if let value = file.teaserMaxChars { teaserMaxChars = value }
        if let value = file.siblingProseShare { siblingProseShare = value }
        if let value = file.siblingLevels { siblingLevels = value }
        if let value = file.dedupeMinChars { dedupeMinChars = value }
        if let value = file.wrapperHintRatio { wrapperHintRatio = value }
        if let value = file.wideCharWeight { wideCharWeight = value }
        if let value = file.jsonLDMinChars { jsonLDMinChars = value }
        if let value = file.jsonLDBlockMatch { jsonLDBlockMatch = value }
        if let value = file.jsonLDCoverage { jsonLDCoverage = value }
        if let value = file.maxInputBytes { maxInputBytes = value }
        if let value = file.titleMetaKeys { titleMetaKeys = value.map { $0.lowercased() } }
        if let value = file.authorMetaKeys { authorMetaKeys = value.map { $0.lowercased() } }
        if let value = file.publishedMetaKeys { publishedMetaKeys = value.map { $0.lowercased() } }
        if let value = file.siteNameMetaKeys { siteNameMetaKeys = value.map { $0.lowercased() } }
        if let value = file.descriptionMetaKeys { descriptionMetaKeys = value.map { $0.lowercased() } }
        if let value = file.titleSeparators { titleSeparators = value }
        let ratios: [(String, Double)] = [
            ("maxProseLinkDensity", maxProseLinkDensity), ("maxBlockLinkDensity", maxBlockLinkDensity),
            ("maxShortBlockLinkDensity", maxShortBlockLinkDensity), ("descendRatio", descendRatio), ("siblingProseShare", siblingProseShare),
            ("wrapperHintRatio", wrapperHintRatio), ("jsonLDBlockMatch", jsonLDBlockMatch),
            ("jsonLDCoverage", jsonLDCoverage),
        ]
        for (key, value) in ratios where !(0...1).contains(value) {
            throw .invalid(path: path, line: nil, reason: "\(key) must lie in 0...1")
        }
        if minProseChars < 1 || shortBlockChars < 1 || siblingLevels < 0 || fewLinks < 0 || fewLinksMinChars < 1 || dedupeMinChars < 1 || teaserMaxChars < 1 || jsonLDMinChars < 1 || wideCharWeight <= 0 {
            throw .invalid(path: path, line: nil, reason: "character thresholds must be positive")
        }
        if maxInputBytes < 1024 || maxInputBytes > Int(Int32.max) {
            throw .invalid(path: path, line: nil, reason: "maxInputBytes must lie in 1024...\(Int32.max)")
        }
    }
}
