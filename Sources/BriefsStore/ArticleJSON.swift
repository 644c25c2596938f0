import BriefsDomain

/// The stored JSON form of an `Article` (journal lines and snapshots), written and read by hand (`JSONBytes.swift`).
///
/// The keys are those of `Article`'s `Codable` form, in sorted order, nil values left out. Format 2 (what this build
/// writes) saves room where the data repeats itself; format 1 (what `JSONEncoder` wrote) is read as well:
/// - a mention is `[start,end,sentence]` (format 1: `{"end":…,"sentence":…,"start":…}`);
/// - `body.paragraphs` is left out when splitting `body.text` at blank lines gives them back;
/// - the `text` of a key sentence or quote is left out when it equals the body text at its mention.
/// The reader accepts either form of each, in any key order, and ignores unknown keys.
enum ArticleJSON {
    // MARK: Writing

    /// Appends `article` as one JSON object (no newline inside: strings escape theirs). The facts and removed blocks
    /// are written straight from their packed bytes (`PackedFacts.withSections`), without decoding them into `Facts`.
    /// - Throws: `JSONValueError` for a NaN or infinite number.
    static func write(_ article: Article, to writer: inout JSONWriter) throws(JSONValueError) {
        try write(
            article, to: &writer,
            facts: { (body, writer) throws(JSONValueError) in
                try writePacked(article.packedFacts, body: &body, to: &writer)
            },
            removed: { writer in writePackedRemoved(article.packedFacts, to: &writer) })
    }

    /// The article object around its facts and removed blocks, whose values `facts` (given the body's scalar
    /// offsets) and `removed` (the array's elements) write. The store writes them from the packed bytes; the tests
    /// pass writers that go through the decoded `Facts` to compare with.
    static func write(
        _ article: Article, to writer: inout JSONWriter,
        facts: (inout ScalarOffsets, inout JSONWriter) throws(JSONValueError) -> Void,
        removed: (inout JSONWriter) -> Void
    ) throws(JSONValueError) {
        var body = ScalarOffsets(article.body.text)
        writer.byte(0x7B)
        if let author = article.author {
            writer.key("author")
            writer.string(author)
            writer.byte(0x2C)
        }
        writer.key("body")
        writer.byte(0x7B)
        if !article.body.paragraphsFollowBlankLines {
            writer.key("paragraphs")
            writer.byte(0x5B)
            for (index, paragraph) in article.body.paragraphs.enumerated() {
                if index > 0 { writer.byte(0x2C) }
                writer.string(paragraph)
            }
            writer.raw("],")
        }
        writer.key("text")
        writer.string(article.body.text)
        writer.raw("},")
        writer.key("facts")
        try facts(&body, &writer)
        writer.byte(0x2C)
        writer.key("id")
        writer.string(article.id)
        writer.byte(0x2C)
        writer.key("ingested_at")
        writer.string(article.ingestedAt)
        if let language = article.language {
            writer.raw(",")
            writer.key("language")
            writer.string(language)
        }
        if let publishedAt = article.publishedAt {
            writer.raw(",")
            writer.key("published_at")
            writer.string(publishedAt)
        }
        writer.raw(",")
        writer.key("removed")
        writer.byte(0x5B)
        removed(&writer)
        writer.byte(0x5D)
        if let source = article.source {
            writer.raw(",")
            writer.key("source")
            writer.string(source)
        }
        if let standfirst = article.standfirst {
            writer.raw(",")
            writer.key("standfirst")
            writer.string(standfirst)
        }
        writer.raw(",")
        writer.key("title")
        writer.string(article.title)
        if let url = article.url {
            writer.raw(",")
            writer.key("url")
            writer.string(url)
        }
        writer.raw(",")
        writer.key("word_count")
        writer.int(article.wordCount)
        writer.byte(0x7D)
    }

    static func write(_ mention: Mention, to writer: inout JSONWriter) {
        writer.byte(0x5B)
        writer.int(mention.start)
        writer.byte(0x2C)
        writer.int(mention.end)
        writer.byte(0x2C)
        writer.int(mention.sentence)
        writer.byte(0x5D)
    }

