import BriefsApp
import BriefsHTTP
import BriefsServer
import BriefsStore
import Foundation
import Logging

/// An `Application` over a store in a temporary directory, driven without sockets.
final class InProcessApp {
    let directory: URL
    let application: Application

    init(token: String? = nil, now: @escaping @Sendable () -> Date = { Date(timeIntervalSince1970: 1_708_000_000) })
        throws
    {
        directory = try TestEnvironment.temporaryDirectory()
        var configuration = AppConfiguration()
        configuration.apiToken = token
        configuration.dataDirectory = directory.path
        configuration.configDirectory = TestEnvironment.configDirectory.path
        let store = try ArticleStore.open(directory: directory)
        application = Application(
            configuration: configuration, domain: try TestEnvironment.domain(), store: store,
            logger: Logger(label: "test"), now: now)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func send(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: String = ""
    ) -> Response {
        let pathPart = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? target
        var items: [(name: String, value: String)] = []
        if let query = target.split(separator: "?", maxSplits: 1).dropFirst().first {
            for pair in query.split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                items.append(
                    (String(kv[0]).removingPercentEncoding ?? String(kv[0]),
                     kv.count > 1 ? (String(kv[1]).removingPercentEncoding ?? String(kv[1])) : ""))
            }
        }
        let request = Request(
            method: method, target: target, path: pathPart, queryItems: items, headers: HTTPHeaders(headers),
            body: Array(body.utf8))
        return application.handle(request, context: RequestContext(remoteAddress: "127.0.0.1:1", requestID: "t"))
    }
}

extension Response {
    var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}
