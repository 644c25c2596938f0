/// The facts and removed blocks of one article as one compact byte buffer: how `Article` keeps them in memory.
///
/// `Facts` as Swift values cost an allocation per array and per long string (each 32+ bytes of header plus malloc
/// rounding), some sixty per article; here they are one allocation. The encoding is private to the process (never
/// written to a file; the JSON forms come from the decoded `Facts`), so it may change freely:
///
/// - a header of ten unsigned LEB128 varints: the byte length of each section, in the order of `Section`;
/// - each non-empty section: the element count (varint), then its elements; an empty section has no bytes;
/// - integers are zigzag varints, strings a varint UTF-8 length and the bytes, an optional string a varint that is 0
///   for nil and the length plus one otherwise, doubles their 8-byte bit pattern (little-endian);
/// - a mention is its start, its length (end − start) and its sentence, each a zigzag varint;
/// - the text of a key sentence or quote is a tag: 0 when it is part of the body (a slice of it, or equal to it at its
///   mention), followed by its UTF-8 start and length there (decoded as a `Substring` of the body, no copy), else the
///   length plus one and the bytes.
///
/// Countries come first and start with their code, so the readers that need only the countries (the store's
/// indexes, a brief's ranking) decode them without touching the rest (`countryCodes`, `country(_:)`).
public struct PackedFacts: Sendable, Equatable {
    /// The sections, in buffer order.
    enum Section: Int, CaseIterable {
        case countries, people, organizations, places, dates, figures, quotes, keySentences, roles, removed
    }

    private var bytes: [UInt8]

    /// Packs `facts` and `removed`; key sentence and quote texts equal to `bodyText` at their mention are kept as
    /// positions in it.
    public init(facts: Facts, removed: [RemovedBlock], bodyText: String) {
        var offsets: ScalarOffsets? = nil
        if !facts.keySentences.isEmpty || !facts.quotes.isEmpty { offsets = ScalarOffsets(bodyText) }
        // The sections one after the other in `writer`, their lengths apart; the header is made at the end.
        var writer = PackWriter()
        var lengths: [Int] = []
        lengths.reserveCapacity(Section.allCases.count)
        func section(_ count: Int, _ elements: (inout PackWriter) -> Void) {
            let start = writer.bytes.count
            if count > 0 {
                writer.unsigned(count)
                elements(&writer)
            }
            lengths.append(writer.bytes.count - start)
        }
        section(facts.countries.count) { writer in
            for country in facts.countries {
                writer.string(country.code)
                writer.string(country.name)
                writer.signed(country.mentionCount)
                writer.double(country.salience)
                writer.byte(country.focus ? 1 : 0)
                writer.mentions(country.mentionList)
            }
        }
        section(facts.people.count) { writer in
            for person in facts.people {
                writer.string(person.name)
                writer.strings(person.titles)
                writer.optionalString(person.country)
                writer.signed(person.mentionCount)
                writer.mentions(person.mentionList)
            }
        }
        section(facts.organizations.count) { writer in
            for organization in facts.organizations {
                writer.string(organization.name)
                writer.strings(organization.aliases)
                writer.signed(organization.mentionCount)
                writer.mentions(organization.mentionList)
            }
        }
        section(facts.places.count) { writer in
            for place in facts.places {
                writer.string(place.name)
                writer.string(place.kind)
                writer.optionalString(place.country)
                writer.signed(place.mentionCount)
                writer.mentions(place.mentionList)
            }
        }
        section(facts.dates.count) { writer in
            for date in facts.dates {
                writer.string(date.text)
                writer.optionalString(date.value)
                writer.mention(date.mention)
            }
        }
        section(facts.figures.count) { writer in
            for figure in facts.figures {
                writer.string(figure.text)
                writer.byte((figure.approximate ? 1 : 0) | (figure.value == nil ? 0 : 2))
                if let value = figure.value { writer.double(value) }
                writer.optionalString(figure.unit)
                writer.string(figure.kind)
                writer.mention(figure.mention)
            }
        }
        section(facts.quotes.count) { writer in
            for quote in facts.quotes {
                writer.optionalString(quote.speaker)
                writer.byte(quote.direct ? 1 : 0)
                writer.mention(quote.mention)
                writer.text(quote.sharedText, at: quote.mention, in: &offsets)
            }
        }
        section(facts.keySentences.count) { writer in
            for sentence in facts.keySentences {
                writer.double(sentence.score)
                writer.mention(sentence.mention)
                writer.text(sentence.sharedText, at: sentence.mention, in: &offsets)
            }
        }
        section(facts.roles.count) { writer in
            for role in facts.roles {
                writer.string(role.role)
                writer.string(role.country)
                writer.mention(role.mention)
            }
        }
        section(removed.count) { writer in
            for block in removed {
                writer.string(block.reason)
                writer.string(block.text)
            }
        }
        // One exact-size buffer: the header, then the sections.
        var header = PackWriter(capacity: 32)
        for length in lengths { header.unsigned(length) }
        let sections = writer.bytes
        let headerBytes = header.bytes
        bytes = [UInt8](unsafeUninitializedCapacity: headerBytes.count + sections.count) { buffer, initialized in
            let headerEnd = buffer.initialize(fromContentsOf: headerBytes)
            initialized =
                headerEnd + UnsafeMutableBufferPointer(rebasing: buffer[headerEnd...]).initialize(fromContentsOf: sections)
        }
    }