    /// The removed blocks' objects, from the packed bytes, separated by commas.
    private static func writePackedRemoved(_ packed: PackedFacts, to writer: inout JSONWriter) {
        packed.withSections { sections in
            var (reader, count) = sections.reader(.removed)
            for index in 0..<count {
                if index > 0 { writer.byte(0x2C) }
                writer.raw("{\"reason\":")
                writer.string(utf8: reader.stringBytes())
                writer.raw(",\"text\":")
                writer.string(utf8: reader.stringBytes())
                writer.byte(0x7D)
            }
        }
    }

    // MARK: Writing from the packed bytes

    /// The facts object, read section by section from the packed bytes in the JSON's key order; each element's fields
    /// are read in packed order and written in sorted key order (a copy of the reader marks a part to write later).
    /// Key sentence and quote texts are left out when they equal the body at their mention (as snapshot format 2 has
    /// always done).
    private static func writePacked(_ packed: PackedFacts, body: inout ScalarOffsets, to writer: inout JSONWriter)
        throws(JSONValueError)
    {
        var bodyText = body.text
        let isFinite = bodyText.withUTF8 { bodyBytes in
            packed.withSections { sections in
                var isFinite = true
                /// A double, or nothing and `isFinite` false for one JSON can't hold.
                func double(_ value: Double) {
                    do throws(JSONValueError) { try writer.double(value) } catch { isFinite = false }
                }
                /// `[` each element `]`, elements separated by commas.
                func array(_ section: PackedFacts.Section, _ each: (inout PackedFactsReader) -> Void) {
                    writer.byte(0x5B)
                    var (reader, count) = sections.reader(section)
                    for index in 0..<count {
                        if index > 0 { writer.byte(0x2C) }
                        each(&reader)
                    }
                    writer.byte(0x5D)
                }
                /// Writes a key sentence's or quote's text unless it equals the body at `mention`.
                func text(_ reference: PackedText, at mention: Mention) {
                    let bytes: UnsafeBufferPointer<UInt8>
                    switch reference {
                    case .atMention: return
                    case .inBody(let range): bytes = UnsafeBufferPointer(rebasing: bodyBytes[range])
                    case .own(let own): bytes = own
                    }
                    if let range = body.utf8Range(mention), range.count == bytes.count,
                        UnsafeBufferPointer(rebasing: bodyBytes[range]).elementsEqual(bytes)
                    {
                        return
                    }
                    writer.raw(",\"text\":")
                    writer.string(utf8: bytes)
                }

                writer.raw("{\"countries\":")
                array(.countries) { reader in
                    let code = reader.stringBytes()
                    let name = reader.stringBytes()
                    let mentionCount = reader.signed()
                    let salience = reader.double()
                    let focus = reader.byte() != 0
                    writer.raw("{\"code\":")
                    writer.string(utf8: code)
                    writer.raw(",\"focus\":")
                    writer.bool(focus)
                    writer.raw(",\"mention_count\":")
                    writer.int(mentionCount)
                    writer.raw(",\"mentions\":")
                    writeMentions(&reader, to: &writer)
                    writer.raw(",\"name\":")
                    writer.string(utf8: name)
                    writer.raw(",\"salience\":")
                    double(salience)
                    writer.byte(0x7D)
                }
                writer.raw(",\"dates\":")
                array(.dates) { reader in
                    let text = reader.stringBytes()
                    let value = reader.optionalStringBytes()
                    writer.raw("{\"mention\":")
                    write(reader.mention(), to: &writer)
                    writer.raw(",\"text\":")
                    writer.string(utf8: text)
                    if let value {
                        writer.raw(",\"value\":")
                        writer.string(utf8: value)
                    }
                    writer.byte(0x7D)
                }
                writer.raw(",\"figures\":")
                array(.figures) { reader in
                    let text = reader.stringBytes()
                    let flags = reader.byte()
                    let value = flags & 2 != 0 ? reader.double() : nil
                    let unit = reader.optionalStringBytes()
                    let kind = reader.stringBytes()
                    writer.raw("{\"approximate\":")
                    writer.bool(flags & 1 != 0)
                    writer.raw(",\"kind\":")
                    writer.string(utf8: kind)
                    writer.raw(",\"mention\":")
                    write(reader.mention(), to: &writer)
                    writer.raw(",\"text\":")
                    writer.string(utf8: text)
                    if let unit {
                        writer.raw(",\"unit\":")
                        writer.string(utf8: unit)
                    }
                    if let value {
                        writer.raw(",\"value\":")
                        double(value)
                    }
                    writer.byte(0x7D)
                }
                writer.raw(",\"key_sentences\":")
                array(.keySentences) { reader in
                    let score = reader.double()
                    let mention = reader.mention()
                    writer.raw("{\"mention\":")
                    write(mention, to: &writer)
                    writer.raw(",\"score\":")
                    double(score)
                    text(reader.textReference(), at: mention)
                    writer.byte(0x7D)
                }
                writer.raw(",\"organizations\":")
                array(.organizations) { reader in
                    let name = reader.stringBytes()
                    writer.raw("{\"aliases\":")
                    writeStrings(&reader, to: &writer)
                    writer.raw(",\"mention_count\":")
                    writer.int(reader.signed())
                    writer.raw(",\"mentions\":")
                    writeMentions(&reader, to: &writer)
                    writer.raw(",\"name\":")
                    writer.string(utf8: name)
                    writer.byte(0x7D)
                }
                writer.raw(",\"people\":")
                array(.people) { reader in
                    let name = reader.stringBytes()
                    var titles = reader
                    reader.skipStrings()
                    let country = reader.optionalStringBytes()
                    writer.byte(0x7B)
                    if let country {
                        writer.raw("\"country\":")
                        writer.string(utf8: country)
                        writer.byte(0x2C)
                    }
                    writer.raw("\"mention_count\":")
                    writer.int(reader.signed())
                    writer.raw(",\"mentions\":")
                    writeMentions(&reader, to: &writer)
                    writer.raw(",\"name\":")
                    writer.string(utf8: name)
                    writer.raw(",\"titles\":")
                    writeStrings(&titles, to: &writer)
                    writer.byte(0x7D)
                }
                writer.raw(",\"places\":")
                array(.places) { reader in
                    let name = reader.stringBytes()
                    let kind = reader.stringBytes()
                    let country = reader.optionalStringBytes()
                    writer.byte(0x7B)
                    if let country {
                        writer.raw("\"country\":")
                        writer.string(utf8: country)
                        writer.byte(0x2C)
                    }
                    writer.raw("\"kind\":")
                    writer.string(utf8: kind)
                    writer.raw(",\"mention_count\":")
                    writer.int(reader.signed())
                    writer.raw(",\"mentions\":")
                    writeMentions(&reader, to: &writer)
                    writer.raw(",\"name\":")
                    writer.string(utf8: name)
                    writer.byte(0x7D)
                }
                writer.raw(",\"quotes\":")
                array(.quotes) { reader in
                    let speaker = reader.optionalStringBytes()
                    let direct = reader.byte() != 0
                    let mention = reader.mention()
                    writer.raw("{\"direct\":")
                    writer.bool(direct)
                    writer.raw(",\"mention\":")
                    write(mention, to: &writer)
                    if let speaker {
                        writer.raw(",\"speaker\":")
                        writer.string(utf8: speaker)
                    }
                    text(reader.textReference(), at: mention)
                    writer.byte(0x7D)
                }
                writer.raw(",\"roles\":")
                array(.roles) { reader in
                    let role = reader.stringBytes()
                    let country = reader.stringBytes()
                    writer.raw("{\"country\":")
                    writer.string(utf8: country)
                    writer.raw(",\"mention\":")
                    write(reader.mention(), to: &writer)
                    writer.raw(",\"role\":")
                    writer.string(utf8: role)
                    writer.byte(0x7D)
                }
                writer.byte(0x7D)
                return isFinite
            }
        }
        guard isFinite else { throw JSONValueError() }
    }

