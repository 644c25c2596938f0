/// What the cleaning stage makes of a submitted page, whatever its input kind (pasted text or raw HTML).
public struct CleanedDocument: Codable, Sendable, Equatable {
    /// The headline, when the input has one.
    public var title: String?
    /// The subtitle or summary line shown under the headline, when the page has one.
    public var standfirst: String?
    /// The article's own paragraphs, in order, boilerplate removed.
    public var paragraphs: [String]
    /// Every dropped block with the reason it was dropped.
    public var removed: [RemovedBlock]
    /// Page metadata found in the input (HTML mostly).
    public var metadata: PageMetadata

    public init(
        title: String? = nil, standfirst: String? = nil, paragraphs: [String], removed: [RemovedBlock] = [],
        metadata: PageMetadata = PageMetadata()
    ) {
        self.title = title
        self.standfirst = standfirst
        self.paragraphs = paragraphs
        self.removed = removed
        self.metadata = metadata
    }

    /// The body as one string: paragraphs separated by a blank line.
    public var text: String { paragraphs.joined(separator: "\n\n") }
}

/// A block the cleaner dropped, and why (`donation-appeal`, `navigation`, `newsletter`, `share`, `caption`,
/// `related`, `legal`, `duplicate-lede`, `duplicate`, `byline`, `short`, ...).
public struct RemovedBlock: Codable, Sendable, Equatable {
    public var text: String
    public var reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }
}

/// Metadata a page states about itself. Explicit fields of a POST win over these.
public struct PageMetadata: Codable, Sendable, Equatable {
    public var author: String?
    /// As found on the page (RFC 3339 or a date); normalised by the caller.
    public var publishedAt: String?
    public var siteName: String?
    public var canonicalURL: String?
    public var language: String?

    public init(
        author: String? = nil, publishedAt: String? = nil, siteName: String? = nil, canonicalURL: String? = nil,
        language: String? = nil
    ) {
        self.author = author
        self.publishedAt = publishedAt
        self.siteName = siteName
        self.canonicalURL = canonicalURL
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case author
        case publishedAt = "published_at"
        case siteName = "site_name"
        case canonicalURL = "canonical_url"
        case language
    }
}
