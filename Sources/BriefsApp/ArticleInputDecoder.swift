import BriefsDomain
import BriefsHTTP
import BriefsStore
import Foundation

/// Turns the body of `POST /v1/articles` into an `ArticleSubmission`, or the problem to answer.
///
/// Accepted: `application/json` `{"title"?, "text" | "html", "url"?, "source"?, "published_at"?}`,
/// `text/plain` (the raw text; its first non-empty line is the title) and `text/html` (a raw page).
enum ArticleInputDecoder {
    static let stringFields = ["title", "text", "html", "url", "source", "published_at"]

    static func submission(from request: Request) throws(Problem) -> ArticleSubmission {
        let mediaType = mediaType(of: request.headers["Content-Type"] ?? "")
        switch mediaType {
        case "application/json":
            return try fromJSON(request.body)
        case "text/plain":
            guard let text = String(validating: request.body, as: UTF8.self) else {
                throw Problems.invalidField("text", "the text/plain body is not valid UTF-8")
            }
            guard !text.allSatisfy(\.isWhitespace) else {
                throw Problems.invalidField("text", "the body is empty")
            }
            return ArticleSubmission(content: .text(text))
        case "text/html", "application/xhtml+xml":
            guard request.body.contains(where: { $0 > 0x20 }) else {
                throw Problems.invalidField("html", "the body is empty")
            }
            return ArticleSubmission(content: .html(request.body))
        case "":
            throw Problems.unsupportedMediaType(
                "no Content-Type given; send application/json, text/plain or text/html (curl: -H 'Content-Type: text/plain')")
        default:
            throw Problems.unsupportedMediaType(
                "\(String(mediaType.prefix(80))) is not accepted; send application/json, text/plain or text/html")
        }
    }

    /// The media type of a `Content-Type` value: before any `;`, trimmed of spaces and tabs, lower-cased.
    static func mediaType(of contentType: String) -> String {
        let type = contentType.split(separator: ";").first ?? ""
        guard type.utf8.allSatisfy({ $0 < 0x80 }) else {
            return type.trimmingCharacters(in: .whitespaces).lowercased()
        }
        // ASCII (every real header): the same trimming and lower-casing without Foundation's CharacterSet.
        let bytes = type.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
        return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// `text`'s words joined by single spaces: runs of whitespace (`Character.isWhitespace`) become one space, and
    /// none is left at either end.
    static func collapsingWhitespace(_ text: String) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        // ASCII: the whitespace characters are U+0009...U+000D and U+0020 (a CR LF pair is one `Character`, but both
        // of its bytes are whitespace, so splitting on bytes gives the same words).
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The submission in a JSON body. Read with the store's byte-level reader (`JSONObjectMembers`), straight from
    /// the request's bytes; bodies that reader is not sure about (malformed, invalid UTF-8, duplicate keys, deep
    /// nesting…) go through `JSONDecoder` as before, which decides and words the problem.
    static func fromJSON(_ body: [UInt8]) throws(Problem) -> ArticleSubmission {
        if let members = body.withUnsafeBufferPointer({ JSONObjectMembers.read($0) }) {
            return try submission(from: members)
        }
        return try submission(from: try foundationMembers(body))
    }

    /// Whether the byte reader reads `body` as `JSONDecoder` does: nil when the byte reader declines it (the decoder
    /// alone decides then). The tests and the json-ingest fuzz target hold the fast path to this reference.
    static func fastPathAgrees(_ body: [UInt8]) -> Bool? {
        guard let members = body.withUnsafeBufferPointer({ JSONObjectMembers.read($0) }) else { return nil }
        return (try? foundationMembers(body)) == members
    }

    /// The members of a JSON body through `JSONDecoder` (the slow path, and the reference the byte reader is tested
    /// against).
    static func foundationMembers(_ body: [UInt8]) throws(Problem) -> [String: JSONObjectMembers.Value] {
        let object: [String: ConfigValue]
        do {
            object = try JSONDecoder().decode([String: ConfigValue].self, from: Data(body))
        } catch let error as DecodingError {
            if case .typeMismatch = error {
                throw Problems.invalidField("body", "the JSON body must be an object")
            }
            throw Problems.malformedJSON("the body is not valid JSON")
        } catch {
            throw Problems.malformedJSON("the body is not valid JSON")
        }
        return object.mapValues { value in
            switch value {
            case .null: .null
            case .string(let text): .string(text)
            case .number, .other: .other
            }
        }
    }

    /// The submission from the members of a JSON body: the string fields checked in `stringFields` order.
    static func submission(from object: [String: JSONObjectMembers.Value]) throws(Problem) -> ArticleSubmission {
        var strings: [String: String] = [:]
        for field in stringFields {
            switch object[field] {
            case nil, .null?: continue
            case .string(let value)?: strings[field] = value
            case .other?: throw Problems.invalidField(field, "\(field) must be a string")
            }
        }
        let text = strings["text"].flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        // A page is empty, as a text/html body is, when no byte is above a space (controls such as NUL count as empty).
        let html = strings["html"].flatMap { $0.utf8.contains(where: { $0 > 0x20 }) ? $0 : nil }
        let content: ArticleSubmission.Content
        switch (text, html) {
        case (let text?, nil): content = .text(text)
        case (nil, let html?): content = .html(Array(html.utf8))
        case (.some, .some): throw Problems.invalidField("html", "give either text or html, not both")
        case (nil, nil): throw Problems.invalidField("text", "text (or html) is required and must not be empty")
        }
        var publishedAt: String?
        if let raw = strings["published_at"] {
            guard let normalized = PublishedDate.strict(raw) else {
                throw Problems.invalidField("published_at", "published_at must be RFC 3339 or YYYY-MM-DD")
            }
            publishedAt = normalized
        }
        let title = strings["title"].map(collapsingWhitespace)
        return ArticleSubmission(
            content: content, title: title?.isEmpty == true ? nil : title, url: strings["url"],
            source: strings["source"], publishedAt: publishedAt)
    }
}
