import BriefsApp
import BriefsHTTP
import Foundation
import Testing

/// The API's handlers through `Application.handle`, without sockets.
@Suite struct HandlerTests {
    let plain = [("Content-Type", "text/plain")]
    let json = [("Content-Type", "application/json")]

    @Test func postTextThenGetItBack() throws {
        let app = try InProcessApp()
        let created = app.send("POST", "/v1/articles", headers: plain, body: TestEnvironment.sampleText)
        #expect(created.status == 201)
        let id = try #require(created.json?["id"] as? String)
        #expect(id.count == 16)
        #expect(created.headers["Location"] == "/v1/articles/\(id)")
        #expect(created.json?["title"] as? String == "Harbour town opens new ferry link to the islands")
        #expect((created.json?["word_count"] as? Int ?? 0) > 40)

        let fetched = app.send("GET", "/v1/articles/\(id)")
        #expect(fetched.status == 200)
        #expect(fetched.headers["Content-Type"] == "application/json")
        let body = try #require(fetched.json?["body"] as? [String: Any])
        let paragraphs = try #require(body["paragraphs"] as? [String])
        #expect(paragraphs.contains { $0.contains("400 passengers") })
        #expect(!paragraphs.contains { $0.hasPrefix("Harbour town opens") })
        #expect(fetched.json?["facts"] is [String: Any])
    }

    @Test func samePostTwiceIsIdempotent() throws {
        let app = try InProcessApp()
        let first = app.send("POST", "/v1/articles", headers: plain, body: TestEnvironment.sampleText)
        let second = app.send("POST", "/v1/articles", headers: plain, body: TestEnvironment.sampleText)
        #expect(first.status == 201)
        #expect(second.status == 200)
        #expect(first.json?["id"] as? String == second.json?["id"] as? String)
    }