    /// A packed mention list (its count, then each) as `[[start,end,sentence],…]`.
    private static func writeMentions(_ reader: inout PackedFactsReader, to writer: inout JSONWriter) {
        writer.byte(0x5B)
        for index in 0..<reader.unsigned() {
            if index > 0 { writer.byte(0x2C) }
            write(reader.mention(), to: &writer)
        }
        writer.byte(0x5D)
    }

    /// A packed string list (its count, then each) as a JSON array of strings.
    private static func writeStrings(_ reader: inout PackedFactsReader, to writer: inout JSONWriter) {
        writer.byte(0x5B)
        for index in 0..<reader.unsigned() {
            if index > 0 { writer.byte(0x2C) }
            writer.string(utf8: reader.stringBytes())
        }
        writer.byte(0x5D)
    }

    static func isMarked(_ index: Int, in mask: UInt64) -> Bool {
        index < 64 && mask & (1 << UInt64(index)) != 0
    }

    // MARK: Reading

    /// Reads one article object (format 1 or 2). The facts and removed blocks go straight into the article's packed
    /// form (`PackedFacts.Builder`), without making `Facts` first; when they come before the body (not in files this
    /// store writes, whose keys are sorted) they are read after it.
    /// - Throws: `JSONReadError` for bad JSON, a missing required key or a mention outside the body.
    static func read(_ reader: inout JSONReader, interner: inout StringInterner) throws(JSONReadError) -> Article {
        let start = reader.index
        var id: String?
        var title: String?
        var standfirst: String?
        var url: String?
        var source: String?
        var author: String?
        var language: String?
        var publishedAt: String?
        var ingestedAt: String?
        var bodyText: String?
        var paragraphs: [String]?
        var wordCount: Int?
        var body: Body?
        var builder: PackedFacts.Builder?
        /// Where the facts and removed blocks met before the body start (read once the body is known).
        var deferred: [(isFacts: Bool, offset: Int)] = []
        try reader.readObject { (reader, key) throws(JSONReadError) in
            switch key {
            case "id": id = try reader.readString()
            case "title": title = try reader.readString()
            case "standfirst": standfirst = try optionalString(&reader)
            case "url": url = try optionalString(&reader)
            case "source": source = try optionalString(&reader).map { interner.intern($0) }
            case "author": author = try optionalString(&reader).map { interner.intern($0) }
            case "language": language = try optionalString(&reader)
            case "published_at": publishedAt = try optionalString(&reader)
            case "ingested_at": ingestedAt = try reader.readString()
            case "word_count": wordCount = try reader.readInt()
            case "body":
                try reader.readObject { (reader, key) throws(JSONReadError) in
                    switch key {
                    case "text": bodyText = try reader.readString()
                    case "paragraphs":
                        var list: [String] = []
                        try reader.readArray { (reader) throws(JSONReadError) in list.append(try reader.readString()) }
                        paragraphs = list
                    default: try reader.skipValue()
                    }
                }
                if let paragraphs {
                    body = Body(paragraphs: paragraphs)
                } else if let bodyText {
                    body = Body(text: bodyText)
                }
                if let body, builder == nil { builder = PackedFacts.Builder(bodyText: body.text) }
            case "removed", "facts":
                if builder == nil {
                    deferred.append((key == "facts", reader.index))
                    try reader.skipValue()
                } else if key == "facts" {
                    try readFacts(&reader, into: &builder!)
                } else {
                    try readRemoved(&reader, into: &builder!)
                }
            default: try reader.skipValue()
            }
        }
        guard let id, let title, let ingestedAt, let wordCount, let body, var builder else {
            throw JSONReadError(reason: "article without id, title, ingested_at, word_count or body", offset: start)
        }
        for (isFacts, offset) in deferred {
            var later = JSONReader(reader.bytes, start: offset, end: reader.end)
            if isFacts {
                try readFacts(&later, into: &builder)
            } else {
                try readRemoved(&later, into: &builder)
            }
        }
        return Article(
            id: id, title: title, standfirst: standfirst, url: url, source: source, author: author, language: language,
            publishedAt: publishedAt, ingestedAt: ingestedAt, body: body, wordCount: wordCount,
            packedFacts: builder.finish())
    }

