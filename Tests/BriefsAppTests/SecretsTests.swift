import BriefsApp
import BriefsDomain
import BriefsHTTP
import BriefsServer
import BriefsStore
import Foundation
import Logging
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What the app shows and logs when things go wrong: a 500 never reveals internals (paths, errno, type names, error
/// descriptions), the API token is never echoed or logged, and log lines escape control characters from requests.
@Suite struct SecretsTests {
    static let configuredToken = "s3cret-Token-Value-0451"
    static let requestID = "req-7f3a"
    /// Text that must never reach a problem body: the parts of the store errors the double throws.
    static let internals = [
        "/srv/secret-data", "journal", "snapshot.json", "errno", "fsync", "rename", "corrupt", "StoreError",
        "EncodingError", "invalidValue", "Double", "Swift.", "BriefsStore", "BriefsApp",
    ]

    struct Harness {
        let application: Application
        let store: ScriptedStore
        let logs: CapturingLogHandler.Sink

        init(store: ScriptedStore = ScriptedStore(), token: String? = SecretsTests.configuredToken) throws {
            var configuration = AppConfiguration()
            configuration.apiToken = token
            configuration.configDirectory = TestEnvironment.configDirectory.path
            let (logger, sink) = CapturingLogHandler.logger()
            application = Application(
                configuration: configuration, domain: try TestEnvironment.domain(), store: store, logger: logger,
                now: { Date(timeIntervalSince1970: 1_708_000_000) })
            self.store = store
            logs = sink
        }

        func send(
            _ method: String, _ path: String, query: [(name: String, value: String)] = [],
            headers: [(String, String)] = [], body: String = ""
        ) -> Response {
            let request = Request(
                method: method, target: path, path: path, queryItems: query, headers: HTTPHeaders(headers),
                body: Array(body.utf8))
            return application.handle(
                request, context: RequestContext(remoteAddress: "127.0.0.1:1", requestID: SecretsTests.requestID))
        }

        /// Sends with the configured token.
        func sendAuthorized(_ method: String, _ path: String, body: String = "") -> Response {
            send(
                method, path,
                headers: [("Authorization", "Bearer \(SecretsTests.configuredToken)"), ("Content-Type", "text/plain")],
                body: body)
        }
    }

    /// Every header name and value and the body, as one string to search.
    static func visible(_ response: Response) -> String {
        var text = response.text
        for (name, value) in response.headers { text += "\n\(name): \(value)" }
        return text
    }

    static func hasControlCharacters(_ line: String) -> Bool {
        line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    static let internalErrors: [StoreError] = [
        .io(call: "fsync", path: "/srv/secret-data/journal.jsonl", errno: EIO),
        .io(call: "rename", path: "/srv/secret-data/snapshot.json.tmp", errno: EBADF),
        .corruptJournal(path: "/srv/secret-data/journal.3.jsonl", line: 12, reason: "bad JSON at title"),
        .corruptSnapshot(path: "/srv/secret-data/snapshot.json", reason: "Swift.DecodingError"),
    ]

    @Test(arguments: internalErrors)
    func internalStoreErrorIsAGeneric500WithTheRequestID(error: StoreError) throws {
        let harness = try Harness()
        harness.store.fail(with: error)
        let responses = [
            harness.sendAuthorized("POST", "/v1/articles", body: TestEnvironment.sampleText),
            harness.sendAuthorized("DELETE", "/v1/articles/0123456789abcdef"),
            harness.sendAuthorized("POST", "/v1/admin/snapshot"),
            harness.send("GET", "/v1/articles"),
        ]
        for response in responses {
            #expect(response.status == 500)
            #expect(response.headers["Content-Type"] == "application/problem+json")
            #expect(response.json?["type"] as? String == "about:blank")
            let detail = try #require(response.json?["detail"] as? String)
            #expect(detail.contains(Self.requestID))
            let visible = Self.visible(response)
            for secret in Self.internals {
                #expect(!visible.contains(secret), "\(secret) shown in \(visible)")
            }
        }
        // The log has the real error, with the request id, once per failed request.
        let errors = harness.logs.all.filter { $0.hasPrefix("error request.store_error") }
        #expect(errors.count == responses.count)
        #expect(errors.allSatisfy { $0.contains("request.id=\(Self.requestID)") && $0.contains("/srv/secret-data") })
    }

    /// An error from outside the store (here the JSON encoder refusing an infinite number) is a 500 too, without
    /// its type or description.
    @Test func encodingFailureIsAGeneric500() throws {
        let figure = FigureFact(
            text: "countless", value: .infinity, approximate: false, unit: nil, kind: "QUANTITY",
            mention: Mention(start: 0, end: 9, sentence: 0))
        let article = Article(
            id: "00000000000000aa", title: "Broken figure", ingestedAt: "2024-02-15T00:00:00Z",
            body: Body(paragraphs: ["countless stars"]), wordCount: 2, facts: Facts(figures: [figure]))
        let harness = try Harness(store: ScriptedStore(articles: [article]))
        let response = harness.send("GET", "/v1/articles/\(article.id)/facts")
        #expect(response.status == 500)
        #expect(response.json?["type"] as? String == "about:blank")
        let visible = Self.visible(response)
        for secret in Self.internals + ["inf", "figures", "value"] {
            #expect(!visible.contains(secret), "\(secret) shown in \(visible)")
        }
        let failures = harness.logs.all.filter { $0.hasPrefix("error request.failed") }
        #expect(failures.count == 1)
        #expect(failures.first?.contains("request.id=\(Self.requestID)") == true)
    }

    @Test(arguments: [ENOSPC, EDQUOT, EROFS])
    func fullOrReadOnlyDiskIsA503WithoutThePath(code: Int32) throws {
        let harness = try Harness()
        harness.store.fail(with: .io(call: "write", path: "/srv/secret-data/journal.jsonl", errno: code))
        let response = harness.sendAuthorized("POST", "/v1/articles", body: TestEnvironment.sampleText)
        #expect(response.status == 503)
        #expect(response.headers["Retry-After"] != nil)
        #expect(response.json?["type"] as? String == "/problems/storage-unavailable")
        let visible = Self.visible(response)
        for secret in Self.internals { #expect(!visible.contains(secret), "\(secret) shown in \(visible)") }
        // Only the first refusal is a warning; the ones after it would repeat it on every request.
        #expect(harness.sendAuthorized("DELETE", "/v1/articles/0123456789abcdef").status == 503)
        #expect(harness.logs.all.filter { $0.hasPrefix("warning request.storage_unavailable") }.count == 1)
        #expect(harness.logs.all.filter { $0.hasPrefix("debug request.storage_unavailable") }.count == 1)
        #expect(!harness.logs.all.contains { $0.hasPrefix("error") })

        // /healthz says so until a write succeeds.
        #expect(harness.send("GET", "/healthz").json?["storage"] as? String == "refusing_writes")
        harness.store.fail(with: nil)
        #expect(harness.sendAuthorized("POST", "/v1/articles", body: TestEnvironment.sampleText).status == 201)
        #expect(harness.send("GET", "/healthz").json?["storage"] as? String == "ok")
        #expect(harness.logs.all.filter { $0.hasPrefix("notice storage.writable_again") }.count == 1)
    }

    @Test(arguments: [
        "Bearer wrong-Guess-42", "bearer wrong-Guess-42", "Basic d3JvbmctR3Vlc3MtNDI=", "wrong-Guess-42",
        "Bearer s3cret-Token-Value-045", "Bearer s3cret-Token-Value-04511",
    ])
    func wrongTokenIsNeverEchoed(presented: String) throws {
        let harness = try Harness()
        let routes = [("POST", "/v1/articles"), ("DELETE", "/v1/articles/0123456789abcdef"), ("POST", "/v1/admin/snapshot")]
        for (method, path) in routes {
            let response = harness.send(
                method, path, headers: [("Authorization", presented), ("Content-Type", "text/plain")],
                body: TestEnvironment.sampleText)
            #expect(response.status == 401)
            #expect(response.headers["Content-Type"] == "application/problem+json")
            #expect(response.headers["WWW-Authenticate"] != nil)
            let visible = Self.visible(response)
            let presentedSecret = String(presented.split(separator: " ").last ?? "")
            #expect(!visible.contains(presentedSecret))
            #expect(!visible.contains(Self.configuredToken))
            #expect(!visible.contains("s3cret"))
        }
        #expect(harness.store.statistics.articleCount == 0)
        for line in harness.logs.all {
            #expect(!line.contains("wrong-Guess") && !line.contains("s3cret"), "\(line)")
        }
    }

    @Test func rightTokenWorksAndIsNotLogged() throws {
        let harness = try Harness()
        #expect(harness.sendAuthorized("POST", "/v1/articles", body: TestEnvironment.sampleText).status == 201)
        #expect(harness.send("POST", "/v1/articles", body: TestEnvironment.sampleText).status == 401)
        harness.store.fail(with: .io(call: "fsync", path: "/srv/secret-data/journal.jsonl", errno: EIO))
        #expect(harness.sendAuthorized("POST", "/v1/admin/snapshot").status == 500)
        #expect(!harness.logs.all.isEmpty)
        for line in harness.logs.all { #expect(!line.contains("s3cret"), "\(line)") }
    }

    /// Request data that reaches a log line through an error (a client's cursor, a path the store names) is escaped:
    /// no raw CR, LF, ESC, NUL or C1 control reaches the handler, so no one can forge or recolour log lines.
    @Test func controlCharactersFromRequestsAreEscapedInLogs() throws {
        let harness = try Harness(token: nil)
        let hostile = "abc\r\nerror request.failed request.id=forged \u{1B}[31mred\u{0}\u{7F}\u{85}"

        // A cursor the store refuses: a 400, logged at debug at most, escaped.
        let refused = harness.send("GET", "/v1/articles", query: [(name: "cursor", value: hostile)])
        #expect(refused.status == 400)
        #expect(refused.json?["parameter"] as? String == "cursor")

        // An internal failure whose description carries request data: escaped too.
        harness.store.fail(with: .io(call: "write", path: "/srv/secret-data/\(hostile)", errno: EIO))
        #expect(harness.send("DELETE", "/v1/articles/\(hostile)").status == 500)
        harness.store.fail(with: .badCursor(hostile))
        #expect(harness.send("GET", "/v1/articles").status == 400)

        let lines = harness.logs.all
        #expect(lines.count >= 3)
        for line in lines {
            #expect(!Self.hasControlCharacters(line), "raw control character in \(line.debugDescription)")
        }
        #expect(lines.contains { $0.contains(#"abc\r\nerror request.failed"#) && $0.contains(#"\u{1B}[31m"#) })
        // A client mistake is not an error in the log.
        #expect(!lines.contains { $0.hasPrefix("error") && $0.contains("bad cursor") })
    }
}
