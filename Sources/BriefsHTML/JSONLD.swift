import Foundation

/// What a page's JSON-LD (schema.org) says about its article.
struct JSONLDArticle: Sendable, Equatable {
    var headline: String?
    var articleBody: String?
    var author: String?
    var datePublished: String?
    var publisherName: String?

    /// Reads every `<script type="application/ld+json">` and keeps the first value of each field, looking at
    /// article-like objects (`@type` ending in `Article`, `BlogPosting`, `Report`...) first and at any object after.
    /// Scripts that are not valid JSON are skipped; raw line breaks inside strings (a common fault) are tolerated.
    init(scripts: [String]) {
        var articles: [[String: Any]] = []
        var others: [[String: Any]] = []
        for script in scripts {
            let repaired = Data(script.utf8.map { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 ? 0x20 : $0 })
            guard let object = try? JSONSerialization.jsonObject(with: repaired, options: [.fragmentsAllowed]) else {
                continue
            }
            var pending: [Any] = [object]
            var visited = 0
            while let next = pending.popLast(), visited < 500 {
                visited += 1
                if let array = next as? [Any] {
                    pending.append(contentsOf: array.reversed())
                } else if let dictionary = next as? [String: Any] {
                    if Self.isArticle(dictionary["@type"]) { articles.append(dictionary) } else { others.append(dictionary) }
                    if let graph = dictionary["@graph"] { pending.append(graph) }
                    if let main = dictionary["mainEntity"] { pending.append(main) }
                }
            }
        }
        for object in articles + others {
            if headline == nil { headline = Self.string(object["headline"]) }
            if articleBody == nil { articleBody = Self.string(object["articleBody"]) }
            if author == nil { author = Self.name(object["author"]) }
            if datePublished == nil { datePublished = Self.string(object["datePublished"]) }
            if publisherName == nil, Self.isArticle(object["@type"]) { publisherName = Self.name(object["publisher"]) }
        }
    }

    private static func isArticle(_ type: Any?) -> Bool {
        let names: [String]
        if let single = type as? String { names = [single] } else { names = (type as? [Any])?.compactMap { $0 as? String } ?? [] }
        return names.contains { name in
            name.hasSuffix("Article") || name.hasSuffix("Posting") || name == "Report" || name == "Review"
        }
    }

    private static func string(_ value: Any?) -> String? {
        if let text = value as? String {
            let trimmed = text.trimmed
            return trimmed.isEmpty ? nil : trimmed
        }
        if let array = value as? [Any] { return array.lazy.compactMap { string($0) }.first }
        return nil
    }

    /// A person or organisation name: a string, `{"name": ...}`, or a list of those joined with ", ".
    private static func name(_ value: Any?) -> String? {
        if let text = string(value), !text.hasPrefix("http") { return text }
        if let dictionary = value as? [String: Any] { return string(dictionary["name"]) }
        if let array = value as? [Any] {
            let names = array.compactMap { name($0) }
            return names.isEmpty ? nil : names.joined(separator: ", ")
        }
        return nil
    }
}
