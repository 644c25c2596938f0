/// Everything the store knows about one country across all articles.
public struct CountryBrief: Codable, Sendable, Equatable {
    public var country: BriefCountry
    public var articleCount: Int
    /// The latest ingest time among the articles (RFC 3339); nil without articles.
    public var updatedAt: String?
    public var summary: [BriefSentence]
    public var people: [BriefPerson]
    public var organizations: [BriefOrganization]
    public var relatedCountries: [BriefRelatedCountry]
    public var timeline: [BriefDate]
    public var figures: [BriefFigure]
    public var articles: [BriefArticle]

    enum CodingKeys: String, CodingKey {
        case country, summary, people, organizations, timeline, figures, articles
        case articleCount = "article_count"
        case updatedAt = "updated_at"
        case relatedCountries = "related_countries"
    }
}

public struct BriefCountry: Codable, Sendable, Equatable {
    public var code: String
    public var alpha3: String
    public var name: String
}

public struct BriefSentence: Codable, Sendable, Equatable {
    public var text: String
    public var articleID: String
    public var score: Double

    enum CodingKeys: String, CodingKey {
        case text, score
        case articleID = "article_id"
    }
}

public struct BriefPerson: Codable, Sendable, Equatable {
    public var name: String
    public var titles: [String]
    public var mentionCount: Int
    public var articleCount: Int

    enum CodingKeys: String, CodingKey {
        case name, titles
        case mentionCount = "mention_count"
        case articleCount = "article_count"
    }
}

public struct BriefOrganization: Codable, Sendable, Equatable {
    public var name: String
    public var mentionCount: Int
    public var articleCount: Int

    enum CodingKeys: String, CodingKey {
        case name
        case mentionCount = "mention_count"
        case articleCount = "article_count"
    }
}

public struct BriefRelatedCountry: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var coMentions: Int

    enum CodingKeys: String, CodingKey {
        case code, name
        case coMentions = "co_mentions"
    }
}

public struct BriefDate: Codable, Sendable, Equatable {
    /// TIMEX3-style value (`2021-08`, `2024-02-15`).
    public var date: String
    /// The date as written.
    public var text: String
    public var sentence: String
    public var articleID: String

    enum CodingKeys: String, CodingKey {
        case date, text, sentence
        case articleID = "article_id"
    }
}

public struct BriefFigure: Codable, Sendable, Equatable {
    public var text: String
    public var value: Double?
    public var unit: String?
    public var kind: String
    public var sentence: String
    public var articleID: String

    enum CodingKeys: String, CodingKey {
        case text, value, unit, kind, sentence
        case articleID = "article_id"
    }
}

public struct BriefArticle: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var url: String?
    public var publishedAt: String?
    public var salience: Double

    enum CodingKeys: String, CodingKey {
        case id, title, url, salience
        case publishedAt = "published_at"
    }
}
