/// A stored article: what was submitted, cleaned, with its facts.
public struct Article: Codable, Sendable, Equatable {
    /// First 16 hex digits of the SHA-256 of `body.text`.
    public var id: String
    public var title: String
    public var standfirst: String?
    public var url: String?
    public var source: String?
    public var author: String?
    public var language: String?
    /// RFC 3339 or `YYYY-MM-DD`, as given or found on the page.
    public var publishedAt: String?
    /// RFC 3339, UTC, set by the server.
    public var ingestedAt: String
    public var body: Body
    public var removed: [RemovedBlock]
    public var wordCount: Int
    public var facts: Facts

    public init(
        id: String, title: String, standfirst: String? = nil, url: String? = nil, source: String? = nil,
        author: String? = nil, language: String? = nil, publishedAt: String? = nil, ingestedAt: String, body: Body,
        removed: [RemovedBlock] = [], wordCount: Int, facts: Facts = .empty
    ) {
        self.id = id
        self.title = title
        self.standfirst = standfirst
        self.url = url
        self.source = source
        self.author = author
        self.language = language
        self.publishedAt = publishedAt
        self.ingestedAt = ingestedAt
        self.body = body
        self.removed = removed
        self.wordCount = wordCount
        self.facts = facts
    }

    /// ISO codes of the countries the article mentions.
    public var countries: [String] { facts.countryCodes }

    /// The date that orders articles: published, else ingested.
    public var sortDate: String { publishedAt ?? ingestedAt }

    enum CodingKeys: String, CodingKey {
        case id, title, standfirst, url, source, author, language, body, removed, facts
        case publishedAt = "published_at"
        case ingestedAt = "ingested_at"
        case wordCount = "word_count"
    }
}

/// The cleaned body of an article.
public struct Body: Codable, Sendable, Equatable {
    public var paragraphs: [String]
    /// Paragraphs joined by a blank line; fact offsets point into this string.
    public var text: String

    public init(paragraphs: [String]) {
        self.paragraphs = paragraphs
        self.text = paragraphs.joined(separator: "\n\n")
    }
}
