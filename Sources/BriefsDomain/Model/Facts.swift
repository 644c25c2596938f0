/// Where a fact stands in the body text: offsets in Unicode scalars (code points) into `Article.body.text`,
/// `end` exclusive, plus the index of the sentence that holds it.
///
/// Stored as three 32-bit numbers (bodies are far below 2^31 scalars; larger values are clamped).
public struct Mention: Codable, Sendable, Hashable {
    private var storedStart: Int32
    private var storedEnd: Int32
    private var storedSentence: Int32

    public var start: Int {
        get { Int(storedStart) }
        set { storedStart = Int32(clamping: newValue) }
    }
    public var end: Int {
        get { Int(storedEnd) }
        set { storedEnd = Int32(clamping: newValue) }
    }
    public var sentence: Int {
        get { Int(storedSentence) }
        set { storedSentence = Int32(clamping: newValue) }
    }

    public init(start: Int, end: Int, sentence: Int) {
        storedStart = Int32(clamping: start)
        storedEnd = Int32(clamping: end)
        storedSentence = Int32(clamping: sentence)
    }

    enum CodingKeys: String, CodingKey {
        case start, end, sentence
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            start: try container.decode(Int.self, forKey: .start), end: try container.decode(Int.self, forKey: .end),
            sentence: try container.decode(Int.self, forKey: .sentence))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(sentence, forKey: .sentence)
    }
}

/// The mentions of one fact, stored compactly: none and one mention need no array (an array costs an allocation of
/// ~64 bytes, and an article has some forty of these lists). Encodes as the JSON array of its mentions.
public struct MentionList: Codable, Sendable, Equatable {
    private enum Storage: Sendable, Equatable {
        case none
        case one(Mention)
        case many([Mention])
    }

    private var storage: Storage

    public init(_ mentions: [Mention]) {
        switch mentions.count {
        case 0: storage = .none
        case 1: storage = .one(mentions[0])
        default: storage = .many(mentions)
        }
    }

    /// The mentions as an array (made on each call when there is exactly one).
    public var mentions: [Mention] {
        switch storage {
        case .none: return []
        case .one(let mention): return [mention]
        case .many(let mentions): return mentions
        }
    }

    public var count: Int {
        switch storage {
        case .none: return 0
        case .one: return 1
        case .many(let mentions): return mentions.count
        }
    }

    /// Whether a mention satisfies `predicate`, without making an array.
    public func contains(where predicate: (Mention) -> Bool) -> Bool {
        switch storage {
        case .none: return false
        case .one(let mention): return predicate(mention)
        case .many(let mentions): return mentions.contains(where: predicate)
        }
    }

    /// Calls `body` on each mention in order, without making an array.
    public func forEach(_ body: (Mention) -> Void) {
        switch storage {
        case .none: return
        case .one(let mention): body(mention)
        case .many(let mentions): mentions.forEach(body)
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([Mention].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(mentions)
    }
}

/// The facts of one article. Every list is sorted deterministically (most mentioned / earliest first).
public struct Facts: Codable, Sendable, Equatable {
    public var countries: [CountryFact]
    public var people: [PersonFact]
    public var organizations: [OrganizationFact]
    public var places: [PlaceFact]
    public var dates: [DateFact]
    public var figures: [FigureFact]
    public var quotes: [QuoteFact]
    public var keySentences: [KeySentence]
    /// Roles named without a person ("Ukraine's president"), attached to a country.
    public var roles: [RoleFact]

    public init(
        countries: [CountryFact] = [], people: [PersonFact] = [], organizations: [OrganizationFact] = [],
        places: [PlaceFact] = [], dates: [DateFact] = [], figures: [FigureFact] = [], quotes: [QuoteFact] = [],
        keySentences: [KeySentence] = [], roles: [RoleFact] = []
    ) {
        self.countries = countries
        self.people = people
        self.organizations = organizations
        self.places = places
        self.dates = dates
        self.figures = figures
        self.quotes = quotes
        self.keySentences = keySentences
        self.roles = roles
    }

    public static let empty = Facts()

    /// ISO codes of the countries mentioned, focus first, then by salience.
    public var countryCodes: [String] { countries.map(\.code) }

    enum CodingKeys: String, CodingKey {
        case countries, people, organizations, places, dates, figures, quotes, roles
        case keySentences = "key_sentences"
    }
}

public struct CountryFact: Codable, Sendable, Equatable {
    /// ISO 3166-1 alpha-2 (plus `XK` for Kosovo).
    public var code: String
    public var name: String
    public var mentionCount: Int
    public var salience: Double
    public var focus: Bool
    public var mentions: [Mention] {
        get { mentionList.mentions }
        set { mentionList = MentionList(newValue) }
    }
    /// `mentions` as stored: without an array of its own when there is at most one (most facts).
    public var mentionList: MentionList

    public init(code: String, name: String, mentionCount: Int, salience: Double, focus: Bool, mentions: [Mention]) {
        self.code = code
        self.name = name
        self.mentionCount = mentionCount
        self.salience = salience
        self.focus = focus
        self.mentionList = MentionList(mentions)
    }

    enum CodingKeys: String, CodingKey {
        case code, name, salience, focus
        case mentionList = "mentions"
        case mentionCount = "mention_count"
    }
}

public struct PersonFact: Codable, Sendable, Equatable {
    public var name: String
    public var titles: [String]
    /// The person's country when the text says it ("U.S. Secretary of State ..."), alpha-2.
    public var country: String?
    public var mentionCount: Int
    public var mentions: [Mention] {
        get { mentionList.mentions }
        set { mentionList = MentionList(newValue) }
    }
    /// `mentions` as stored: without an array of its own when there is at most one (most facts).
    public var mentionList: MentionList

    public init(name: String, titles: [String], country: String?, mentionCount: Int, mentions: [Mention]) {
        self.name = name
        self.titles = titles
        self.country = country
        self.mentionCount = mentionCount
        self.mentionList = MentionList(mentions)
    }

    enum CodingKeys: String, CodingKey {
        case name, titles, country
        case mentionList = "mentions"
        case mentionCount = "mention_count"
    }
}

public struct OrganizationFact: Codable, Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    public var mentionCount: Int
    public var mentions: [Mention] {
        get { mentionList.mentions }
        set { mentionList = MentionList(newValue) }
    }
    /// `mentions` as stored: without an array of its own when there is at most one (most facts).
    public var mentionList: MentionList

    public init(name: String, aliases: [String], mentionCount: Int, mentions: [Mention]) {
        self.name = name
        self.aliases = aliases
        self.mentionCount = mentionCount
        self.mentionList = MentionList(mentions)
    }

    enum CodingKeys: String, CodingKey {
        case name, aliases
        case mentionList = "mentions"
        case mentionCount = "mention_count"
    }
}

public struct PlaceFact: Codable, Sendable, Equatable {
    public var name: String
    /// `city`, `region`, `state`, `country`, ...
    public var kind: String
    /// The place's country, alpha-2, when it has one.
    public var country: String?
    public var mentionCount: Int
    public var mentions: [Mention] {
        get { mentionList.mentions }
        set { mentionList = MentionList(newValue) }
    }
    /// `mentions` as stored: without an array of its own when there is at most one (most facts).
    public var mentionList: MentionList

