@testable import BriefsApp
import BriefsHTTP
import BriefsStore
import Testing

/// The byte-level JSON path of `POST /v1/articles` (`JSONObjectMembers` + `ArticleInputDecoder.submission(from:)`)
/// against the `JSONDecoder` path it replaced: the same submission, or the same problem, on hand-written bodies.
@Suite struct PostInputDecoderTests {
    typealias Outcome = Result<ArticleSubmission, Problem>

    /// The fast path alone; nil when the byte reader handed the body over to `JSONDecoder`.
    static func fast(_ body: String) -> Outcome? {
        let bytes = Array(body.utf8)
        guard let members = bytes.withUnsafeBufferPointer({ JSONObjectMembers.read($0) }) else { return nil }
        return Result { () throws(Problem) in try ArticleInputDecoder.submission(from: members) }
    }

    /// The `JSONDecoder` path alone (what `fromJSON` did before).
    static func foundation(_ bytes: [UInt8]) -> Outcome {
        Result { () throws(Problem) in
            try ArticleInputDecoder.submission(from: try ArticleInputDecoder.foundationMembers(bytes))
        }
    }

    /// What the handler answers now.
    static func decoded(_ bytes: [UInt8]) -> Outcome {
        Result { () throws(Problem) in try ArticleInputDecoder.fromJSON(bytes) }
    }

    /// Bodies the byte reader reads itself; each must give what `JSONDecoder` gives.
    static let readByTheByteReader: [String] = [
        #"{"text":"Plain text."}"#,
        #"  {  "title" : "A  title\twith\nspaces " , "text" : "Body." }  "#,
        #"{"text":"Escapes: \" \\ \/ \b \f \n \r \t end"}"#,
        #"{"text":"Unicode escapes: \u00e9\u00E9 \u4e1c\u4eac \ud83d\ude00 \u0000 nul"}"#,
        #"{"text":"Raw UTF-8: Zürich, 東京, 😀, Ελλάδα"}"#,
        #"{"title":null,"text":"Null title.","url":null,"source":null,"published_at":null}"#,
        #"{"text":"With fields.","url":"https://example.org/a?b=1","source":"Example","published_at":"2024-02-15"}"#,
        #"{"text":"RFC 3339.","published_at":"2024-02-15T09:30:00+01:00"}"#,
        #"{"html":"<p>A page about Kenya.</p>"}"#,
        #"{"text":"Unknown fields.","extra":{"a":[1,2.5,-3e2,true,false,null,{"b":[]}],"c":{}},"n":0,"s":"x"}"#,
        #"{"text":"   "}"#,
        #"{"text":"a","html":"b"}"#,
        #"{"text":"","html":"<p>b</p>"}"#,
        #"{}"#,
        #"{"text":5}"#,
        #"{"text":true}"#,
        #"{"text":["a"]}"#,
        #"{"text":{"a":"b"}}"#,
        #"{"title":12,"text":"x"}"#,
        #"{"text":"x","url":false}"#,
        #"{"text":"x","published_at":"yesterday"}"#,
        #"{"text":"x","published_at":"2024-02-30"}"#,
        #"{"text":"x","published_at":7}"#,
        #"{"title":"   ","text":"x"}"#,
        #"{"text":"x","extra":1e300}"#,
        #"{"Text":"case matters","text":"y"}"#,
    ]

    @Test(arguments: readByTheByteReader)
    func byteReaderAgreesWithJSONDecoder(_ body: String) throws {
        let fast = try #require(Self.fast(body), "the byte reader should read this body itself")
        #expect(fast == Self.foundation(Array(body.utf8)))
        #expect(Self.decoded(Array(body.utf8)) == fast)
        #expect(ArticleInputDecoder.fastPathAgrees(Array(body.utf8)) == true)
    }