    /// Nothing at all (no facts, no removed blocks).
    public static let empty = PackedFacts(facts: .empty, removed: [], bodyText: "")

    /// The size of the buffer in bytes.
    public var byteCount: Int { bytes.count }

    // MARK: Decoding

    /// Runs `body` with a reader at the first element of `section` and its element count (0 for an empty section).
    private func read<Result>(_ section: Section, _ body: (inout PackReader, Int) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = PackReader(buffer: buffer, offset: 0)
            var start = 0
            var length = 0
            for index in 0..<Section.allCases.count {
                let sectionLength = reader.unsigned()
                if index < section.rawValue { start += sectionLength }
                if index == section.rawValue { length = sectionLength }
            }
            guard length > 0 else { return body(&reader, 0) }
            reader.offset += start
            let count = reader.unsigned()
            return body(&reader, count)
        }
    }

    /// The facts, with key sentence and quote texts as slices of `bodyText` where they were packed as positions.
    /// - Parameter bodyText: the text the facts were packed against.
    public func facts(bodyText: String) -> Facts {
        Facts(
            countries: countries, people: people, organizations: organizations, places: places, dates: dates,
            figures: figures, quotes: quotes(bodyText: bodyText), keySentences: keySentences(bodyText: bodyText),
            roles: roles)
    }

    /// ISO codes of the countries, in order (focus first, then by salience), decoding nothing else.
    public var countryCodes: [String] {
        read(.countries) { reader, count in
            var codes: [String] = []
            codes.reserveCapacity(count)
            for _ in 0..<count {
                codes.append(reader.string())
                reader.skipCountryAfterCode()
            }
            return codes
        }
    }

    /// Whether the facts mention the country `code` (no allocation).
    public func mentions(country code: String) -> Bool {
        read(.countries) { reader, count in
            for _ in 0..<count {
                if reader.stringEquals(code) { return true }
                reader.skipCountryAfterCode()
            }
            return false
        }
    }

    /// The fact of the country `code`, decoding only that one; nil when the facts don't mention it.
    public func country(_ code: String) -> CountryFact? {
        read(.countries) { reader, count in
            for _ in 0..<count {
                if reader.stringEquals(code) { return reader.countryAfterCode(code: code) }
                reader.skipCountryAfterCode()
            }
            return nil
        }
    }

    /// The salience of the country `code`; nil when the facts don't mention it.
    public func salience(of code: String) -> Double? {
        read(.countries) { reader, count in
            for _ in 0..<count {
                if reader.stringEquals(code) {
                    reader.skipString()
                    _ = reader.unsignedWide()
                    return reader.double()
                }
                reader.skipCountryAfterCode()
            }
            return nil
        }
    }

    public var countries: [CountryFact] {
        read(.countries) { reader, count in
            var result: [CountryFact] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let code = reader.string()
                result.append(reader.countryAfterCode(code: code))
            }
            return result
        }
    }

    public var people: [PersonFact] {
        read(.people) { reader, count in
            var result: [PersonFact] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let name = reader.string()
                let titles = reader.strings()
                let country = reader.optionalString()
                let mentionCount = reader.signed()
                result.append(
                    PersonFact(
                        name: name, titles: titles, country: country, mentionCount: mentionCount,
                        mentions: reader.mentions()))
            }
            return result
        }
    }

    public var organizations: [OrganizationFact] {
        read(.organizations) { reader, count in
            var result: [OrganizationFact] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let name = reader.string()
                let aliases = reader.strings()
                let mentionCount = reader.signed()
                result.append(
                    OrganizationFact(name: name, aliases: aliases, mentionCount: mentionCount, mentions: reader.mentions()))
            }
            return result
        }
    }

    public var places: [PlaceFact] {
        read(.places) { reader, count in
            var result: [PlaceFact] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let name = reader.string()
                let kind = reader.string()
                let country = reader.optionalString()
                let mentionCount = reader.signed()
                result.append(
                    PlaceFact(
                        name: name, kind: kind, country: country, mentionCount: mentionCount, mentions: reader.mentions()))
            }
            return result
        }
    }

    public var dates: [DateFact] {
        read(.dates) { reader, count in
            var result: [DateFact] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let text = reader.string()
                let value = reader.optionalString()
                result.append(DateFact(text: text, value: value, mention: reader.mention()))
            }
            return result
        }
    }

    public var figures: [FigureFact] {
        read(.figures) { reader, count in
            var result: [FigureFact] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let text = reader.string()
                let flags = reader.byte()
                let value = flags & 2 != 0 ? reader.double() : nil
                let unit = reader.optionalString()
                let kind = reader.string()
                result.append(
                    FigureFact(
                        text: text, value: value, approximate: flags & 1 != 0, unit: unit, kind: kind,
                        mention: reader.mention()))
            }
            return result
        }
    }

    /// - Parameter bodyText: the text the facts were packed against.
    public func quotes(bodyText: String) -> [QuoteFact] {
        read(.quotes) { reader, count in
            var result: [QuoteFact] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let speaker = reader.optionalString()
                let direct = reader.byte() != 0
                let mention = reader.mention()
                var quote = QuoteFact(speaker: speaker, text: "", direct: direct, mention: mention)
                quote.sharedText = reader.text(in: bodyText)
                result.append(quote)
            }
            return result
        }
    }

    /// - Parameter bodyText: the text the facts were packed against.
    public func keySentences(bodyText: String) -> [KeySentence] {
        read(.keySentences) { reader, count in
            var result: [KeySentence] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let score = reader.double()
                let mention = reader.mention()
                var sentence = KeySentence(text: "", score: score, mention: mention)
                sentence.sharedText = reader.text(in: bodyText)
                result.append(sentence)
            }
            return result
        }
    }

    /// Each key sentence's sentence index and score, without its text.
    public var keySentenceScores: [(sentence: Int, score: Double)] {
        read(.keySentences) { reader, count in
            var result: [(sentence: Int, score: Double)] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let score = reader.double()
                result.append((reader.mention().sentence, score))
                reader.skipText()
            }
            return result
        }
    }

    public var roles: [RoleFact] {
        read(.roles) { reader, count in
            var result: [RoleFact] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let role = reader.string()
                let country = reader.string()
                result.append(RoleFact(role: role, country: country, mention: reader.mention()))
            }
            return result
        }
    }

    public var removed: [RemovedBlock] {
        read(.removed) { reader, count in
            var result: [RemovedBlock] = []
            result.reserveCapacity(count)
            for _ in 0..<count {
                let reason = reader.string()
                result.append(RemovedBlock(text: reader.string(), reason: reason))
            }
            return result
        }
    }
}

