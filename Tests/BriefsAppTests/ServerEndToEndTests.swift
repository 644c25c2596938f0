import BriefsApp
import BriefsStore
import Foundation
import Logging
import Testing

/// The application behind the real HTTP server on 127.0.0.1, port 0, driven over raw sockets.
final class RunningServer {
    let directory: URL
    let application: Application
    let port: Int

    init(configure: (inout AppConfiguration) -> Void = { _ in }) throws {
        directory = try TestEnvironment.temporaryDirectory()
        var configuration = AppConfiguration()
        configuration.port = 0
        configuration.dataDirectory = directory.path
        configuration.configDirectory = TestEnvironment.configDirectory.path
        configuration.snapshotIntervalSeconds = 0
        configure(&configuration)
        application = Application(
            configuration: configuration, domain: try TestEnvironment.domain(),
            store: try ArticleStore.open(directory: directory), logger: Logger(label: "e2e"))
        port = try application.start().port
    }

    deinit {
        application.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func client() throws -> RawClient { try RawClient(port: port) }
}

@Suite struct ServerEndToEndTests {
    let plain = [("Content-Type", "text/plain")]

    @Test func postGetDeleteOverOneKeepAliveConnection() throws {
        let server = try RunningServer()
        let client = try server.client()
        let created = try client.request("POST", "/v1/articles", headers: plain, body: Array(TestEnvironment.sampleText.utf8))
        #expect(created.status == 201)
        #expect(created.header("Date") != nil)
        #expect(created.header("Content-Length") != nil)
        let id = try #require(created.json?["id"] as? String)
        let again = try client.request("POST", "/v1/articles", headers: plain, body: Array(TestEnvironment.sampleText.utf8))
        #expect(again.status == 200)
        let fetched = try client.request("GET", "/v1/articles/\(id)")
        #expect(fetched.status == 200)
        #expect(fetched.header("ETag") != nil)
        let head = try client.request("HEAD", "/v1/articles/\(id)")
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == fetched.header("Content-Length"))
        #expect(try client.request("DELETE", "/v1/articles/\(id)").status == 204)
        #expect(try client.request("GET", "/v1/articles/\(id)").status == 404)
    }

    @Test func pipelinedRequestsAnswerInOrder() throws {
        let server = try RunningServer()
        let client = try server.client()
        client.send(
            "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(try client.readResponse().status == 404)
        #expect(try client.readResponse().status == 200)
    }

    @Test func expectContinueGetsInterimResponse() throws {
        let server = try RunningServer()
        let client = try server.client()
        let body = Array(TestEnvironment.sampleText.utf8)
        client.send(
            "POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\nContent-Length: \(body.count)\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        client.send(body)
        #expect(try client.readResponse().status == 201)
    }

    @Test func oversizedBodyIsRefusedBeforeItIsSent() throws {
        let server = try RunningServer { $0.limits.maxBodyBytes = 4096 }
        let client = try server.client()
        client.send(
            "POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.header("Content-Type") == "application/problem+json")
    }

    @Test func protocolErrorsAreProblems() throws {
        let server = try RunningServer { $0.limits.maxHeaderBytes = 2048 }
        let cases: [(String, Int)] = [
            ("POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            ("POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n", 400),
            ("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 3000))\r\n\r\n", 431),
        ]
        for (raw, status) in cases {
            let client = try server.client()
            client.send(raw)
            let response = try client.readResponse()
            #expect(response.status == status)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.json?["status"] as? Int == status)
        }
    }

    @Test func chunkedBodyIsAccepted() throws {
        let server = try RunningServer()
        let client = try server.client()
        let body = Array(TestEnvironment.sampleText.utf8)
        let half = body.count / 2
        var raw = Array("POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        raw += Array(String(half, radix: 16).utf8) + [13, 10] + body[0..<half] + [13, 10]
        raw += Array(String(body.count - half, radix: 16).utf8) + [13, 10] + body[half...] + [13, 10]
        raw += Array("0\r\n\r\n".utf8)
        client.send(raw)
        #expect(try client.readResponse().status == 201)
    }

    @Test func httpOneZeroClosesAfterResponse() throws {
        let server = try RunningServer()
        let client = try server.client()
        client.send("GET /healthz HTTP/1.0\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(client.waitForClose())
    }

    @Test func connectionCloseIsHonoured() throws {
        let server = try RunningServer()
        let client = try server.client()
        client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(client.waitForClose())
    }

    @Test func percentEncodedPathsAreDecoded() throws {
        let server = try RunningServer()
        let client = try server.client()
        #expect(try client.request("GET", "/%68ealthz").status == 200)
        #expect(try client.request("GET", "/v1/countries/United%20Kingdom%20of%20Nowhere").status == 404)
    }

    @Test func tooManyConnectionsGet503() throws {
        let server = try RunningServer { $0.limits.maxConnections = 2 }
        let first = try server.client()
        let second = try server.client()
        #expect(try first.request("GET", "/healthz").status == 200)
        #expect(try second.request("GET", "/healthz").status == 200)
        let third = try server.client()
        let refused = try third.readResponse()
        #expect(refused.status == 503)
        #expect(third.waitForClose())
    }
}
