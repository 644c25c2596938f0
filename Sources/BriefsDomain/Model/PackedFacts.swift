/// The facts and removed blocks of one article as one compact byte buffer: how `Article` keeps them in memory.
///
/// `Facts` as Swift values cost an allocation per array and per long string (each 32+ bytes of header plus malloc
/// rounding), some sixty per article; here they are one allocation. The encoding is private to the process (never
/// written to a file; the store's JSON writer reads it through `withSections(_:)` and `PackedFactsReader`, which
/// change with it), so it may change freely:
///
/// - a header of ten unsigned LEB128 varints: the byte length of each section, in the order of `Section`;
/// - each non-empty section: the element count (varint), then its elements; an empty section has no bytes;
/// - integers are zigzag varints, strings a varint UTF-8 length and the bytes, an optional string a varint that is 0
///   for nil and the length plus one otherwise, doubles their 8-byte bit pattern (little-endian);
/// - a mention is its start, its length (end − start) and its sentence, each a zigzag varint;
/// - the text of a key sentence or quote is a tag: 0 when it equals the body at its mention, 1 when it is another part
///   of the body (a slice of it), each followed by its UTF-8 start and length there (decoded as a `Substring` of the
///   body, no copy); else the length plus two and the bytes. (Tag 0 lets a writer leave such texts out without
///   comparing them with the body again: `textsAtMentions`.)
///
/// Countries come first and start with their code, so the readers that need only the countries (the store's
/// indexes, a brief's ranking) decode them without touching the rest (`countryCodes`, `country(_:)`).
public struct PackedFacts: Sendable, Equatable {
    /// The sections, in buffer order.
    public enum Section: Int, CaseIterable, Sendable {
        case countries, people, organizations, places, dates, figures, quotes, keySentences, roles, removed
    }

    private var bytes: [UInt8]

