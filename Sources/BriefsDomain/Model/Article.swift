/// A stored article: what was submitted, cleaned, with its facts.
///
/// The facts and removed blocks are kept packed (`PackedFacts`, one byte buffer, about a tenth of the memory of the
/// Swift values): `facts` and `removed` decode on each read and pack on each write. Readers that need only a part
/// use `packedFacts` (`countryCodes`, `country(_:)`, `people`, …). The `Codable` form is unchanged.
/// Equality compares the facts and removed blocks by value (the packed bytes first: equal bytes are equal values).
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
    public var body: Body {
        get { storedBody }
        set {
            // Key sentence and quote texts may be packed as positions in the old body: unpack them first.
            let facts = self.facts
            let removed = self.removed
            storedBody = newValue
            packedFacts = PackedFacts(facts: facts, removed: removed, bodyText: newValue.text)
        }
    }
    public var removed: [RemovedBlock] {
        get { packedFacts.removed }
        set { packedFacts = PackedFacts(facts: facts, removed: newValue, bodyText: storedBody.text) }
    }
    public var wordCount: Int
    public var facts: Facts {
        get { packedFacts.facts(bodyText: storedBody.text) }
        set { packedFacts = PackedFacts(facts: newValue, removed: removed, bodyText: storedBody.text) }
    }
    private var storedBody: Body
    /// The facts and removed blocks as stored; decode only the parts you need.
    public private(set) var packedFacts: PackedFacts

    public init(
        id: String, title: String, standfirst: String? = nil, url: String? = nil, source: String? = nil,
        author: String? = nil, language: String? = nil, publishedAt: String? = nil, ingestedAt: String, body: Body,
        removed: [RemovedBlock] = [], wordCount: Int, facts: Facts = .empty
    ) {
        self.init(
            id: id, title: title, standfirst: standfirst, url: url, source: source, author: author,
            language: language, publishedAt: publishedAt, ingestedAt: ingestedAt, body: body, wordCount: wordCount,
            packedFacts: PackedFacts(facts: facts, removed: removed, bodyText: body.text))
    }

    /// An article whose facts and removed blocks are already packed (as a store reads them from a file).
    /// - Parameter packedFacts: packed against `body.text` (its key sentence and quote texts may be positions in it).
    public init(
        id: String, title: String, standfirst: String?, url: String?, source: String?, author: String?,
        language: String?, publishedAt: String?, ingestedAt: String, body: Body, wordCount: Int,
        packedFacts: PackedFacts
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
        self.storedBody = body
        self.wordCount = wordCount
        self.packedFacts = packedFacts
    }

    /// ISO codes of the countries the article mentions (decodes only those).
    public var countries: [String] { packedFacts.countryCodes }

    /// The fact of country `code`, decoding only that one; nil when the article does not mention it.
    public func countryFact(_ code: String) -> CountryFact? { packedFacts.country(code) }

    /// The date that orders articles: published, else ingested.
    public var sortDate: String { publishedAt ?? ingestedAt }

    /// Field by field; the facts and removed blocks decoded when their bytes differ (the same texts may be packed
    /// as text or as a position in the body, and marked or not as found at their mention).
    public static func == (lhs: Article, rhs: Article) -> Bool {
        guard lhs.id == rhs.id, lhs.title == rhs.title, lhs.standfirst == rhs.standfirst, lhs.url == rhs.url,
            lhs.source == rhs.source, lhs.author == rhs.author, lhs.language == rhs.language,
            lhs.publishedAt == rhs.publishedAt, lhs.ingestedAt == rhs.ingestedAt, lhs.wordCount == rhs.wordCount,
            lhs.storedBody == rhs.storedBody
        else { return false }
        return lhs.packedFacts == rhs.packedFacts || (lhs.facts == rhs.facts && lhs.removed == rhs.removed)
    }

    enum CodingKeys: String, CodingKey {
        case id, title, standfirst, url, source, author, language, body, removed, facts
        case publishedAt = "published_at"
        case ingestedAt = "ingested_at"
        case wordCount = "word_count"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id), title: try container.decode(String.self, forKey: .title),
            standfirst: try container.decodeIfPresent(String.self, forKey: .standfirst),
            url: try container.decodeIfPresent(String.self, forKey: .url),
            source: try container.decodeIfPresent(String.self, forKey: .source),
            author: try container.decodeIfPresent(String.self, forKey: .author),
            language: try container.decodeIfPresent(String.self, forKey: .language),
            publishedAt: try container.decodeIfPresent(String.self, forKey: .publishedAt),
            ingestedAt: try container.decode(String.self, forKey: .ingestedAt),
            body: try container.decode(Body.self, forKey: .body),
            removed: try container.decode([RemovedBlock].self, forKey: .removed),
            wordCount: try container.decode(Int.self, forKey: .wordCount),
            facts: try container.decode(Facts.self, forKey: .facts))
    }

    /// Encodes the fields in declaration order, nil values left out (as the synthesized form did).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(standfirst, forKey: .standfirst)
        try container.encodeIfPresent(url, forKey: .url)
        try container.encodeIfPresent(source, forKey: .source)
        try container.encodeIfPresent(author, forKey: .author)
        try container.encodeIfPresent(language, forKey: .language)
        try container.encodeIfPresent(publishedAt, forKey: .publishedAt)
        try container.encode(ingestedAt, forKey: .ingestedAt)
        try container.encode(storedBody, forKey: .body)
        try container.encode(removed, forKey: .removed)
        try container.encode(wordCount, forKey: .wordCount)
        try container.encode(facts, forKey: .facts)
    }
}

