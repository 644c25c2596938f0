import BriefsDomain
import Foundation

/// One line of `journal.jsonl`: a whole-record write, so replaying a journal twice gives the same state.
///
/// `{"op":"put","article":{…}}` stores (or replaces) an article; `{"op":"remove","id":"…"}` deletes one.
enum JournalRecord: Codable, Sendable, Equatable {
    case put(Article)
    case remove(id: String)

    /// The id of the article the record writes.
    var id: String {
        switch self {
        case .put(let article): article.id
        case .remove(let id): id
        }
    }

    private enum CodingKeys: String, CodingKey {
        case op, article, id
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let op = try container.decode(String.self, forKey: .op)
        switch op {
        case "put": self = .put(try container.decode(Article.self, forKey: .article))
        case "remove": self = .remove(id: try container.decode(String.self, forKey: .id))
        default:
            throw DecodingError.dataCorruptedError(forKey: .op, in: container, debugDescription: "unknown op \(op)")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .put(let article):
            try container.encode("put", forKey: .op)
            try container.encode(article, forKey: .article)
        case .remove(let id):
            try container.encode("remove", forKey: .op)
            try container.encode(id, forKey: .id)
        }
    }

    /// The record as one JSON line, newline included (`ArticleJSON` format 2; strings escape their newlines, so
    /// the line never contains a raw newline before its end).
    /// - Throws: `StoreError.io(call: "encode", …)` when the article can't be encoded (e.g. a NaN salience).
    func line(path: String) throws(StoreError) -> Data {
        var writer = JSONWriter(capacity: 16 * 1024)
        do throws(JSONValueError) {
            switch self {
            case .put(let article):
                writer.raw("{\"article\":")
                try ArticleJSON.write(article, to: &writer)
                writer.raw(",\"op\":\"put\"}")
            case .remove(let id):
                writer.raw("{\"id\":")
                writer.string(id)
                writer.raw(",\"op\":\"remove\"}")
            }
        } catch {
            throw .io(call: "encode", path: path, errno: EINVAL)
        }
        writer.byte(0x0A)
        return Data(writer.bytes)
    }

    /// Decodes one line (without its newline), written in either article format.
    static func decode(_ line: UnsafeBufferPointer<UInt8>, interner: inout StringInterner) throws(JSONReadError)
        -> JournalRecord
    {
        var reader = JSONReader(line)
        var op: String?
        var article: Article?
        var id: String?
        try reader.readObject { (reader, key) throws(JSONReadError) in
            switch key {
            case "op": op = try reader.readString()
            case "article": article = try ArticleJSON.read(&reader, interner: &interner)
            case "id": id = try reader.readString()
            default: try reader.skipValue()
            }
        }
        guard reader.isAtEnd() else { throw reader.error("text after the record") }
        switch op {
        case "put":
            guard let article else { throw JSONReadError(reason: "put without article", offset: 0) }
            return .put(article)
        case "remove":
            guard let id else { throw JSONReadError(reason: "remove without id", offset: 0) }
            return .remove(id: id)
        case nil: throw JSONReadError(reason: "missing op", offset: 0)
        case let other?: throw JSONReadError(reason: "unknown op \(other.prefix(20))", offset: 0)
        }
    }
}