    public init(name: String, kind: String, country: String?, mentionCount: Int, mentions: [Mention]) {
        self.name = name
        self.kind = kind
        self.country = country
        self.mentionCount = mentionCount
        self.mentionList = MentionList(mentions)
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, country
        case mentionList = "mentions"
        case mentionCount = "mention_count"
    }
}

public struct DateFact: Codable, Sendable, Equatable {
    public var text: String
    /// TIMEX3-style value (`2021-08`, `2024-02-15`, `2024-W07`, `PRESENT_REF`); nil when it can't be resolved.
    public var value: String?
    public var mention: Mention

    public init(text: String, value: String?, mention: Mention) {
        self.text = text
        self.value = value
        self.mention = mention
    }
}

public struct FigureFact: Codable, Sendable, Equatable {
    public var text: String
    public var value: Double?
    public var approximate: Bool
    /// What is counted ("Afghans"), the currency ("USD") or "%".
    public var unit: String?
    /// `QUANTITY`, `MONEY` or `PERCENT`.
    public var kind: String
    public var mention: Mention

    public init(text: String, value: Double?, approximate: Bool, unit: String?, kind: String, mention: Mention) {
        self.text = text
        self.value = value
        self.approximate = approximate
        self.unit = unit
        self.kind = kind
        self.mention = mention
    }
}

public struct QuoteFact: Codable, Sendable, Equatable {
    public var speaker: String?
    /// The quote's text; `sharedText` keeps it, possibly as a slice of the body text (no second copy in memory).
    public var text: String {
        get { String(sharedText) }
        set { sharedText = Substring(newValue) }
    }
    public var direct: Bool
    public var mention: Mention
    /// The text as stored: a store that finds it equal to the body at `mention` keeps a slice of the body instead.
    public var sharedText: Substring

    public init(speaker: String?, text: String, direct: Bool, mention: Mention) {
        self.speaker = speaker
        self.sharedText = Substring(text)
        self.direct = direct
        self.mention = mention
    }

    enum CodingKeys: String, CodingKey {
        case speaker, text, direct, mention
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            speaker: try container.decodeIfPresent(String.self, forKey: .speaker),
            text: try container.decode(String.self, forKey: .text), direct: try container.decode(Bool.self, forKey: .direct),
            mention: try container.decode(Mention.self, forKey: .mention))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(speaker, forKey: .speaker)
        try container.encode(text, forKey: .text)
        try container.encode(direct, forKey: .direct)
        try container.encode(mention, forKey: .mention)
    }
}

public struct KeySentence: Codable, Sendable, Equatable {
    /// The sentence; `sharedText` keeps it, possibly as a slice of the body text (no second copy in memory).
    public var text: String {
        get { String(sharedText) }
        set { sharedText = Substring(newValue) }
    }
    public var score: Double
    public var mention: Mention
    /// The text as stored: a store that finds it equal to the body at `mention` keeps a slice of the body instead.
    public var sharedText: Substring

    public init(text: String, score: Double, mention: Mention) {
        self.sharedText = Substring(text)
        self.score = score
        self.mention = mention
    }

    enum CodingKeys: String, CodingKey {
        case text, score, mention
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            text: try container.decode(String.self, forKey: .text), score: try container.decode(Double.self, forKey: .score),
            mention: try container.decode(Mention.self, forKey: .mention))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(score, forKey: .score)
        try container.encode(mention, forKey: .mention)
    }
}

public struct RoleFact: Codable, Sendable, Equatable {
    public var role: String
    public var country: String
    public var mention: Mention

    public init(role: String, country: String, mention: Mention) {
        self.role = role
        self.country = country
        self.mention = mention
    }
}
