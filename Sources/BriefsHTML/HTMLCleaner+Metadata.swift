import BriefsDomain
import Foundation

extension HTMLCleaner {
    /// Author, publication date, site name, canonical URL and language, each from the first source that has it.
    ///
    /// Author: meta keys (`authorMetaKeys`, URLs skipped), JSON-LD `author`, the text of `rel=author` /
    /// `itemprop=author`. Date: JSON-LD `datePublished`, meta keys (`publishedMetaKeys`), the first `<time datetime>`.
    /// Site: meta keys (`siteNameMetaKeys`), JSON-LD publisher. URL: `<link rel=canonical>`, `og:url`.
    /// Language: `<html lang>`, `content-language`, `og:locale` (`en_US` → `en-US`).
    func metadata(of page: FlatPage, jsonLD: JSONLDArticle) -> PageMetadata {
        func meta(_ keys: [String]) -> String? {
            for key in keys {
                if let value = page.metas[key], !value.isEmpty { return value.collapsedWhitespace }
            }
            return nil
        }
        var metadata = PageMetadata()
        let metaAuthor = settings.authorMetaKeys.lazy.compactMap { page.metas[$0] }
            .map(\.collapsedWhitespace).first { !$0.isEmpty && !$0.hasPrefix("http") && !$0.hasPrefix("/") }
        metadata.author = (metaAuthor ?? jsonLD.author ?? page.authorElementText).map(Self.cleanedAuthor)
        metadata.publishedAt = jsonLD.datePublished ?? meta(settings.publishedMetaKeys) ?? page.firstTimeDatetime
        metadata.siteName = meta(settings.siteNameMetaKeys) ?? jsonLD.publisherName
        if let link = page.canonicalLink, !link.isEmpty {
            metadata.canonicalURL = link
        } else {
            metadata.canonicalURL = meta(["og:url"])
        }
        if let language = page.language {
            metadata.language = language
        } else if let language = meta(["content-language", "og:locale"]) {
            metadata.language = language.replacingUnderscores
        }
        return metadata
    }

    /// The headline: the first title meta key, JSON-LD `headline`, the first `<h1>`, else `<title>` without the
    /// site name part.
    func title(of page: FlatPage, jsonLD: JSONLDArticle, siteName: String?) -> String? {
        for key in settings.titleMetaKeys {
            if let value = page.metas[key]?.collapsedWhitespace, !value.isEmpty {
                return withoutSiteName(value, siteName: siteName, force: false)
            }
        }
        if let headline = jsonLD.headline?.collapsedWhitespace, !headline.isEmpty { return headline }
        if let heading = page.blocks.first(where: { page.elements[Int($0.owner)].tag == .h1 && $0.isInBody }) {
            return page.string(of: heading)
        }
        if let title = page.titleElementText, !title.isEmpty {
            return withoutSiteName(title, siteName: siteName, force: true)
        }
        return nil
    }

    /// `title` without a leading or trailing "| Site Name" part. With `force`, the shorter side of the last
    /// separator goes even when it does not name the site (as in `<title>`).
    func withoutSiteName(_ title: String, siteName: String?, force: Bool) -> String {
        let bytes = Array(title.utf8)
        for separator in settings.titleSeparators {
            guard let at = Self.lastIndex(of: Array(separator.utf8), in: bytes) else { continue }
            let head = String(decoding: bytes[..<at], as: UTF8.self).trimmed
            let tail = String(decoding: bytes[(at + separator.utf8.count)...], as: UTF8.self).trimmed
            guard !head.isEmpty, !tail.isEmpty else { continue }
            if let siteName {
                let site = siteName.lowercased()
                if tail.lowercased() == site { return head }
                if head.lowercased() == site { return tail }
            }
            if force { return head.count >= tail.count ? head : tail }
        }
        return title
    }

    /// The start of the last occurrence of `needle` in `haystack`.
    static func lastIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        for start in stride(from: haystack.count - needle.count, through: 0, by: -1)
        where haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    /// The description meta tag, unless the body's first paragraph already says it.
    func standfirst(of page: FlatPage, paragraphs: [String]) -> String? {
        for key in settings.descriptionMetaKeys {
            guard let value = page.metas[key]?.collapsedWhitespace, !value.isEmpty else { continue }
            if let first = paragraphs.first, first.hasPrefix(value) || value.hasPrefix(first) { return nil }
            return value
        }
        return nil
    }

    /// An author line without a leading "By " (or its German, Spanish/Portuguese, Italian, French forms) and
    /// without what follows a `|` (bylines often run on into the date: "Jane Doe | March 12").
    static func cleanedAuthor(_ text: String) -> String {
        var name = text
        if let bar = name.firstIndex(of: "|"), name.startIndex < bar { name = String(name[..<bar]) }
        name = name.trimmed
        let lowered = name.lowercased()
        for prefix in ["by ", "von ", "por ", "di ", "par "] where lowered.hasPrefix(prefix) {
            return String(name.dropFirst(prefix.count)).trimmed
        }
        return name
    }
}

extension String {
    fileprivate var replacingUnderscores: String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