    /// Packs `facts` and `removed`; key sentence and quote texts that are slices of `bodyText` or equal to it at
    /// their mention are kept as positions in it.
    public init(facts: Facts, removed: [RemovedBlock], bodyText: String) {
        var builder = Builder(bodyText: bodyText)
        for country in facts.countries {
            builder.country(
                code: country.code, name: country.name, mentionCount: country.mentionCount, salience: country.salience,
                focus: country.focus, mentions: country.mentionList)
        }
        for person in facts.people {
            builder.person(
                name: person.name, titles: person.titles, country: person.country, mentionCount: person.mentionCount,
                mentions: person.mentionList)
        }
        for organization in facts.organizations {
            builder.organization(
                name: organization.name, aliases: organization.aliases, mentionCount: organization.mentionCount,
                mentions: organization.mentionList)
        }
        for place in facts.places {
            builder.place(
                name: place.name, kind: place.kind, country: place.country, mentionCount: place.mentionCount,
                mentions: place.mentionList)
        }
        for date in facts.dates { builder.date(text: date.text, value: date.value, mention: date.mention) }
        for figure in facts.figures {
            builder.figure(
                text: figure.text, value: figure.value, approximate: figure.approximate, unit: figure.unit,
                kind: figure.kind, mention: figure.mention)
        }
        for quote in facts.quotes {
            _ = builder.quote(speaker: quote.speaker, direct: quote.direct, mention: quote.mention, text: quote.sharedText)
        }
        for sentence in facts.keySentences {
            _ = builder.keySentence(score: sentence.score, mention: sentence.mention, text: sentence.sharedText)
        }
        for role in facts.roles { builder.role(role: role.role, country: role.country, mention: role.mention) }
        for block in removed { builder.removedBlock(text: block.text, reason: block.reason) }
        self = builder.finish()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Packs facts and removed blocks one at a time, in any order of sections (a reader of a file appends them as it
    /// meets them, without making `Facts` first). Elements of one section keep their order; a section met a second
    /// time after another one started replaces its first run.
    public struct Builder {
        private let bodyText: String
        private var offsets: ScalarOffsets?
        /// Elements of the sections as they came.
        private var writer = PackWriter(capacity: 2048)
        /// Per section: where its elements lie in `writer` and how many there are.
        private var runs = [(start: Int, end: Int, count: Int)](repeating: (0, 0, 0), count: Section.allCases.count)
        private var open: Section?

        /// - Parameter bodyText: the body the key sentence and quote texts are taken from or compared with.
        public init(bodyText: String) {
            self.bodyText = bodyText
        }

        /// Starts an element of `section`.
        private mutating func element(of section: Section) {
            if open != section {
                close()
                open = section
                runs[section.rawValue] = (writer.bytes.count, writer.bytes.count, 0)
            }
            runs[section.rawValue].count += 1
        }

        private mutating func close() {
            guard let open else { return }
            runs[open.rawValue].end = writer.bytes.count
        }

        public mutating func country(
            code: String, name: String, mentionCount: Int, salience: Double, focus: Bool, mentions: MentionList
        ) {
            element(of: .countries)
            writer.string(code)
            writer.string(name)
            writer.signed(mentionCount)
            writer.double(salience)
            writer.byte(focus ? 1 : 0)
            writer.mentions(mentions)
        }

        public mutating func person(
            name: String, titles: [String], country: String?, mentionCount: Int, mentions: MentionList
        ) {
            element(of: .people)
            writer.string(name)
            writer.strings(titles)
            writer.optionalString(country)
            writer.signed(mentionCount)
            writer.mentions(mentions)
        }

        public mutating func organization(name: String, aliases: [String], mentionCount: Int, mentions: MentionList) {
            element(of: .organizations)
            writer.string(name)
            writer.strings(aliases)
            writer.signed(mentionCount)
            writer.mentions(mentions)
        }

        public mutating func place(name: String, kind: String, country: String?, mentionCount: Int, mentions: MentionList) {
            element(of: .places)
            writer.string(name)
            writer.string(kind)
            writer.optionalString(country)
            writer.signed(mentionCount)
            writer.mentions(mentions)
        }

        public mutating func date(text: String, value: String?, mention: Mention) {
            element(of: .dates)
            writer.string(text)
            writer.optionalString(value)
            writer.mention(mention)
        }

        public mutating func figure(
            text: String, value: Double?, approximate: Bool, unit: String?, kind: String, mention: Mention
        ) {
            element(of: .figures)
            writer.string(text)
            writer.byte((approximate ? 1 : 0) | (value == nil ? 0 : 2))
            if let value { writer.double(value) }
            writer.optionalString(unit)
            writer.string(kind)
            writer.mention(mention)
        }

        /// - Parameter text: the quote, or nil for the body text at `mention`.
        /// - Returns: false (nothing added) when `text` is nil and `mention` lies outside the body.
        public mutating func quote(speaker: String?, direct: Bool, mention: Mention, text: Substring?) -> Bool {
            guard let (range, atMention) = textRange(text, at: mention) else { return false }
            element(of: .quotes)
            writer.optionalString(speaker)
            writer.byte(direct ? 1 : 0)
            writer.mention(mention)
            writer.text(text, in: range, atMention: atMention)
            return true
        }

        /// - Parameter text: the sentence, or nil for the body text at `mention`.
        /// - Returns: false (nothing added) when `text` is nil and `mention` lies outside the body.
        public mutating func keySentence(score: Double, mention: Mention, text: Substring?) -> Bool {
            guard let (range, atMention) = textRange(text, at: mention) else { return false }
            element(of: .keySentences)
            writer.double(score)
            writer.mention(mention)
            writer.text(text, in: range, atMention: atMention)
            return true
        }

        public mutating func role(role: String, country: String, mention: Mention) {
            element(of: .roles)
            writer.string(role)
            writer.string(country)
            writer.mention(mention)
        }

        public mutating func removedBlock(text: String, reason: String) {
            element(of: .removed)
            writer.string(reason)
            writer.string(text)
        }

        /// Where a key sentence's or quote's text lies in the body, and whether that is at its mention: the range
        /// when it is a slice of the body (at its mention not checked: no walk over the body) or equal to the body at
        /// its mention, or (for nil) the body at its mention; a nil range when it is a text of its own; nil when it
        /// is nil and the mention lies outside the body.
        private mutating func textRange(_ text: Substring?, at mention: Mention) -> (Range<Int>?, atMention: Bool)? {
            if let text, text.base == bodyText {
                let utf8 = bodyText.utf8
                let start = utf8.distance(from: utf8.startIndex, to: text.startIndex)
                return (start..<start + text.utf8.count, false)
            }
            if offsets == nil { offsets = ScalarOffsets(bodyText) }
            guard let range = offsets?.utf8Range(mention) else { return text == nil ? nil : (nil, false) }
            guard let text else { return (range, true) }
            var body = bodyText
            var candidate = text
            let same = body.withUTF8 { bodyBytes in
                candidate.withUTF8 { textBytes in
                    textBytes.count == range.count
                        && UnsafeBufferPointer(rebasing: bodyBytes[range]).elementsEqual(textBytes)
                }
            }
            return same ? (range, true) : (nil, false)
        }

        /// The packed facts: the header, then each section's count and elements, in one exact-size buffer.
        public consuming func finish() -> PackedFacts {
            close()
            var header = PackWriter(capacity: 48)
            for run in runs {
                header.unsigned(run.count == 0 ? 0 : PackWriter.unsignedSize(run.count) + run.end - run.start)
            }
            for run in runs where run.count > 0 {
                header.unsigned(run.count)
                header.bytes.append(contentsOf: writer.bytes[run.start..<run.end])
            }
            // `header` now holds everything; copy it into a buffer without spare capacity.
            let all = header.bytes
            return PackedFacts(
                bytes: [UInt8](unsafeUninitializedCapacity: all.count) { buffer, initialized in
                    initialized = buffer.initialize(fromContentsOf: all)
                })
        }
    }

    /// Runs `body` with a view of the sections, to read them without decoding them into Swift values (a writer of
    /// another format walks them this way). The view and its readers must not escape `body`.
    public func withSections<Result>(_ body: (Sections) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { body(Sections(buffer: $0)) }
    }

    /// The sections of a packed buffer, for `withSections(_:)`.
    public struct Sections {
        let buffer: UnsafeBufferPointer<UInt8>

        /// A reader at the first element of `section`, and the section's element count (0: the reader must not be
        /// used).
        public func reader(_ section: Section) -> (reader: PackedFactsReader, count: Int) {
            var reader = PackedFactsReader(buffer: buffer, offset: 0)
            var start = 0
            var length = 0
            for index in 0...section.rawValue {
                let sectionLength = reader.unsigned()
                if index < section.rawValue { start += sectionLength } else { length = sectionLength }
            }
            guard length > 0 else { return (reader, 0) }
            // Past the rest of the header.
            for _ in section.rawValue + 1..<Section.allCases.count { _ = reader.unsignedWide() }
            reader.offset += start
            let count = reader.unsigned()
            return (reader, count)
        }
    }

    /// Nothing at all (no facts, no removed blocks).
    public static let empty = PackedFacts(facts: .empty, removed: [], bodyText: "")

    /// The size of the buffer in bytes.
    public var byteCount: Int { bytes.count }

    // MARK: Decoding

    /// Runs `body` with a reader at the first element of `section` and its element count (0 for an empty section).
    private func read<Result>(_ section: Section, _ body: (inout PackedFactsReader, Int) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = PackedFactsReader(buffer: buffer, offset: 0)
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

    /// Which key sentence and quote texts are known to equal the body at their mention (bit `i` for element `i`;
    /// elements from 64 on are never marked). A writer may leave these texts out without comparing them again; an
    /// unmarked text may still equal the body there (it was packed as a slice of the body without that check).
    public var textsAtMentions: (keySentences: UInt64, quotes: UInt64) {
        func marks(_ section: Section) -> UInt64 {
            read(section) { reader, count in
                var mask: UInt64 = 0
                for index in 0..<count {
                    if section == .quotes {
                        reader.skipOptionalString()
                        _ = reader.byte()
                    } else {
                        _ = reader.double()
                    }
                    _ = reader.mention()
                    if reader.skipText() && index < 64 { mask |= 1 << UInt64(index) }
                }
                return mask
            }
        }
        return (marks(.keySentences), marks(.quotes))
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

    /// The number of bytes `unsigned(value)` appends.
    static func unsignedSize(_ value: Int) -> Int {
        var size = 1
        var rest = UInt64(bitPattern: Int64(value)) >> 7
        while rest != 0 {
            size += 1
            rest >>= 7
        }
        return size
    }

    /// A key sentence's or quote's text: its UTF-8 range in the body when it has one, else its own bytes.
    mutating func text(_ text: Substring?, in range: Range<Int>?, atMention: Bool) {
        if let range {
            unsigned(atMention ? 0 : 1)
            unsigned(range.lowerBound)
            unsigned(range.count)
            return
        }
        var copy = text ?? ""
        copy.withUTF8 { utf8 in
            unsigned(utf8.count + 2)
            bytes.append(contentsOf: utf8)
        }
    }
}

/// Reads the encoding of `PackedFacts` (see there for the layout of each section's elements). The bytes are the
/// process's own, so a read past the end is a programmer error (it traps).
///
/// Outside this file a reader comes only from `PackedFacts.withSections(_:)` and must not outlive its closure; the
/// byte buffers it returns (`stringBytes()`, …) point into the packed buffer and live as long. Readers are values:
/// a copy is a bookmark to read a part again later.
public struct PackedFactsReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var offset: Int

    init(buffer: UnsafeBufferPointer<UInt8>, offset: Int) {
        self.buffer = buffer
        self.offset = offset
    }

    public mutating func byte() -> UInt8 {
        precondition(offset < buffer.count, "packed facts: read past the end")
        let value = buffer[offset]
        offset += 1
        return value
    }

    public mutating func unsignedWide() -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = byte()
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return value }
            shift += 7
        }
    }