    /// A JSON `html` with no byte above a space is an empty page, as a text/html body is (found by the json-ingest
    /// fuzz target: `{"html":"  \u0000"}` was accepted).
    @Test(arguments: [#"{"html":"  \u0000"}"#, #"{"html":"\u0001\t"}"#, #"{"html":" "}"#])
    func htmlOfControlsAndSpacesIsEmpty(_ body: String) {
        let outcome = Self.decoded(Array(body.utf8))
        guard case .failure(let problem) = outcome else {
            Issue.record("accepted \(body)")
            return
        }
        #expect(problem.status == 422)
        #expect(Self.foundation(Array(body.utf8)) == outcome)
    }

    /// Bodies the byte reader leaves to `JSONDecoder`; the answer is then exactly the old one.
    static let leftToJSONDecoder: [(name: String, bytes: [UInt8])] = [
        ("empty", []),
        ("blank", Array("   ".utf8)),
        ("truncated", Array(#"{"text":"x""#.utf8)),
        ("trailing comma", Array(#"{"text":"x",}"#.utf8)),
        ("text after", Array(#"{"text":"x"} {}"#.utf8)),
        ("single quotes", Array("{'text':'x'}".utf8)),
        ("array", Array(#"["text"]"#.utf8)),
        ("string", Array(#""text""#.utf8)),
        ("number", Array("42".utf8)),
        ("null", Array("null".utf8)),
        ("raw newline in a string", Array("{\"text\":\"a\nb\"}".utf8)),
        ("lone high surrogate", Array(#"{"text":"\ud83d x"}"#.utf8)),
        ("lone low surrogate", Array(#"{"text":"\ude00"}"#.utf8)),
        ("bad escape", Array(#"{"text":"\x"}"#.utf8)),
        ("leading zero", Array(#"{"text":"x","n":012}"#.utf8)),
        ("huge number", Array(#"{"text":"x","n":1e400}"#.utf8)),
        ("duplicate key", Array(#"{"text":"first","text":"second"}"#.utf8)),
        ("invalid UTF-8", Array(#"{"text":"caf"#.utf8) + [0xE9] + Array(#""}"#.utf8)),
        ("overlong UTF-8", Array(#"{"text":""#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8)),
        ("UTF-8 byte order mark", [0xEF, 0xBB, 0xBF] + Array(#"{"text":"x"}"#.utf8)),
        ("deep nesting", Array((#"{"text":"x","deep":"# + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}").utf8)),
        ("unclosed nesting", Array(#"{"text":"x","deep":[[{"a":1}]"#.utf8)),
        ("missing colon", Array(#"{"text" "x"}"#.utf8)),
        ("bare word", Array(#"{"text":nil}"#.utf8)),
    ]

    @Test(arguments: leftToJSONDecoder.indices)
    func malformedOrUnusualBodiesGetTheOldAnswer(_ index: Int) {
        let (name, bytes) = Self.leftToJSONDecoder[index]
        let isRead = bytes.withUnsafeBufferPointer { JSONObjectMembers.read($0) } != nil
        #expect(!isRead, "\(name): the byte reader should leave this body to JSONDecoder")
        #expect(ArticleInputDecoder.fastPathAgrees(bytes) == nil, "\(name)")
        #expect(Self.decoded(bytes) == Self.foundation(bytes), "\(name)")
    }

    @Test func problemsAreTheDocumentedOnes() {
        func problem(_ bytes: [UInt8]) -> Problem? {
            if case .failure(let problem) = Self.decoded(bytes) { return problem }
            return nil
        }
        #expect(problem(Array(#"{"text":"x""#.utf8))?.type == "/problems/malformed-json")
        #expect(problem(Array(#"["x"]"#.utf8)) == Problems.invalidField("body", "the JSON body must be an object"))
        #expect(problem(Array(#"{"text":5}"#.utf8)) == Problems.invalidField("text", "text must be a string"))
        #expect(problem(Array(#"{"title":[],"text":5}"#.utf8)) == Problems.invalidField("title", "title must be a string"))
        #expect(problem(Array(#"{"text":"a","html":"b"}"#.utf8))?.extensions["field"] == "html")
    }

    @Test func fieldsAreReadAsWritten() throws {
        let body = #"{"title":" Floods \n in  Kenya ","text":"Caf\u00e9 \"quoted\" 😀","url":"u","source":"s","published_at":"2024-02-15"}"#
        let submission = try Self.decoded(Array(body.utf8)).get()
        #expect(submission.content == .text("Café \"quoted\" 😀"))
        #expect(submission.title == "Floods in Kenya")
        #expect(submission.url == "u")
        #expect(submission.source == "s")
        #expect(submission.publishedAt == "2024-02-15")
    }

    @Test func skipsNestedValuesWithoutRecursionUpToTheLimit() {
        let depth = JSONObjectMembers.maxDepth
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let body = Array(#"{"text":"x","deep":\#(nested)}"#.utf8)
        #expect(body.withUnsafeBufferPointer { JSONObjectMembers.read($0) }?["deep"] == .other)
        let deeper = Array(#"{"text":"x","deep":[\#(nested)]}"#.utf8)
        #expect(deeper.withUnsafeBufferPointer { JSONObjectMembers.read($0) } == nil)
    }

    @Test func validatesUTF8() {
        func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { JSONObjectMembers.isValidUTF8($0) } }
        #expect(valid(Array("plain ASCII text, longer than eight bytes".utf8)))
        #expect(valid(Array("ASCII first, then Zürich and 😀".utf8)))
        #expect(!valid(Array("ASCII first, then".utf8) + [0xFF]))
        #expect(!valid([0xE2, 0x82]))
        #expect(!valid([0xED, 0xA0, 0x80]))  // an encoded surrogate
        #expect(valid([]))
    }
}
