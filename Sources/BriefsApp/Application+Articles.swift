import BriefsCrypto
import BriefsDomain
import BriefsHTTP
import BriefsStore
import Foundation

extension Application {
    enum ArticlePart: String {
        case whole, body, facts
    }

    /// `POST /v1/articles`: 201 with `Location` for a new article, 200 with the same id for one already stored.
    func createArticle(_ request: Request) throws -> Response {
        let submission = try ArticleInputDecoder.submission(from: request)
        let article = pipeline.article(from: submission, ingestedAt: now())
        guard !article.body.isEmpty else {
            throw Problems.invalidField(
                submission.content.isHTML ? "html" : "text", "no article text was left after cleaning the input")
        }
        let outcome = try store.insert(article)
        if outcome == .created { cache.invalidate(CacheTags.touched(by: article)) }
        var headers = HTTPHeaders([("Location", "/v1/articles/\(article.id)")])
        switch outcome {
        case .created:
            return Response.json(201, ArticleSummary(article: article).jsonBytes, headers: headers)
        case .existing(let stored):
            headers.set("Location", "/v1/articles/\(stored.id)")
            return Response.json(200, ArticleSummary(article: stored).jsonBytes, headers: headers)
        }
    }

    /// `GET /v1/articles?limit=&cursor=&country=`: newest first, cursor pagination.
    func listArticles(_ request: Request) throws -> Response {
        let limit = try Self.limit(request, default: 20)
        var country: String?
        if let query = request.query("country") {
            guard let resolved = resolveCountry(query) else {
                throw Problems.badRequest("unknown country \"\(String(query.prefix(100)))\"", parameter: "country")
            }
            country = resolved.alpha2
        }
        let page = try store.page(limit: limit, cursor: request.query("cursor"), country: country)
        let list = ArticleList(items: page.items.map { ArticleSummary(article: $0) }, nextCursor: page.nextCursor)
        return Response.json(200, try APIJSON.encode(list))
    }

    /// `GET /v1/articles/{id}`, `/body`, `/facts`, with `ETag` and `If-None-Match` → 304.
    func articleResponse(_ id: String, part: ArticlePart, _ request: Request) throws -> Response {
        let wantsText = part == .body && Self.prefersPlainText(request.headers["Accept"])
        let key = ResponseCache.Key(tag: CacheTags.article(id), variant: wantsText ? "text" : part.rawValue)
        let entry: ResponseCache.Entry
        if let cached = cache.entry(key) {
            entry = cached
        } else {
            let token = cache.token(for: key.tag)
            guard let article = store.article(id: id) else {
                throw Problems.notFound("no article with id \(String(id.prefix(64)))")
            }
            let body: [UInt8]
            var contentType = "application/json"
            switch part {
            case .whole: body = try APIJSON.encode(ArticleDetail(article: article))
            case .facts: body = try APIJSON.encode(article.facts)
            case .body:
                if wantsText {
                    body = Array((article.body.text + "\n").utf8)
                    contentType = "text/plain; charset=utf-8"
                } else {
                    body = try APIJSON.encode(article.body)
                }
            }
            entry = ResponseCache.Entry(body: body, etag: Self.etag(of: body), contentType: contentType)
            cache.store(entry, for: key, token: token)
        }
        return Self.conditional(entry, request)
    }

    /// `DELETE /v1/articles/{id}`: 204, or 404 for an unknown id.
    func deleteArticle(_ id: String) throws -> Response {
        let stored = store.article(id: id)
        guard try store.remove(id: id) else {
            throw Problems.notFound("no article with id \(String(id.prefix(64)))")
        }
        // The article read before the removal names the briefs it was part of (a concurrent delete of the same id
        // finds nothing to remove and throws above).
        cache.invalidate(stored.map(CacheTags.touched(by:)) ?? [CacheTags.countryList, CacheTags.article(id)])
        return Response(status: 204, headers: HTTPHeaders([("Content-Type", "application/json")]))
    }

    /// `POST /v1/admin/snapshot`: writes a snapshot now.
    func snapshotNow() throws -> Response {
        let report = try store.writeSnapshot()
        return Response.json(200, try APIJSON.encode(report))
    }

    // MARK: Helpers

    /// `limit` query parameter: 1...100, else 400.
    static func limit(_ request: Request, default value: Int) throws(Problem) -> Int {
        guard let raw = request.query("limit") else { return value }
        guard let limit = Int(raw), (1...100).contains(limit) else {
            throw Problems.badRequest("limit must be an integer from 1 to 100", parameter: "limit")
        }
        return limit
    }

    static func prefersPlainText(_ accept: String?) -> Bool {
        guard let accept = accept?.lowercased() else { return false }
        return accept.contains("text/plain") && !accept.contains("application/json")
    }

    /// A strong ETag from the body bytes.
    static func etag(of body: [UInt8]) -> String {
        "\"" + String(SHA256.hex(of: body).prefix(20)) + "\""
    }

    /// 304 when `If-None-Match` names the entry's ETag (or `*`), else 200 with the body (RFC 9110 §13.1.2).
    /// The 200 answer reuses the entry's prebuilt header fields and body bytes (no copies, no string building).
    static func conditional(_ entry: ResponseCache.Entry, _ request: Request) -> Response {
        if let ifNoneMatch = request.headers["If-None-Match"] {
            let tags = ifNoneMatch.split(separator: ",").map {
                let tag = $0.trimmingCharacters(in: .whitespaces)
                return tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
            }
            if tags.contains("*") || tags.contains(entry.etag) {
                return Response(
                    status: 304, headers: HTTPHeaders([("ETag", entry.etag), ("Content-Type", entry.contentType)]))
            }
        }
        return Response(status: 200, headers: entry.headers, body: entry.body)
    }
}

extension ArticleSubmission.Content {
    var isHTML: Bool {
        if case .html = self { return true }
        return false
    }
}