    public mutating func unsigned() -> Int {
        Int(truncatingIfNeeded: unsignedWide())
    }

    public mutating func signed() -> Int {
        let raw = unsignedWide()
        return Int(truncatingIfNeeded: Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }

    public mutating func double() -> Double {
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

    public mutating func skipString() {
        offset += unsigned()
    }

    /// Whether the next string is `text`; reads past it either way.
    mutating func stringEquals(_ text: String) -> Bool {
        let stored = bytes(unsigned())
        return text.utf8.elementsEqual(stored)
    }

    mutating func skipOptionalString() {
        let tag = unsigned()
        if tag > 0 { offset += tag - 1 }
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

    public mutating func mention() -> Mention {
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
        if tag < 2 {
            let start = unsigned()
            let length = unsigned()
            return ScalarOffsets.slice(bodyText, utf8: start..<start + length)
        }
        return Substring(String(decoding: bytes(tag - 2), as: UTF8.self))
    }

    /// The UTF-8 bytes of the next string (no copy).
    public mutating func stringBytes() -> UnsafeBufferPointer<UInt8> {
        bytes(unsigned())
    }

    /// The UTF-8 bytes of the next optional string (no copy); nil for nil.
    public mutating func optionalStringBytes() -> UnsafeBufferPointer<UInt8>? {
        let tag = unsigned()
        return tag == 0 ? nil : bytes(tag - 1)
    }

    /// Skips a list of strings (its count, then each).
    public mutating func skipStrings() {
        for _ in 0..<unsigned() { skipString() }
    }

    /// Where the next key sentence's or quote's text is (see `PackedText`).
    public mutating func textReference() -> PackedText {
        let tag = unsigned()
        if tag < 2 {
            let start = unsigned()
            let length = unsigned()
            return tag == 0 ? .atMention(utf8: start..<start + length) : .inBody(utf8: start..<start + length)
        }
        return .own(bytes(tag - 2))
    }

    /// Skips a text; returns whether it was marked as equal to the body at its mention.
    @discardableResult
    public mutating func skipText() -> Bool {
        let tag = unsigned()
        if tag < 2 {
            _ = unsignedWide()
            _ = unsignedWide()
        } else {
            offset += tag - 2
        }
        return tag == 0
    }
}

/// Where a packed key sentence's or quote's text is: UTF-8 ranges are in the body text the facts were packed against.
public enum PackedText {
    /// Known to equal the body at the element's mention (`range` is that place).
    case atMention(utf8: Range<Int>)
    /// A part of the body, not checked against the mention.
    case inBody(utf8: Range<Int>)
    /// A text of its own (its UTF-8 bytes, inside the packed buffer).
    case own(UnsafeBufferPointer<UInt8>)
}
