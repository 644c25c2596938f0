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
        let contentType = request.headers["Content-Type"] ?? ""
        let mediaType = contentType.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
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

    /// The submission in a JSON body. Read with the store's byte-level reader (`JSONObjectMembers`), straight from
    /// the request's bytes; bodies that reader is not sure about (malformed, invalid UTF-8, duplicate keys, deep
    /// nesting…) go through `JSONDecoder` as before, which decides and words the problem.
    static func fromJSON(_ body: [UInt8]) throws(Problem) -> ArticleSubmission {
        if let members = body.withUnsafeBufferPointer({ JSONObjectMembers.read($0) }) {
            return try submission(from: members)
        }
        return try submission(from: try foundationMembers(body))
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
        let html = strings["html"].flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
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
        let title = strings["title"].map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        return ArticleSubmission(
            content: content, title: title?.isEmpty == true ? nil : title, url: strings["url"],
            source: strings["source"], publishedAt: publishedAt)
    }
}