/// Appends the encoding of `PackedFacts` to a growing buffer.
private struct PackWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Unsigned LEB128.
    mutating func unsigned(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func unsigned(_ value: Int) {
        unsigned(UInt64(bitPattern: Int64(value)))
    }

    /// Zigzag, then LEB128: small magnitudes of either sign take few bytes.
    mutating func signed(_ value: Int) {
        let wide = Int64(value)
        unsigned(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
    }

    mutating func double(_ value: Double) {
        var pattern = value.bitPattern.littleEndian
        withUnsafeBytes(of: &pattern) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ text: String) {
        var copy = text
        copy.withUTF8 { utf8 in
            unsigned(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalString(_ text: String?) {
        guard let text else { return unsigned(0) }
        var copy = text
        copy.withUTF8 { utf8 in
            unsigned(utf8.count + 1)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func strings(_ texts: [String]) {
        unsigned(texts.count)
        for text in texts { string(text) }
    }

    mutating func mention(_ mention: Mention) {
        signed(mention.start)
        signed(mention.end - mention.start)
        signed(mention.sentence)
    }

    mutating func mentions(_ list: MentionList) {
        unsigned(list.count)
        list.forEach { mention($0) }
    }

    /// A key sentence's or quote's text: its position in the body when it is a slice of the body or the body holds
    /// exactly these bytes at its mention.
    mutating func text(_ text: Substring, at mention: Mention, in offsets: inout ScalarOffsets?) {
        // Already a slice of the body (as the store reads texts left out of its files): its position, no walk.
        if let body = offsets?.text, text.base == body {
            unsigned(0)
            unsigned(body.utf8.distance(from: body.utf8.startIndex, to: text.startIndex))
            unsigned(text.utf8.count)
            return
        }
        if offsets != nil, let range = offsets?.utf8Range(mention), let body = offsets?.text {
            var bodyCopy = body
            var textCopy = text
            let same = bodyCopy.withUTF8 { bodyBytes in
                textCopy.withUTF8 { textBytes in
                    textBytes.count == range.count
                        && (range.isEmpty || memcmpEqual(bodyBytes, range.lowerBound, textBytes))
                }
            }
            if same {
                unsigned(0)
                unsigned(range.lowerBound)
                unsigned(range.count)
                return
            }
        }
        var copy = text
        copy.withUTF8 { utf8 in
            unsigned(utf8.count + 1)
            bytes.append(contentsOf: utf8)
        }
    }
}

/// Whether `text` equals `body` from `offset` on (the caller checked that it fits).
private func memcmpEqual(_ body: UnsafeBufferPointer<UInt8>, _ offset: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
    UnsafeBufferPointer(rebasing: body[offset..<offset + text.count]).elementsEqual(text)
}

/// Reads the encoding of `PackedFacts`. The bytes are the process's own, so a read past the end is a programmer
/// error (it traps).
private struct PackReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var offset: Int

    mutating func byte() -> UInt8 {
        precondition(offset < buffer.count, "packed facts: read past the end")
        let value = buffer[offset]
        offset += 1
        return value
    }

    mutating func unsignedWide() -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = byte()
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return value }
            shift += 7
        }
    }

    mutating func unsigned() -> Int {
        Int(truncatingIfNeeded: unsignedWide())
    }

    mutating func signed() -> Int {
        let raw = unsignedWide()
        return Int(truncatingIfNeeded: Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }

    mutating func double() -> Double {
        var pattern: UInt64 = 0
        for index in 0..<8 { pattern |= UInt64(byte()) << (8 * UInt64(index)) }
        return Double(bitPattern: pattern)
    }

    private mutating func bytes(_ count: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(count >= 0 && offset + count <= buffer.count, "packed facts: read past the end")
        defer { offset += count }
        return UnsafeBufferPointer(rebasing: buffer[offset..<offset + count])
    }

    mutating func string() -> String {
        String(decoding: bytes(unsigned()), as: UTF8.self)
    }

    mutating func skipString() {
        offset += unsigned()
    }

    /// Whether the next string is `text`; reads past it either way.
    mutating func stringEquals(_ text: String) -> Bool {
        let stored = bytes(unsigned())
        return text.utf8.elementsEqual(stored)
    }

    mutating func optionalString() -> String? {
        let tag = unsigned()
        return tag == 0 ? nil : String(decoding: bytes(tag - 1), as: UTF8.self)
    }

    mutating func strings() -> [String] {
        let count = unsigned()
        guard count > 0 else { return [] }
        var result: [String] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(string()) }
        return result
    }

    mutating func mention() -> Mention {
        let start = signed()
        let length = signed()
        return Mention(start: start, end: start + length, sentence: signed())
    }

    mutating func mentions() -> [Mention] {
        let count = unsigned()
        guard count > 0 else { return [] }
        var result: [Mention] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(mention()) }
        return result
    }

    mutating func skipMentions() {
        for _ in 0..<unsigned() { _ = mention() }
    }

    /// The rest of a country after its code.
    mutating func countryAfterCode(code: String) -> CountryFact {
        let name = string()
        let mentionCount = signed()
        let salience = double()
        let focus = byte() != 0
        return CountryFact(
            code: code, name: name, mentionCount: mentionCount, salience: salience, focus: focus, mentions: mentions())
    }

    mutating func skipCountryAfterCode() {
        skipString()
        _ = unsignedWide()
        offset += 9
        skipMentions()
    }

    /// A key sentence's or quote's text: a slice of `bodyText` or its own string.
    mutating func text(in bodyText: String) -> Substring {
        let tag = unsigned()
        if tag == 0 {
            let start = unsigned()
            let length = unsigned()
            return ScalarOffsets.slice(bodyText, utf8: start..<start + length)
        }
        return Substring(String(decoding: bytes(tag - 1), as: UTF8.self))
    }

    mutating func skipText() {
        let tag = unsigned()
        if tag == 0 {
            _ = unsignedWide()
            _ = unsignedWide()
        } else {
            offset += tag - 1
        }
    }
}
