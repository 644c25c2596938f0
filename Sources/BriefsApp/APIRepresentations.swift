import BriefsDomain
import BriefsStore
import Foundation

/// The summary fields of an article, as listed and as answered to a POST.
struct ArticleSummary: Encodable {
    let article: Article

    enum CodingKeys: String, CodingKey {
        case id, title, url, source, countries
        case publishedAt = "published_at"
        case ingestedAt = "ingested_at"
        case wordCount = "word_count"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(article.id, forKey: .id)
        try container.encode(article.title, forKey: .title)
        try container.encode(article.url, forKey: .url)
        try container.encode(article.source, forKey: .source)
        try container.encode(article.publishedAt, forKey: .publishedAt)
        try container.encode(article.ingestedAt, forKey: .ingestedAt)
        try container.encode(article.wordCount, forKey: .wordCount)
        try container.encode(article.countries, forKey: .countries)
    }
}

extension ArticleSummary {
    /// The same bytes `APIJSON.encode(self)` gives (sorted keys, slashes unescaped), written by hand: this is the
    /// body of every `POST /v1/articles` answer, and `JSONEncoder` costs tens of microseconds per call.
    var jsonBytes: [UInt8] {
        var json = JSONWriter(capacity: 256 + article.title.utf8.count + (article.url?.utf8.count ?? 0))
        json.raw("{\"countries\":[")
        for (index, code) in article.countries.enumerated() {
            if index > 0 { json.raw(",") }
            json.string(code)
        }
        json.raw("],\"id\":")
        json.string(article.id)
        json.raw(",\"ingested_at\":")
        json.string(article.ingestedAt)
        json.raw(",\"published_at\":")
        json.string(article.publishedAt)
        json.raw(",\"source\":")
        json.string(article.source)
        json.raw(",\"title\":")
        json.string(article.title)
        json.raw(",\"url\":")
        json.string(article.url)
        json.raw(",\"word_count\":")
        json.int(article.wordCount)
        json.raw("}")
        return json.bytes
    }
}

/// The whole article: summary fields plus body, removed blocks and facts.
struct ArticleDetail: Encodable {
    let article: Article

    enum CodingKeys: String, CodingKey {
        case standfirst, author, language, body, removed, facts
    }

    func encode(to encoder: any Encoder) throws {
        try ArticleSummary(article: article).encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(article.standfirst, forKey: .standfirst)
        try container.encode(article.author, forKey: .author)
        try container.encode(article.language, forKey: .language)
        try container.encode(article.body, forKey: .body)
        try container.encode(article.removed, forKey: .removed)
        try container.encode(article.facts, forKey: .facts)
    }
}

struct ArticleList: Encodable {
    let items: [ArticleSummary]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

struct CountryListItem: Encodable {
    let code: String
    let name: String
    let articleCount: Int
    let lastPublishedAt: String?

    enum CodingKeys: String, CodingKey {
        case code, name
        case articleCount = "article_count"
        case lastPublishedAt = "last_published_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
        try container.encode(articleCount, forKey: .articleCount)
        try container.encode(lastPublishedAt, forKey: .lastPublishedAt)
    }
}

struct CountryList: Encodable {
    let items: [CountryListItem]
}

/// One JSON encoder configuration for every response: sorted keys (stable bytes, stable ETags), no escaped slashes.
enum APIJSON {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
