import CLibXML2

/// Parses HTML bytes with libxml2 and flattens the tree into a `FlatPage`.
///
/// Parsing: `htmlReadMemory` in recovery mode with network access off, errors and warnings silenced, and the
/// encoding chosen beforehand by `Charset` (the page's own declaration is then ignored by libxml2, which could
/// otherwise switch encodings mid-stream). The HTML parser never loads external entities or DTDs.
/// `XML_PARSE_HUGE` lifts libxml2's nesting limit of 256, past which it would silently drop the rest of the
/// page; the input is capped at `maxInputBytes` instead, and nothing below recurses on depth. `NOBLANKS` and
/// `COMPACT` spare libxml2 the whitespace-only nodes between blocks and small allocations. Before parsing,
/// `RawTextFilter` removes comments, script/style/svg contents and unread attributes. Binary input (many control
/// bytes) gives an empty page.
///
/// Walking: iterative (first child, next sibling, parent pointers) with an explicit frame stack on the heap, so a
/// page of 100,000 nested `<div>`s costs memory, not call stack. Text is whitespace-collapsed into one UTF-8
/// buffer and cut into blocks at block-level element boundaries and at `<br><br>`.
struct PageParser {
    let hints: ClassHints

    /// The flattened page, or an empty one when libxml2 gives no document (empty input).
    func parse(_ input: [UInt8], maxBytes: Int) -> FlatPage {
        var page = FlatPage()
        var input = input.count > maxBytes ? Array(input.prefix(maxBytes)) : input
        let isUTF16 = input.starts(with: [0xFF, 0xFE]) || input.starts(with: [0xFE, 0xFF])
        if !isUTF16 && Self.looksBinary(input) { return page }
        if !isUTF16 { input = RawTextFilter.filtered(input) }
        let (bytes, encoding) = Charset.prepare(input)
        guard !bytes.isEmpty else { return page }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
                | HTML_PARSE_NOBLANKS.rawValue | HTML_PARSE_NODEFDTD.rawValue | XML_PARSE_HUGE.rawValue)
        var chosen = encoding
        if let handler = xmlFindCharEncodingHandler(encoding) {
            xmlCharEncCloseFunc(handler)
        } else {
            chosen = "windows-1252"
        }
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(clamping: chars.count), nil, chosen, options)
            }
        }
        guard let document else { return page }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return page }
        walk(root, into: &page)
        return page
    }

    private func walk(_ root: xmlNodePtr, into page: inout FlatPage) {
        var walker = Walker(hints: hints)
        walker.page.text.reserveCapacity(64 * 1024)
        var node: xmlNodePtr? = root
        while let current = node {
            var descend = false
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                descend = walker.enter(current)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if walker.headDepth == 0, let content = current.pointee.content { walker.appendText(content) }
            default:
                break
            }
            if descend, let child = current.pointee.children {
                node = child
                continue
            }
            // Leave `current` and every ancestor that has no next sibling.
            var leaving: xmlNodePtr = current
            node = nil
            while true {
                if leaving.pointee.type == XML_ELEMENT_NODE { walker.leave(leaving) }
                if leaving == root { break }
                if let next = leaving.pointee.next {
                    node = next
                    break
                }
                guard let parent = leaving.pointee.parent else { break }
                leaving = parent
            }
        }
        walker.flush()
        page = walker.page
    }
}

/// The mutable state of one walk over a libxml2 tree.
private struct Walker {
    let hints: ClassHints
    var page = FlatPage()
    var frames: [Frame] = []
    /// The innermost open block-level element, -1 before the first.
    var owner: Int32 = -1
    var blockStart = 0
    var pendingSpace = false
    var narrow: Int32 = 0
    var wide: Int32 = 0
    var linkNarrow: Int32 = 0
    var linkWide: Int32 = 0
    /// Links opened while the current block was open.
    var links: Int32 = 0
    var linkDepth = 0
    var headDepth = 0
    var bodyDepth = 0
    var lastWasBreak = false
    var hintCache = HashedTable<Hint>(capacity: 512)
    var tokenCache = HashedTable<Hint>(capacity: 512)

    init(hints: ClassHints) { self.hints = hints }

    /// Per-frame state of an element whose subtree is being walked.
    struct Frame {
        var element: Int32
        var tag: Tag
        var isLink: Bool
        var savedOwner: Int32
        /// Where the text of an author element starts in `text`, or -1.
        var captureStart: Int32
    }

