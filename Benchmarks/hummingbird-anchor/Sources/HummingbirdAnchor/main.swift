import Foundation
import Hummingbird

/// The comparison server of issue 5: a few lines of Hummingbird 2 on loopback.
///
/// - `GET /healthz` answers `{"status":"ok"}` as newsbriefs does.
/// - `GET /brief` answers a fixed JSON body: the bytes of the file given as the second argument (Scripts/bench saves
///   the brief newsbriefs served, so both servers send the same bytes), else a built-in body of about 2 KB.
///
/// Usage: HummingbirdAnchor [port] [body-file]   (port 0 picks a free one; the bound address is printed)
let arguments = CommandLine.arguments.dropFirst()
let port = arguments.first.flatMap(Int.init) ?? 8091

/// A brief-shaped JSON body of about 2 KB, used when no file is given.
func builtInBody() -> String {
    let items = (0..<14).map { index in
        #"{"id":"a1b2c3d4e5f6a7b\#(index % 10)","title":"Sample headline number \#(index) for the anchor server","#
            + #""published_at":"2026-01-\#(10 + index)","score":0.\#(index)}"#
    }
    return #"{"country":"FR","name":"France","article_count":14,"articles":["# + items.joined(separator: ",") + "]}"
}

let briefBytes: [UInt8] = {
    if let path = arguments.dropFirst().first, let data = FileManager.default.contents(atPath: path) {
        return Array(data)
    }
    return Array(builtInBody().utf8)
}()
let brief = ByteBuffer(bytes: briefBytes)
let health = ByteBuffer(string: #"{"status":"ok"}"#)

let router = Router()
router.get("healthz") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: health))
}
router.get("brief") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: brief))
}
let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
    onServerRunning: { channel in
        // One line the benchmark script waits for, with the real port when 0 was asked for.
        let line = "listening on http://127.0.0.1:\(channel.localAddress?.port ?? port)\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    })
try await app.runService()
