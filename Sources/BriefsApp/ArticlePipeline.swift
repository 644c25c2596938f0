import BriefsCrypto
import BriefsDomain
import BriefsHTML
import Foundation

/// What a client submits: text or HTML plus optional explicit fields, which win over extracted ones.
public struct ArticleSubmission: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case text(String)
        case html([UInt8])
    }

    public var content: Content
    public var title: String?
    public var url: String?
    public var source: String?
    /// Already validated: RFC 3339 or `YYYY-MM-DD`.
    public var publishedAt: String?

    public init(content: Content, title: String? = nil, url: String? = nil, source: String? = nil, publishedAt: String? = nil) {
        self.content = content
        self.title = title
        self.url = url
        self.source = source
        self.publishedAt = publishedAt
    }
}

/// The cleaning stage for both input kinds (pasted text, raw HTML).
public struct ArticleCleaner: Sendable {
    public let textCleaner: TextCleaner
    public let htmlCleaner: HTMLCleaner

    public init(config: ConfigFiles) throws(ConfigFileError) {
        textCleaner = try TextCleaner(config: config)
        htmlCleaner = try HTMLCleaner(config: config, textCleaner: textCleaner)
    }

    /// Removal reasons that say "too little to look like article text" rather than "boilerplate": when a submission
    /// with an explicit title is cleaned to nothing, blocks removed only for these reasons are the article (a short
    /// note posted as JSON with its own title is still an article). Pasted pages without a title get no such help.
    static let weakRemovalReasons: Set<String> = ["short", "outside-article"]

    /// Cleans the submission without extracting facts.
    public func clean(_ submission: ArticleSubmission) -> CleanedDocument {
        var cleaned: CleanedDocument
        switch submission.content {
        case .text(let text): cleaned = textCleaner.clean(text: text, title: submission.title)
        case .html(let bytes): cleaned = htmlCleaner.clean(html: bytes)
        }
        if cleaned.paragraphs.isEmpty, submission.title != nil {
            let kept = cleaned.removed.filter { Self.weakRemovalReasons.contains($0.reason) }
            cleaned.paragraphs = kept.map(\.text)
            cleaned.removed.removeAll { Self.weakRemovalReasons.contains($0.reason) }
        }
        return cleaned
    }
}

/// The whole ingest pipeline: clean (text or HTML) → id → facts → `Article`. Pure but for the clock it is given.
public struct ArticlePipeline: Sendable {
    public let cleaner: ArticleCleaner
    public let extractor: FactExtractor
    public let catalog: CountryCatalog

    public init(config: ConfigFiles) throws(ConfigFileError) {
        cleaner = try ArticleCleaner(config: config)
        extractor = try FactExtractor(config: config)
        catalog = try CountryCatalog(config: config)
    }

    /// Cleans the submission without extracting facts.
    public func clean(_ submission: ArticleSubmission) -> CleanedDocument {
        cleaner.clean(submission)
    }

    /// The article for `submission`, ingested at `now`.
    public func article(from submission: ArticleSubmission, ingestedAt now: Date) -> Article {
        let cleaned = clean(submission)
        let body = Body(paragraphs: cleaned.paragraphs)
        let title = submission.title ?? cleaned.title ?? cleaned.paragraphs.first.map { String($0.prefix(120)) } ?? ""
        let publishedAt = submission.publishedAt ?? cleaned.metadata.publishedAt.flatMap(PublishedDate.normalized)
        let facts = extractor.facts(in: body.text, title: title, publishedAt: publishedAt ?? PublishedDate.day(of: now))
        return Article(
            id: Self.id(of: body.text),
            title: title,
            standfirst: cleaned.standfirst,
            url: submission.url ?? cleaned.metadata.canonicalURL,
            source: submission.source ?? cleaned.metadata.siteName,
            author: cleaned.metadata.author,
            language: cleaned.metadata.language,
            publishedAt: publishedAt,
            ingestedAt: PublishedDate.timestamp(now),
            body: body,
            removed: Self.storable(cleaned.removed),
            wordCount: Self.wordCount(body.text),
            facts: facts
        )
    }

    /// Removed blocks as stored with the article: every reason kept, each text cut to 280 characters, at most 200
    /// blocks (a page's navigation can hold hundreds), so the store does not grow with page furniture.
    static func storable(_ removed: [RemovedBlock]) -> [RemovedBlock] {
        removed.prefix(200).map { block in
            guard block.text.count > 280 else { return block }
            return RemovedBlock(text: String(block.text.prefix(279)) + "…", reason: block.reason)
        }
    }

    /// First 16 hex digits of the SHA-256 of the normalised body text.
    public static func id(of bodyText: String) -> String {
        String(SHA256.hex(of: bodyText).prefix(16))
    }