    /// Ends the current block: records it when it has text, else forgets its bytes.
    mutating func flush() {
        if page.text.count > blockStart, narrow + wide > 0, owner >= 0 {
            page.blocks.append(
                FlatPage.Block(
                    owner: owner, start: Int32(blockStart), end: Int32(page.text.count), narrowChars: narrow,
                    wideChars: wide, linkNarrowChars: linkNarrow, linkWideChars: linkWide, links: links, isInBody: bodyDepth > 0))
        } else {
            page.text.removeSubrange(blockStart...)
        }
        blockStart = page.text.count
        pendingSpace = false
        narrow = 0
        wide = 0
        linkNarrow = 0
        linkWide = 0
        links = 0
    }

    /// Appends a text node's bytes, collapsing whitespace and counting characters. Runs of non-space bytes are
    /// copied in one go.
    mutating func appendText(_ content: UnsafePointer<UInt8>) {
        var pointer = content
        let inLink = linkDepth > 0
        while true {
            var byte = pointer.pointee
            if byte == 0 { break }
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                pendingSpace = true
                pointer += 1
                continue
            }
            if byte == 0xC2 && pointer[1] == 0xA0 {  // U+00A0 no-break space
                pendingSpace = true
                pointer += 2
                continue
            }
            if pendingSpace {
                if page.text.count > blockStart { page.text.append(0x20) }
                pendingSpace = false
            }
            // A run up to the next whitespace byte, NBSP or the end.
            let runStart = pointer
            var narrowRun: Int32 = 0
            var wideRun: Int32 = 0
            repeat {
                if byte < 0x80 || (byte >= 0xC0 && byte < 0xE0) {
                    narrowRun += 1
                } else if byte >= 0xE0 {
                    wideRun += 1
                }
                pointer += 1
                byte = pointer.pointee
            } while byte != 0 && byte != 0x20 && byte != 0x0A && byte != 0x09 && byte != 0x0D && byte != 0x0C
                && !(byte == 0xC2 && pointer[1] == 0xA0)
            page.text.append(contentsOf: UnsafeBufferPointer(start: runStart, count: runStart.distance(to: pointer)))
            narrow += narrowRun
            wide += wideRun
            if inLink {
                linkNarrow += narrowRun
                linkWide += wideRun
            }
            lastWasBreak = false
        }
    }

    /// Pops the frame of an element being left, if it was entered.
    mutating func leave(_ node: xmlNodePtr) {
        guard let frame = frames.last,
            node.pointee._private == UnsafeMutableRawPointer(bitPattern: Int(frame.element) + 1)
        else { return }
        frames.removeLast()
        if frame.tag.isBlock {
            flush()
            owner = frame.savedOwner
        }
        if frame.isLink { linkDepth -= 1 }
        if frame.tag == .td || frame.tag == .th { pendingSpace = true }
        if frame.tag == .head { headDepth -= 1 }
        if frame.tag == .body { bodyDepth -= 1 }
        if frame.captureStart >= 0, page.authorElementText == nil, Int(frame.captureStart) <= page.text.count {
            let captured = page.text[Int(frame.captureStart)...]
            let value = String(decoding: captured, as: UTF8.self).trimmed
            if !value.isEmpty && value.count < 100 { page.authorElementText = value }
        }
    }

    /// Records an element, reads the attributes that matter, and says whether to walk its children.
    mutating func enter(_ node: xmlNodePtr) -> Bool {
        guard let name = node.pointee.name else { return false }
        let tag = Tag.named(name)
        switch tag {
        case .skipped:
            return false
        case .br:
            if lastWasBreak {
                flush()
            } else {
                lastWasBreak = true
                pendingSpace = true
            }
            return false
        case .hr:
            flush()
            return false
        case .title:
            if page.titleElementText == nil { page.titleElementText = childText(node).collapsedWhitespace }
            return false
        case .script:
            if let type = rawAttribute(node, "type"), PageParser.contains(type, "ld+json") {
                page.jsonLDScripts.append(childText(node))
            }
            return false
        case .meta:
            readMeta(node)
            return false
        case .link:
            if page.canonicalLink == nil, let rel = rawAttribute(node, "rel"), PageParser.contains(rel, "canonical"),
                let href = attribute(node, "href")
            {
                page.canonicalLink = href.trimmed
            }
            return false
        default:
            break
        }
        var hint = Hint.none
        var isArticleBody = false
        var isLink = false
        var isAuthor = false
        var attributeNode = node.pointee.properties
        while let attr = attributeNode {
            attributeNode = attr.pointee.next
            guard let attrName = attr.pointee.name else { continue }
            guard let value = attr.pointee.children?.pointee.content else {
                if PageParser.equals(attrName, "hidden") { return false }
                continue
            }
            switch attrName[0] | 0x20 {
            case UInt8(ascii: "c"), UInt8(ascii: "i"), UInt8(ascii: "r"):
                if tag != .inline && tag != .a
                    && (PageParser.equals(attrName, "class") || PageParser.equals(attrName, "id")
                        || PageParser.equals(attrName, "role"))
                {
                    let buffer = UnsafeBufferPointer(start: value, count: PageParser.cStringLength(value))
                    let key = ClassHints.hash(buffer) &+ UInt64(attrName[0])
                    let found: Hint
                    if let cached = hintCache[key] {
                        found = cached
                    } else {
                        found = hints.hint(of: buffer, tokenCache: &tokenCache)
                        hintCache[key] = found
                    }
                    if found.isPositive { hint.isPositive = true }
                    if hint.negativeReason == 0 { hint.negativeReason = found.negativeReason }
                } else if PageParser.equals(attrName, "itemprop") {
                    if PageParser.contains(value, "articlebody") { isArticleBody = true }
                    if PageParser.contains(value, "author") { isAuthor = true }
                } else if PageParser.equals(attrName, "rel") {
                    if PageParser.contains(value, "author") { isAuthor = true }
                }
            case UInt8(ascii: "h"):
                if PageParser.equals(attrName, "hidden") { return false }
                if tag == .a, PageParser.equals(attrName, "href") { isLink = true }
            case UInt8(ascii: "s"):
                if PageParser.equals(attrName, "style"), PageParser.hidesElement(style: value) { return false }
            case UInt8(ascii: "a"):
                if PageParser.equals(attrName, "aria-hidden"), PageParser.equals(value, "true") { return false }
            case UInt8(ascii: "l"):
                if tag == .html, page.language == nil, PageParser.equals(attrName, "lang") {
                    let text = String(cString: value).trimmed
                    if !text.isEmpty { page.language = text }
                }
            case UInt8(ascii: "d"):
                if tag == .time, page.firstTimeDatetime == nil, PageParser.equals(attrName, "datetime") {
                    let text = String(cString: value).trimmed
                    if !text.isEmpty { page.firstTimeDatetime = text }
                }
            default:
                break
            }
        }
        let index = Int32(page.elements.count)
        let parent = frames.last?.element ?? -1
        page.elements.append(FlatPage.Element(tag: tag, parent: parent, hint: hint, isArticleBody: isArticleBody))
        node.pointee._private = UnsafeMutableRawPointer(bitPattern: Int(index) + 1)
        if tag.isBlock {
            flush()
            owner = index
            lastWasBreak = false
        }
        let captureStart: Int32 = isAuthor && page.authorElementText == nil ? Int32(page.text.count) : -1
        frames.append(Frame(element: index, tag: tag, isLink: isLink, savedOwner: owner, captureStart: captureStart))
        if isLink {
            linkDepth += 1
            links += 1
        }
        if tag == .td || tag == .th { pendingSpace = true }
        if tag == .head { headDepth += 1 }
        if tag == .body {
            bodyDepth += 1
            if page.bodyElement < 0 { page.bodyElement = index }
        }
        return true
    }

    mutating func readMeta(_ node: xmlNodePtr) {
        guard let content = attribute(node, "content") else { return }
        for key: StaticString in ["property", "name", "itemprop", "http-equiv"] {
            if let name = attribute(node, key) {
                let lowered = name.trimmed.lowercased()
                if !lowered.isEmpty, page.metas[lowered] == nil { page.metas[lowered] = content.trimmed }
            }
        }
    }

    /// The value of attribute `name` as a C string, if present with a value.
    func rawAttribute(_ node: xmlNodePtr, _ name: StaticString) -> UnsafePointer<UInt8>? {
        var attributeNode = node.pointee.properties
        while let attr = attributeNode {
            attributeNode = attr.pointee.next
            guard let attrName = attr.pointee.name, PageParser.equals(attrName, name) else { continue }
            return attr.pointee.children?.pointee.content.map { UnsafePointer($0) }
        }
        return nil
    }

    /// The value of attribute `name`, if present.
    func attribute(_ node: xmlNodePtr, _ name: StaticString) -> String? {
        var attributeNode = node.pointee.properties
        while let attr = attributeNode {
            attributeNode = attr.pointee.next
            guard let attrName = attr.pointee.name, PageParser.equals(attrName, name) else { continue }
            guard let value = attr.pointee.children?.pointee.content else { return "" }
            return String(cString: value)
        }
        return nil
    }

    /// The concatenated text of the direct text children (for `<title>` and `<script>`).
    func childText(_ node: xmlNodePtr) -> String {
        var bytes: [UInt8] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE,
                let content = current.pointee.content
            {
                bytes.append(contentsOf: UnsafeBufferPointer(start: content, count: PageParser.cStringLength(content)))
            }
            child = current.pointee.next
        }
        return String(decoding: bytes, as: UTF8.self)
    }

}

