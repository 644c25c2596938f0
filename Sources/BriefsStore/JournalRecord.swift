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

    /// The record as one JSON line, newline included. `JSONEncoder` escapes newlines inside strings, so the
    /// line never contains a raw newline before its end.
    /// - Throws: `StoreError.io(call: "encode", …)` when the article can't be encoded (e.g. a NaN salience).
    func line(path: String) throws(StoreError) -> Data {
        do {
            var data = try Self.encoder.encode(self)
            data.append(0x0A)
            return data
        } catch {
            throw .io(call: "encode", path: path, errno: EINVAL)
        }
    }

    /// Decodes one line (without its newline).
    static func decode(_ line: Data) throws -> JournalRecord {
        try JSONDecoder().decode(JournalRecord.self, from: line)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