/// The cleaned body of an article.
///
/// Stored compactly: the text once, plus where each paragraph ends (UTF-8 offsets); `paragraphs` is computed from
/// them. The JSON form (`{"paragraphs": [...], "text": "..."}`) is unchanged.
public struct Body: Codable, Sendable, Equatable {
    /// Paragraphs joined by a blank line; fact offsets point into this string.
    public private(set) var text: String
    /// The UTF-8 offset in `text` where each paragraph ends; paragraph `i` starts two bytes after paragraph `i-1` ends.
    private var paragraphEnds: [UInt32]

    public init(paragraphs: [String]) {
        text = paragraphs.joined(separator: "\n\n")
        var ends: [UInt32] = []
        ends.reserveCapacity(paragraphs.count)
        var offset = 0
        for (index, paragraph) in paragraphs.enumerated() {
            offset += (index == 0 ? 0 : 2) + paragraph.utf8.count
            ends.append(UInt32(clamping: offset))
        }
        paragraphEnds = ends
    }

    /// A body whose text is `text` with paragraphs split at the blank lines (`"\n\n"`), as the store reads it back when
    /// the paragraphs were not written out (they join to the text and none holds a blank line).
    public init(text: String) {
        self.text = text
        var ends: [UInt32] = []
        var copy = text
        copy.withUTF8 { bytes in
            guard !bytes.isEmpty else { return }
            Self.forEachBlankLine(in: bytes) { offset in
                ends.append(UInt32(clamping: offset))
                return true
            }
            ends.append(UInt32(clamping: bytes.count))
        }
        paragraphEnds = ends
    }

    /// Calls `visit` with the offset of each `"\n\n"` in `bytes`, scanning from the start and resuming two bytes
    /// after each one (so `"\n\n\n"` has one, at 0), until `visit` returns false. Looks for line feeds eight bytes
    /// at a time: text between paragraphs rarely has one.
    static func forEachBlankLine(in bytes: UnsafeBufferPointer<UInt8>, _ visit: (Int) -> Bool) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var offset = 0
        while offset + 1 < count {
            // The next line feed at or after `offset`.
            while offset + 8 <= count {
                let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
                // A zero byte in `word` is a line feed in the text.
                if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { break }
                offset += 8
            }
            while offset < count && bytes[offset] != 0x0A { offset += 1 }
            guard offset + 1 < count else { return }
            if bytes[offset + 1] == 0x0A {
                guard visit(offset) else { return }
                offset += 2
            } else {
                offset += 1
            }
        }
    }

    /// The article's paragraphs, in order.
    public var paragraphs: [String] {
        get {
            var result: [String] = []
            result.reserveCapacity(paragraphEnds.count)
            let bytes = text.utf8
            var start = 0
            for end in paragraphEnds {
                let lower = bytes.index(bytes.startIndex, offsetBy: start)
                let upper = bytes.index(bytes.startIndex, offsetBy: Int(end))
                result.append(String(text[lower..<upper]))
                start = Int(end) + 2
            }
            return result
        }
        set { self = Body(paragraphs: newValue) }
    }

    /// The number of paragraphs.
    public var paragraphCount: Int { paragraphEnds.count }

    /// Whether there are no paragraphs (`paragraphs.isEmpty` without making them).
    public var isEmpty: Bool { paragraphEnds.isEmpty }

    /// Whether `init(text:)` gives back exactly these paragraphs (so a store may write the text alone). Walks the
    /// text as `init(text:)` does, comparing each blank line with the next paragraph end instead of collecting them.
    public var paragraphsFollowBlankLines: Bool {
        var copy = text
        let ends = paragraphEnds
        return copy.withUTF8 { bytes in
            guard !bytes.isEmpty else { return ends.isEmpty }
            var next = 0
            var matches = true
            Self.forEachBlankLine(in: bytes) { offset in
                matches = next < ends.count && ends[next] == UInt32(clamping: offset)
                next += 1
                return matches
            }
            return matches && next == ends.count - 1 && ends[next] == UInt32(clamping: bytes.count)
        }
    }

    enum CodingKeys: String, CodingKey {
        case paragraphs, text
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(paragraphs: try container.decode([String].self, forKey: .paragraphs))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(paragraphs, forKey: .paragraphs)
        try container.encode(text, forKey: .text)
    }
}