    private static func readRemoved(_ reader: inout JSONReader, into builder: inout PackedFacts.Builder)
        throws(JSONReadError)
    {
        try reader.readArray { (reader) throws(JSONReadError) in
            var text: String?
            var reason: String?
            try reader.readObject { (reader, key) throws(JSONReadError) in
                switch key {
                case "text": text = try reader.readString()
                case "reason": reason = try reader.readString()
                default: try reader.skipValue()
                }
            }
            guard let text, let reason else { throw reader.error("removed block without text or reason") }
            builder.removedBlock(text: text, reason: reason)
        }
    }

    private static func optionalString(_ reader: inout JSONReader) throws(JSONReadError) -> String? {
        reader.readNull() ? nil : try reader.readString()
    }

    /// `[start,end,sentence]` or `{"start":…,"end":…,"sentence":…}`.
    private static func readMention(_ reader: inout JSONReader) throws(JSONReadError) -> Mention {
        if reader.peek() == 0x5B {
            try reader.expect(0x5B)
            let start = try reader.readInt()
            try reader.expect(0x2C)
            let end = try reader.readInt()
            try reader.expect(0x2C)
            let sentence = try reader.readInt()
            try reader.expect(0x5D)
            return Mention(start: start, end: end, sentence: sentence)
        }
        var start: Int?
        var end: Int?
        var sentence: Int?
        try reader.readObject { (reader, key) throws(JSONReadError) in
            switch key {
            case "start": start = try reader.readInt()
            case "end": end = try reader.readInt()
            case "sentence": sentence = try reader.readInt()
            default: try reader.skipValue()
            }
        }
        guard let start, let end, let sentence else { throw reader.error("incomplete mention") }
        return Mention(start: start, end: end, sentence: sentence)
    }