extension PageParser {
    /// Whether the first 4 KiB look like binary data rather than text: more than 1 in 20 bytes are control
    /// characters other than tab, line feed, form feed and carriage return (NUL included).
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let window = bytes.prefix(4096)
        guard !window.isEmpty else { return false }
        let controls = window.reduce(0) { count, byte in
            (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0C && byte != 0x0D) || byte == 0x7F
                ? count + 1 : count
        }
        return controls * 20 > window.count
    }

    /// The length of a NUL-terminated byte string.
    static func cStringLength(_ pointer: UnsafePointer<UInt8>) -> Int {
        var length = 0
        while pointer[length] != 0 { length += 1 }
        return length
    }

    /// Whether a C string contains an ASCII literal, ignoring ASCII case.
    static func contains(_ pointer: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        var start = pointer
        while start.pointee != 0 {
            var offset = 0
            while offset < count, start[offset] != 0, start[offset] | 0x20 == expected[offset] | 0x20 { offset += 1 }
            if offset == count { return true }
            start += 1
        }
        return false
    }

    /// Whether a C string equals an ASCII literal, ignoring ASCII case.
    static func equals(_ pointer: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        for index in 0..<count {
            let byte = pointer[index]
            if byte == 0 || byte | 0x20 != expected[index] | 0x20 { return false }
        }
        return pointer[count] == 0
    }

    /// Whether an inline style hides the element (`display:none`, `visibility:hidden`).
    static func hidesElement(style: UnsafePointer<UInt8>) -> Bool {
        var compact: [UInt8] = []
        var pointer = style
        while pointer.pointee != 0, compact.count < 512 {
            let byte = pointer.pointee
            if byte != 0x20 && byte != 0x09 && byte != 0x0A { compact.append(byte | (byte >= 65 && byte <= 90 ? 0x20 : 0)) }
            pointer += 1
        }
        return Self.contains(compact, Array("display:none".utf8)) || Self.contains(compact, Array("visibility:hidden".utf8))
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace (ASCII whitespace and U+00A0), scanned as UTF-8 bytes.
    var trimmed: String {
        collapsing(inner: false)
    }

    /// Runs of whitespace (ASCII whitespace and U+00A0) collapsed to one space, trimmed.
    var collapsedWhitespace: String {
        collapsing(inner: true)
    }

    private func collapsing(inner: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var pendingSpace = false
        var iterator = utf8.makeIterator()
        var previousWasC2 = false
        while let byte = iterator.next() {
            if previousWasC2 {
                previousWasC2 = false
                if byte == 0xA0 {
                    pendingSpace = true
                    continue
                }
                if pendingSpace && !output.isEmpty { output.append(0x20) }
                pendingSpace = false
                output.append(0xC2)
            }
            if byte == 0xC2 {
                previousWasC2 = true
                continue
            }
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                if inner {
                    pendingSpace = true
                } else if !output.isEmpty {
                    output.append(byte)
                }
                continue
            }
            if pendingSpace && !output.isEmpty { output.append(0x20) }
            pendingSpace = false
            output.append(byte)
        }
        if previousWasC2 {
            if pendingSpace && !output.isEmpty { output.append(0x20) }
            output.append(0xC2)
        }
        if !inner {
            while let last = output.last, last == 0x20 || last == 0x0A || last == 0x09 || last == 0x0D || last == 0x0C {
                output.removeLast()
            }
            if output.count >= 2, output[output.count - 2] == 0xC2, output[output.count - 1] == 0xA0 {
                output.removeLast(2)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
