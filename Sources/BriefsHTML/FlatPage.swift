/// A parsed page flattened into plain Swift values: the element tree (parent links only) and the text blocks in
/// document order, with everything the metadata stage needs. The libxml2 document is gone by the time this exists.
struct FlatPage: Sendable {
    /// One element of the tree. Elements are numbered in document order, so a parent's index is always smaller.
    struct Element: Sendable {
        var tag: Tag
        /// Index of the parent element, -1 for the root.
        var parent: Int32
        var hint: Hint
        /// `itemprop="articleBody"` (or `articleBody` among several itemprop tokens).
        var isArticleBody: Bool
    }

    /// A run of text between block boundaries, owned by its innermost block-level element.
    struct Block: Sendable {
        /// Index of the innermost block-level element around the text.
        var owner: Int32
        /// Byte range of the whitespace-collapsed UTF-8 text in `FlatPage.text`.
        var start: Int32
        var end: Int32
        /// Characters written with one or two UTF-8 bytes (Latin, Cyrillic, Greek, ...).
        var narrowChars: Int32
        /// Characters written with three or four UTF-8 bytes (CJK, kana, hangul, ...).
        var wideChars: Int32
        /// Of those, characters inside `<a href>`.
        var linkNarrowChars: Int32
        var linkWideChars: Int32
        /// How many links (`<a href>`) the block holds.
        var links: Int32
        /// Whether the block lies in `<body>` (not in `<head>` or outside both).
        var isInBody: Bool
    }

    var elements: [Element] = []
    var blocks: [Block] = []
    /// All block text, UTF-8, blocks back to back.
    var text: [UInt8] = []

    // Metadata as found.
    var language: String?
    var titleElementText: String?
    /// `<meta name|property|itemprop=... content=...>`, keys lower-cased, first occurrence wins.
    var metas: [String: String] = [:]
    var canonicalLink: String?
    /// Contents of `<script type="application/ld+json">` elements.
    var jsonLDScripts: [String] = []
    /// The first `<time datetime>` value.
    var firstTimeDatetime: String?
    /// Text of the first `rel=author` link or `itemprop=author` element.
    var authorElementText: String?

    /// Index of `<body>` among `elements`, if the page has one.
    var bodyElement: Int32 = -1

    /// The text of a block as a `String`.
    func string(of block: Block) -> String {
        String(decoding: text[Int(block.start)..<Int(block.end)], as: UTF8.self)
    }
}