    @Test func jsonInputWithExplicitFields() throws {
        let app = try InProcessApp()
        let payload: [String: Any] = [
            "title": "Explicit title", "text": TestEnvironment.sampleText, "url": "https://example.org/a",
            "source": "Example", "published_at": "2024-02-15",
        ]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: payload), as: UTF8.self)
        let created = app.send("POST", "/v1/articles", headers: json, body: body)
        #expect(created.status == 201)
        #expect(created.json?["title"] as? String == "Explicit title")
        #expect(created.json?["published_at"] as? String == "2024-02-15")
        #expect(created.json?["source"] as? String == "Example")
        #expect(created.json?["url"] as? String == "https://example.org/a")
    }

    @Test func shortNoteWithItsOwnTitleIsKept() throws {
        let app = try InProcessApp()
        let body = #"{"title": "Ferry link opens", "text": "The new ferry carries 400 passengers a day."}"#
        let created = app.send("POST", "/v1/articles", headers: json, body: body)
        #expect(created.status == 201)
        let id = try #require(created.json?["id"] as? String)
        let text = app.send("GET", "/v1/articles/\(id)/body", headers: [("Accept", "text/plain")])
        #expect(text.text.contains("400 passengers"))
    }

    @Test(arguments: [
        ("{\"text\": ", 400, "/problems/malformed-json", nil),
        ("[1, 2]", 422, "/problems/invalid-field", "body"),
        ("{\"text\": 42}", 422, "/problems/invalid-field", "text"),
        ("{\"title\": \"only a title\"}", 422, "/problems/invalid-field", "text"),
        ("{\"text\": \"   \"}", 422, "/problems/invalid-field", "text"),
        ("{\"text\": \"Some text here.\", \"published_at\": \"15/02/2024\"}", 422, "/problems/invalid-field", "published_at"),
        ("{\"text\": \"Some text here.\", \"url\": [\"x\"]}", 422, "/problems/invalid-field", "url"),
    ] as [(String, Int, String, String?)])
    func badJSONBodiesAreProblems(body: String, status: Int, type: String, field: String?) throws {
        let app = try InProcessApp()
        let response = app.send("POST", "/v1/articles", headers: json, body: body)
        #expect(response.status == status)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(response.json?["type"] as? String == type)
        #expect(response.json?["status"] as? Int == status)
        #expect(response.json?["title"] is String)
        #expect(response.json?["detail"] is String)
        if let field { #expect(response.json?["field"] as? String == field) }
    }

    @Test func otherMediaTypesAre415() throws {
        let app = try InProcessApp()
        for type in ["application/x-www-form-urlencoded", "image/png", ""] {
            let headers = type.isEmpty ? [] : [("Content-Type", type)]
            let response = app.send("POST", "/v1/articles", headers: headers, body: "hello world")
            #expect(response.status == 415)
            #expect(response.json?["type"] as? String == "/problems/unsupported-media-type")
        }
    }

    @Test func etagAndIfNoneMatch() throws {
        let app = try InProcessApp()
        let id = try #require(
            app.send("POST", "/v1/articles", headers: plain, body: TestEnvironment.sampleText).json?["id"] as? String)
        let first = app.send("GET", "/v1/articles/\(id)")
        let etag = try #require(first.headers["ETag"])
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\""))
        let again = app.send("GET", "/v1/articles/\(id)", headers: [("If-None-Match", etag)])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        let other = app.send("GET", "/v1/articles/\(id)", headers: [("If-None-Match", "\"nope\"")])
        #expect(other.status == 200)
    }

    @Test func bodyAsPlainTextAndFacts() throws {
        let app = try InProcessApp()
        let id = try #require(
            app.send("POST", "/v1/articles", headers: plain, body: TestEnvironment.sampleText).json?["id"] as? String)
        let text = app.send("GET", "/v1/articles/\(id)/body", headers: [("Accept", "text/plain")])
        #expect(text.status == 200)
        #expect(text.headers["Content-Type"]?.hasPrefix("text/plain") == true)
        #expect(text.text.contains("400 passengers"))
        let jsonBody = app.send("GET", "/v1/articles/\(id)/body")
        #expect(jsonBody.json?["paragraphs"] is [String])
        let facts = app.send("GET", "/v1/articles/\(id)/facts")
        #expect(facts.status == 200)
        #expect(facts.json?["countries"] is [Any])
    }

    @Test func deleteThenGone() throws {
        let app = try InProcessApp()
        let id = try #require(
            app.send("POST", "/v1/articles", headers: plain, body: TestEnvironment.sampleText).json?["id"] as? String)
        #expect(app.send("DELETE", "/v1/articles/\(id)").status == 204)
        #expect(app.send("GET", "/v1/articles/\(id)").status == 404)
        #expect(app.send("DELETE", "/v1/articles/\(id)").status == 404)
    }

    @Test func tokenGuardsWritesNotReads() throws {
        let app = try InProcessApp(token: "s3cret")
        let denied = app.send("POST", "/v1/articles", headers: plain, body: TestEnvironment.sampleText)
        #expect(denied.status == 401)
        #expect(denied.headers["WWW-Authenticate"] != nil)
        #expect(!denied.text.contains("s3cret"))
        let wrong = app.send(
            "POST", "/v1/articles", headers: plain + [("Authorization", "Bearer s3creT")], body: TestEnvironment.sampleText)
        #expect(wrong.status == 401)
        let allowed = app.send(
            "POST", "/v1/articles", headers: plain + [("Authorization", "Bearer s3cret")],
            body: TestEnvironment.sampleText)
        #expect(allowed.status == 201)
        #expect(app.send("GET", "/v1/articles").status == 200)
        #expect(app.send("POST", "/v1/admin/snapshot").status == 401)
    }

    @Test func listingPaginatesNewestFirst() throws {
        let app = try InProcessApp()
        var ids: [String] = []
        for day in 1...5 {
            let payload: [String: Any] = [
                "text": """
                    Story number \(day) about the harbour
                    The harbour authority said on Monday that story number \(day) would be told in full, with \
                    enough detail for readers who follow the work on the new quay and the ferry service.
                    Residents said they welcomed the plans, which had been discussed at \(day) public meetings \
                    held in the town hall over the past year.
                    """,
                "published_at": "2024-03-0\(day)",
            ]
            let body = String(decoding: try JSONSerialization.data(withJSONObject: payload), as: UTF8.self)
            let response = app.send("POST", "/v1/articles", headers: json, body: body)
            #expect(response.status == 201)
            ids.append(try #require(response.json?["id"] as? String))
        }
        let first = app.send("GET", "/v1/articles?limit=2")
        let firstItems = try #require(first.json?["items"] as? [[String: Any]])
        #expect(firstItems.map { $0["id"] as? String } == [ids[4], ids[3]])
        let cursor = try #require(first.json?["next_cursor"] as? String)
        let second = app.send("GET", "/v1/articles?limit=2&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor)")
        let secondItems = try #require(second.json?["items"] as? [[String: Any]])
        #expect(secondItems.map { $0["id"] as? String } == [ids[2], ids[1]])
        #expect(app.send("GET", "/v1/articles?limit=0").status == 400)
        #expect(app.send("GET", "/v1/articles?limit=101").status == 400)
        #expect(app.send("GET", "/v1/articles?limit=abc").status == 400)
        #expect(app.send("GET", "/v1/articles?cursor=garbage").status == 400)
    }

    @Test func unknownPathsAndMethods() throws {
        let app = try InProcessApp()
        let missing = app.send("GET", "/v2/nothing")
        #expect(missing.status == 404)
        #expect(missing.headers["Content-Type"] == "application/problem+json")
        let wrongMethod = app.send("PUT", "/v1/articles")
        #expect(wrongMethod.status == 405)
        let allow = try #require(wrongMethod.headers["Allow"])
        #expect(allow.contains("GET") && allow.contains("POST"))
        #expect(app.send("PATCH", "/healthz").status == 405)
    }

    @Test func healthMetricsAndOpenAPI() throws {
        let app = try InProcessApp()
        let health = app.send("GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.json?["status"] as? String == "ok")
        _ = app.send("GET", "/nope")
        let metrics = app.send("GET", "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("newsbriefs_requests_total{route=\"healthz\",status=\"200\"} 1"))
        #expect(metrics.text.contains("newsbriefs_request_duration_seconds_bucket"))
        #expect(metrics.text.contains("newsbriefs_articles 0"))
        #expect(metrics.text.contains("newsbriefs_journal_bytes"))
        #expect(metrics.text.contains("newsbriefs_seconds_since_snapshot"))
        let openAPI = app.send("GET", "/openapi.json")
        #expect(openAPI.json?["openapi"] as? String == "3.1.0")
    }

    @Test func unknownCountryIsAProblemNamingIt() throws {
        let app = try InProcessApp()
        let response = app.send("GET", "/v1/countries/Atlantis")
        #expect(response.status == 404)
        #expect(response.json?["type"] as? String == "/problems/unknown-country")
        #expect((response.json?["detail"] as? String)?.contains("Atlantis") == true)
    }

    @Test func adminSnapshotReportsCount() throws {
        let app = try InProcessApp()
        _ = app.send("POST", "/v1/articles", headers: plain, body: TestEnvironment.sampleText)
        let response = app.send("POST", "/v1/admin/snapshot")
        #expect(response.status == 200)
        #expect(response.json?["article_count"] as? Int == 1)
        #expect((response.json?["bytes"] as? Int ?? 0) > 0)
        #expect((response.json?["path"] as? String)?.hasSuffix("snapshot.json") == true)
    }
}