    private static func readStrings(_ reader: inout JSONReader) throws(JSONReadError) -> [String] {
        var strings: [String] = []
        try reader.readArray { (reader) throws(JSONReadError) in strings.append(try reader.readString()) }
        return strings
    }

    private static func readMentions(_ reader: inout JSONReader) throws(JSONReadError) -> [Mention] {
        var mentions: [Mention] = []
        try reader.readArray { (reader) throws(JSONReadError) in mentions.append(try readMention(&reader)) }
        return mentions
    }

    /// Reads the facts into `builder`, in the order they come.
    private static func readFacts(_ reader: inout JSONReader, into builder: inout PackedFacts.Builder)
        throws(JSONReadError)
    {
        try reader.readObject { (reader, key) throws(JSONReadError) in
            switch key {
            case "countries":
                try reader.readArray { (reader) throws(JSONReadError) in
                    var code: String?
                    var name: String?
                    var mentionCount = 0
                    var salience = 0.0
                    var focus = false
                    var mentions: [Mention] = []
                    try reader.readObject { (reader, key) throws(JSONReadError) in
                        switch key {
                        case "code": code = try reader.readString()
                        case "name": name = try reader.readString()
                        case "mention_count": mentionCount = try reader.readInt()
                        case "salience": salience = try reader.readDouble()
                        case "focus": focus = try reader.readBool()
                        case "mentions": mentions = try readMentions(&reader)
                        default: try reader.skipValue()
                        }
                    }
                    guard let code, let name else { throw reader.error("country without code or name") }
                    builder.country(
                        code: code, name: name, mentionCount: mentionCount, salience: salience, focus: focus,
                        mentions: MentionList(mentions))
                }
            case "people":
                try reader.readArray { (reader) throws(JSONReadError) in
                    var name: String?
                    var titles: [String] = []
                    var country: String?
                    var mentionCount = 0
                    var mentions: [Mention] = []
                    try reader.readObject { (reader, key) throws(JSONReadError) in
                        switch key {
                        case "name": name = try reader.readString()
                        case "titles": titles = try readStrings(&reader)
                        case "country": country = try optionalString(&reader)
                        case "mention_count": mentionCount = try reader.readInt()
                        case "mentions": mentions = try readMentions(&reader)
                        default: try reader.skipValue()
                        }
                    }
                    guard let name else { throw reader.error("person without name") }
                    builder.person(
                        name: name, titles: titles, country: country, mentionCount: mentionCount,
                        mentions: MentionList(mentions))
                }
            case "organizations":
                try reader.readArray { (reader) throws(JSONReadError) in
                    var name: String?
                    var aliases: [String] = []
                    var mentionCount = 0
                    var mentions: [Mention] = []
                    try reader.readObject { (reader, key) throws(JSONReadError) in
                        switch key {
                        case "name": name = try reader.readString()
                        case "aliases": aliases = try readStrings(&reader)
                        case "mention_count": mentionCount = try reader.readInt()
                        case "mentions": mentions = try readMentions(&reader)
                        default: try reader.skipValue()
                        }
                    }
                    guard let name else { throw reader.error("organization without name") }
                    builder.organization(
                        name: name, aliases: aliases, mentionCount: mentionCount, mentions: MentionList(mentions))
                }
            case "places":
                try reader.readArray { (reader) throws(JSONReadError) in
                    var name: String?
                    var kind: String?
                    var country: String?
                    var mentionCount = 0
                    var mentions: [Mention] = []
                    try reader.readObject { (reader, key) throws(JSONReadError) in
                        switch key {
                        case "name": name = try reader.readString()
                        case "kind": kind = try reader.readString()
                        case "country": country = try optionalString(&reader)
                        case "mention_count": mentionCount = try reader.readInt()
                        case "mentions": mentions = try readMentions(&reader)
                        default: try reader.skipValue()
                        }
                    }
                    guard let name, let kind else { throw reader.error("place without name or kind") }
                    builder.place(
                        name: name, kind: kind, country: country, mentionCount: mentionCount,
                        mentions: MentionList(mentions))
                }
            case "dates":
                try reader.readArray { (reader) throws(JSONReadError) in
                    var text: String?
                    var value: String?
                    var mention: Mention?
                    try reader.readObject { (reader, key) throws(JSONReadError) in
                        switch key {
                        case "text": text = try reader.readString()
                        case "value": value = try optionalString(&reader)
                        case "mention": mention = try readMention(&reader)
                        default: try reader.skipValue()
                        }
                    }
                    guard let text, let mention else { throw reader.error("date without text or mention") }
                    builder.date(text: text, value: value, mention: mention)
                }
            case "figures":
                try reader.readArray { (reader) throws(JSONReadError) in
                    var text: String?
                    var value: Double?
                    var approximate = false
                    var unit: String?
                    var kind: String?
                    var mention: Mention?
                    try reader.readObject { (reader, key) throws(JSONReadError) in
                        switch key {
                        case "text": text = try reader.readString()
                        case "value": value = reader.readNull() ? nil : try reader.readDouble()
                        case "approximate": approximate = try reader.readBool()
                        case "unit": unit = try optionalString(&reader)
                        case "kind": kind = try reader.readString()
                        case "mention": mention = try readMention(&reader)
                        default: try reader.skipValue()
                        }
                    }
                    guard let text, let kind, let mention else { throw reader.error("figure without text, kind or mention") }
                    builder.figure(
                        text: text, value: value, approximate: approximate, unit: unit, kind: kind, mention: mention)
                }
            case "quotes":
                try reader.readArray { (reader) throws(JSONReadError) in
                    var speaker: String?
                    var text: String?
                    var direct = false
                    var mention: Mention?
                    try reader.readObject { (reader, key) throws(JSONReadError) in
                        switch key {
                        case "speaker": speaker = try optionalString(&reader)
                        case "text": text = try reader.readString()
                        case "direct": direct = try reader.readBool()
                        case "mention": mention = try readMention(&reader)
                        default: try reader.skipValue()
                        }
                    }
                    guard let mention else { throw reader.error("quote without mention") }
                    guard builder.quote(speaker: speaker, direct: direct, mention: mention, text: text.map { Substring($0) })
                    else { throw reader.error("quote outside the body") }
                }
            case "key_sentences":
                try reader.readArray { (reader) throws(JSONReadError) in
                    var text: String?
                    var score = 0.0
                    var mention: Mention?
                    try reader.readObject { (reader, key) throws(JSONReadError) in
                        switch key {
                        case "text": text = try reader.readString()
                        case "score": score = try reader.readDouble()
                        case "mention": mention = try readMention(&reader)
                        default: try reader.skipValue()
                        }
                    }
                    guard let mention else { throw reader.error("key sentence without mention") }
                    guard builder.keySentence(score: score, mention: mention, text: text.map { Substring($0) }) else {
                        throw reader.error("key sentence outside the body")
                    }
                }
            case "roles":
                try reader.readArray { (reader) throws(JSONReadError) in
                    var role: String?
                    var country: String?
                    var mention: Mention?
                    try reader.readObject { (reader, key) throws(JSONReadError) in
                        switch key {
                        case "role": role = try reader.readString()
                        case "country": country = try reader.readString()
                        case "mention": mention = try readMention(&reader)
                        default: try reader.skipValue()
                        }
                    }
                    guard let role, let country, let mention else { throw reader.error("role without role, country or mention") }
                    builder.role(role: role, country: country, mention: mention)
                }
            default: try reader.skipValue()
            }
        }
    }
}
