@testable import BriefsApp
import BriefsDomain
import BriefsHTML
import BriefsHTTP
import Foundation

/// `ArticleInputDecoder` on the body of a `POST /v1/articles`: byte 0 picks the Content-Type, the rest is the body.
/// Every refusal must be a 4xx problem; every acceptance a usable submission; the byte-level JSON reader agrees with
/// `JSONDecoder` wherever it answers.
public enum JSONIngestTarget {
    static let contentTypes = [
        "application/json", "application/json; charset=utf-8", "text/plain", "text/html", "APPLICATION/JSON ;x=y",
        "text/plain;charset=utf-8", "application/xhtml+xml", "",
    ]

    public static func run(_ input: [UInt8]) {
        guard let control = input.first else { return }
        let contentType = contentTypes[Int(control) % contentTypes.count]
        let request = Request(
            method: "POST", target: "/v1/articles", path: "/v1/articles",
            headers: HTTPHeaders(contentType.isEmpty ? [] : [("Content-Type", contentType)]),
            body: Array(input.dropFirst()))
        // The byte-level JSON reader must read every body it accepts exactly as JSONDecoder does.
        if ArticleInputDecoder.fastPathAgrees(request.body) == false { violated("byte reader and JSONDecoder differ") }
        do {
            let submission = try ArticleInputDecoder.submission(from: request)
            switch submission.content {
            case .text(let text):
                if text.allSatisfy(\.isWhitespace) { violated("an accepted empty text") }
            case .html(let bytes):
                if !bytes.contains(where: { $0 > 0x20 }) { violated("an accepted empty page") }
            }
            if let title = submission.title {
                if title.isEmpty || title.first?.isWhitespace == true || title.last?.isWhitespace == true
                    || title.contains(where: \.isNewline)
                {
                    violated("title \(title.debugDescription)")
                }
            }
            if let published = submission.publishedAt, PublishedDate.strict(published) != published {
                violated("published_at \(published.debugDescription) is not stable")
            }
        } catch {
            if ![400, 415, 422].contains(error.status) { violated("status \(error.status)") }
            if error.detail.isEmpty { violated("a problem without detail") }
            _ = error.body
        }
    }
}

/// `TextCleaner` on pasted text: the bytes as UTF-8 (invalid sequences replaced); byte 0's low bit gives the first
/// line as the title.
public enum TextCleanerTarget {
    public static func run(_ input: [UInt8]) {
        guard let control = input.first else { return }
        let text = String(decoding: input.dropFirst(), as: UTF8.self)
        let title = control & 1 == 1 ? text.split(whereSeparator: \.isNewline).first.map(String.init) : nil
        checkCleaned(Services.shared.textCleaner.clean(text: text, title: title))
    }
}

/// `HTMLCleaner` (libxml2's HTML parser, then block selection and the text cleaner) on raw page bytes.
public enum HTMLCleanerTarget {
    public static func run(_ input: [UInt8]) {
        checkCleaned(Services.shared.htmlCleaner.clean(html: input))
    }
}

/// `FactExtractor` on a body text: byte 0 picks the publication date and whether the first line is the title.
/// Every mention must lie inside the text, every number must be finite, and the facts must encode as JSON.
public enum FactsTarget {
    static let dates: [String?] = [nil, "2024-02-15", "2024-02-29T23:59:59Z", "0001-01-01", "9999-12-31", "1970-01-01"]

    public static func run(_ input: [UInt8]) {
        guard let control = input.first else { return }
        let text = String(decoding: input.dropFirst(), as: UTF8.self)
        let title = control & 1 == 1 ? text.split(whereSeparator: \.isNewline).first.map(String.init) : nil
        let publishedAt = dates[Int(control >> 1) % dates.count]
        let facts = Services.shared.extractor.facts(in: text, title: title, publishedAt: publishedAt)
        let length = text.unicodeScalars.count
        var mentions: [Mention] = []
        for country in facts.countries {
            if !country.salience.isFinite { violated("salience \(country.salience)") }
            mentions += country.mentions
        }
        mentions += facts.people.flatMap(\.mentions)
        mentions += facts.organizations.flatMap(\.mentions)
        mentions += facts.places.flatMap(\.mentions)
        mentions += facts.dates.map(\.mention)
        mentions += facts.figures.map(\.mention)
        mentions += facts.quotes.map(\.mention)
        mentions += facts.keySentences.map(\.mention)
        mentions += facts.roles.map(\.mention)
        for mention in mentions where mention.start < 0 || mention.start > mention.end || mention.end > length
            || mention.sentence < 0
        {
            violated("mention \(mention.start)..<\(mention.end) (sentence \(mention.sentence)) in \(length) scalars")
        }
        for figure in facts.figures where figure.value.map({ !$0.isFinite }) ?? false {
            violated("figure value \(String(describing: figure.value))")
        }
        for sentence in facts.keySentences where !sentence.score.isFinite { violated("score \(sentence.score)") }
        do {
            _ = try JSONEncoder().encode(facts)
        } catch {
            violated("the facts cannot be encoded: \(error)")
        }
    }
}