    /// Words in `text`: runs of letters and digits; `.`, `,`, `'`, `’` and `-` between two of them join them
    /// ("U.S.", "3,200", "Albania's" and "war-torn" are one word each).
    ///
    /// Walks the UTF-8 bytes: ASCII bytes are classified directly and other scalars are decoded in place, which
    /// counts the same as `wordCountByScalars` (the definition, and the path for strings without contiguous UTF-8).
    static func wordCount(_ text: String) -> Int {
        let counted = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var counter = WordCounter()
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte < 0x80 {
                    let folded = byte | 0x20
                    let isWord = (byte >= 0x30 && byte <= 0x39) || (folded >= 0x61 && folded <= 0x7A)
                    counter.take(isWord: isWord, isConnector: byte == 0x2E || byte == 0x2C || byte == 0x27 || byte == 0x2D)
                    index += 1
                    continue
                }
                // A Swift string holds valid UTF-8: the lead byte gives the length.
                var value: UInt32
                var length: Int
                if byte >= 0xF0 {
                    value = UInt32(byte & 0x07)
                    length = 4
                } else if byte >= 0xE0 {
                    value = UInt32(byte & 0x0F)
                    length = 3
                } else {
                    value = UInt32(byte & 0x1F)
                    length = 2
                }
                guard index + length <= count else { return nil }
                for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
                guard let scalar = Unicode.Scalar(value) else { return nil }
                counter.take(
                    isWord: scalar.properties.isAlphabetic || scalar.properties.numericType != nil,
                    isConnector: value == 0x2019)
                index += length
            }
            return counter.count
        }
        return (counted ?? nil) ?? wordCountByScalars(text)
    }

    /// The word count of `wordCount(_:)`, scalar by scalar.
    static func wordCountByScalars(_ text: String) -> Int {
        var counter = WordCounter()
        for scalar in text.unicodeScalars {
            let isWordScalar: Bool
            if scalar.isASCII {
                let value = scalar.value
                isWordScalar = (value >= 0x30 && value <= 0x39) || ((value | 0x20) >= 0x61 && (value | 0x20) <= 0x7a)
            } else {
                isWordScalar = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            }
            counter.take(
                isWord: isWordScalar,
                isConnector: scalar == "." || scalar == "," || scalar == "'" || scalar == "\u{2019}" || scalar == "-")
        }
        return counter.count
    }

    /// The state of a word count: a word starts at a word scalar that follows neither a word scalar nor a connector
    /// that itself followed one.
    struct WordCounter {
        var count = 0
        var inWord = false
        var afterConnector = false

        mutating func take(isWord: Bool, isConnector: Bool) {
            if isWord {
                if !inWord && !afterConnector { count += 1 }
                inWord = true
                afterConnector = false
            } else if inWord, isConnector {
                inWord = false
                afterConnector = true
            } else {
                inWord = false
                afterConnector = false
            }
        }
    }
}

/// Publication dates: validation and normalisation of what clients and pages give.
public enum PublishedDate {
    /// The longest timestamp handed to `ISO8601DateFormatter`, in bytes: `2024-02-15T09:30:00.123456789+05:30`
    /// (nanoseconds). ICU's date parser traps (SIGFPE) on a fraction of 40 digits, which killed the server on a
    /// `published_at`, a `since` query or a page's date meta tag (found by fuzzing); longer strings never reach it.
    static let maxTimestampBytes = 35

    /// `YYYY-MM-DD` or RFC 3339 as given (trimmed), or the date part of a looser ISO 8601 form; nil otherwise.
    public static func normalized(_ raw: String) -> String? {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if isDay(value) { return value }
        guard value.utf8.count <= maxTimestampBytes else {
            return value.count >= 10 && isDay(String(value.prefix(10))) ? String(value.prefix(10)) : nil
        }
        let rfc3339 = ISO8601DateFormatter()
        rfc3339.formatOptions = [.withInternetDateTime]
        if rfc3339.date(from: value) != nil { return value }
        rfc3339.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if rfc3339.date(from: value) != nil { return value }
        if value.count >= 10, isDay(String(value.prefix(10))) { return String(value.prefix(10)) }
        return nil
    }

    /// `value` when it is exactly `YYYY-MM-DD` or RFC 3339 (what clients may send); nil otherwise.
    public static func strict(_ value: String) -> String? {
        if isDay(value) { return value }
        guard value.count > 10, value.utf8.count <= maxTimestampBytes, isDay(String(value.prefix(10))) else {
            return nil
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if formatter.date(from: value) != nil { return value }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: value) != nil ? value : nil
    }

    /// Whether `value` is a valid calendar day `YYYY-MM-DD`.
    public static func isDay(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard value.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let days = [31, (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// RFC 3339 UTC timestamp with seconds (`2024-02-15T09:30:00Z`), computed without a formatter (one is costly
    /// to create, and this runs on every POST).
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))Z"
    }

    /// The proleptic Gregorian date of a day count from 1970-01-01 (H. Hinnant's days-to-civil algorithm).
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD` of `date` in UTC.
    public static func day(of date: Date) -> String {
        String(timestamp(date).prefix(10))
    }
}
