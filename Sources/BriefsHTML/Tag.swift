/// The HTML elements the cleaner tells apart; every other name is `.other` (inline).
enum Tag: UInt8, Sendable {
    case other
    case a, address, article, aside, blockquote, body, br, caption, center, dd, details, dialog, div, dl, dt
    case fieldset, figcaption, figure, footer, form, h1, h2, h3, h4, h5, h6, head, header, hgroup, hr, html
    case li, link, main, menu, meta, nav, ol, p, pre, script, section, summary, table, tbody, td, tfoot, th
    case thead, time, title, tr, ul
    /// Common inline elements that never carry a useful class hint of their own (span, img, b, i, ...).
    case inline
    /// Subtrees never read as text.
    case skipped

    /// Whether the element starts and ends a text block. Table cells do not: a row reads as one line.
    var isBlock: Bool {
        switch self {
        case .other, .inline, .a, .time, .link, .meta, .script, .title, .skipped, .td, .th: return false
        default: return true
        }
    }

    /// Whether the element is a heading `h2`…`h6` (`h1` is the page headline, not body text).
    var isSubheading: Bool {
        switch self {
        case .h2, .h3, .h4, .h5, .h6: return true
        default: return false
        }
    }

    /// The reason a block under this element is dropped as page furniture, if it is such an element.
    var boilerplateReason: String? {
        switch self {
        case .nav, .menu: return "navigation"
        case .aside: return "aside"
        case .footer: return "footer"
        case .header: return "header"
        case .figcaption, .caption, .figure: return "caption"
        case .form, .dialog: return "form"
        case .address: return "byline"
        default: return nil
        }
    }

    private static let byNameHash: HashedTable<Tag> = {
        var table = HashedTable<Tag>(capacity: 128)
        let named: [(String, Tag)] = [
            ("a", .a), ("address", .address), ("article", .article), ("aside", .aside), ("blockquote", .blockquote),
            ("body", .body), ("br", .br), ("caption", .caption), ("center", .center), ("dd", .dd),
            ("details", .details), ("dialog", .dialog), ("div", .div), ("dl", .dl), ("dt", .dt),
            ("fieldset", .fieldset), ("figcaption", .figcaption), ("figure", .figure), ("footer", .footer),
            ("form", .form), ("h1", .h1), ("h2", .h2), ("h3", .h3), ("h4", .h4), ("h5", .h5), ("h6", .h6),
            ("head", .head), ("header", .header), ("hgroup", .hgroup), ("hr", .hr), ("html", .html), ("li", .li),
            ("link", .link), ("main", .main), ("menu", .menu), ("meta", .meta), ("nav", .nav), ("ol", .ol),
            ("p", .p), ("pre", .pre), ("script", .script), ("section", .section), ("summary", .summary),
            ("table", .table), ("tbody", .tbody), ("td", .td), ("tfoot", .tfoot), ("th", .th), ("thead", .thead),
            ("time", .time), ("title", .title), ("tr", .tr), ("ul", .ul),
        ]
        for (name, tag) in named { table[ClassHints.hash(Array(name.utf8))] = tag }
        for name in ["span", "img", "b", "i", "em", "strong", "small", "source", "picture", "sup", "sub", "u", "abbr", "cite", "code", "mark", "q", "s", "wbr", "font"] {
            table[ClassHints.hash(Array(name.utf8))] = .inline
        }
        // Subtrees with no readable article text: code, styling, embedded objects, form controls.
        for name in [
            "style", "noscript", "template", "svg", "iframe", "select", "option", "button", "textarea", "input",
            "object", "embed", "canvas", "math", "audio", "video", "map",
        ] {
            table[ClassHints.hash(Array(name.utf8))] = .skipped
        }
        return table
    }()

    /// The tag for a lower-case element name (libxml2's HTML parser lower-cases names).
    static func named(_ name: UnsafePointer<UInt8>) -> Tag {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        var pointer = name
        var length = 0
        while pointer.pointee != 0 {
            var byte = pointer.pointee
            if (65...90).contains(byte) { byte |= 0x20 }
            value ^= UInt64(byte)
            value &*= 0x100_0000_01b3
            pointer += 1
            length += 1
            if length > 16 { return .other }
        }
        return byNameHash[value] ?? .other
    }
}
