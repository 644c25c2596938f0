import BriefsDomain

@testable import BriefsStore

/// The store's article JSON written through the decoded `Facts` and `RemovedBlock`s: the writer before the packed one,
/// kept here as the reference `PackedWriterTests` compares `ArticleJSON.write` with (the same bytes).
extension ArticleJSON {
    static func writeDecodingFacts(_ article: Article, to writer: inout JSONWriter) throws(JSONValueError) {
        try write(
            article, to: &writer,
            facts: { (body, writer) throws(JSONValueError) in
                try write(article.facts, body: &body, atMentions: article.packedFacts.textsAtMentions, to: &writer)
            },
            removed: { writer in
                for (index, block) in article.removed.enumerated() {
                    if index > 0 { writer.byte(0x2C) }
                    writer.raw("{\"reason\":")
                    writer.string(block.reason)
                    writer.raw(",\"text\":")
                    writer.string(block.text)
                    writer.byte(0x7D)
                }
            })
    }

    fileprivate static func write(_ mentions: MentionList, to writer: inout JSONWriter) {
        writer.byte(0x5B)
        var isFirst = true
        mentions.forEach { mention in
            if !isFirst { writer.byte(0x2C) }
            isFirst = false
            write(mention, to: &writer)
        }
        writer.byte(0x5D)
    }

    fileprivate static func write(_ strings: [String], to writer: inout JSONWriter) {
        writer.byte(0x5B)
        for (index, string) in strings.enumerated() {
            if index > 0 { writer.byte(0x2C) }
            writer.string(string)
        }
        writer.byte(0x5D)
    }

    /// `[` element `,` element … `]`.
    fileprivate static func writeArray<Element>(
        _ elements: [Element], to writer: inout JSONWriter,
        _ each: (Element, inout JSONWriter) throws(JSONValueError) -> Void
    ) throws(JSONValueError) {
        writer.byte(0x5B)
        for (index, element) in elements.enumerated() {
            if index > 0 { writer.byte(0x2C) }
            try each(element, &writer)
        }
        writer.byte(0x5D)
    }

    /// - Parameter atMentions: key sentences and quotes known to equal the body at their mention (bit `i` for
    ///   element `i`); the others are compared with the body here.
    fileprivate static func write(
        _ facts: Facts, body: inout ScalarOffsets, atMentions: (keySentences: UInt64, quotes: UInt64),
        to writer: inout JSONWriter
    ) throws(JSONValueError) {
        writer.raw("{\"countries\":")
        try writeArray(facts.countries, to: &writer) { (country, writer) throws(JSONValueError) in
            writer.raw("{\"code\":")
            writer.string(country.code)
            writer.raw(",\"focus\":")
            writer.bool(country.focus)
            writer.raw(",\"mention_count\":")
            writer.int(country.mentionCount)
            writer.raw(",\"mentions\":")
            write(country.mentionList, to: &writer)
            writer.raw(",\"name\":")
            writer.string(country.name)
            writer.raw(",\"salience\":")
            try writer.double(country.salience)
            writer.byte(0x7D)
        }
        writer.raw(",\"dates\":")
        try writeArray(facts.dates, to: &writer) { (date, writer) throws(JSONValueError) in
            writer.raw("{\"mention\":")
            write(date.mention, to: &writer)
            writer.raw(",\"text\":")
            writer.string(date.text)
            if let value = date.value {
                writer.raw(",\"value\":")
                writer.string(value)
            }
            writer.byte(0x7D)
        }
        writer.raw(",\"figures\":")
        try writeArray(facts.figures, to: &writer) { (figure, writer) throws(JSONValueError) in
            writer.raw("{\"approximate\":")
            writer.bool(figure.approximate)
            writer.raw(",\"kind\":")
            writer.string(figure.kind)
            writer.raw(",\"mention\":")
            write(figure.mention, to: &writer)
            writer.raw(",\"text\":")
            writer.string(figure.text)
            if let unit = figure.unit {
                writer.raw(",\"unit\":")
                writer.string(unit)
            }
            if let value = figure.value {
                writer.raw(",\"value\":")
                try writer.double(value)
            }
            writer.byte(0x7D)
        }
        writer.raw(",\"key_sentences\":")
        var index = 0
        try writeArray(facts.keySentences, to: &writer) { (sentence, writer) throws(JSONValueError) in
            defer { index += 1 }
            writer.raw("{\"mention\":")
            write(sentence.mention, to: &writer)
            writer.raw(",\"score\":")
            try writer.double(sentence.score)
            if !Self.isMarked(index, in: atMentions.keySentences) && !body.holds(sentence.sharedText, at: sentence.mention) {
                writer.raw(",\"text\":")
                writer.string(sentence.sharedText)
            }
            writer.byte(0x7D)
        }
        writer.raw(",\"organizations\":")
        try writeArray(facts.organizations, to: &writer) { (organization, writer) throws(JSONValueError) in
            writer.raw("{\"aliases\":")
            write(organization.aliases, to: &writer)
            writer.raw(",\"mention_count\":")
            writer.int(organization.mentionCount)
            writer.raw(",\"mentions\":")
            write(organization.mentionList, to: &writer)
            writer.raw(",\"name\":")
            writer.string(organization.name)
            writer.byte(0x7D)
        }
        writer.raw(",\"people\":")
        try writeArray(facts.people, to: &writer) { (person, writer) throws(JSONValueError) in
            writer.byte(0x7B)
            if let country = person.country {
                writer.raw("\"country\":")
                writer.string(country)
                writer.byte(0x2C)
            }
            writer.raw("\"mention_count\":")
            writer.int(person.mentionCount)
            writer.raw(",\"mentions\":")
            write(person.mentionList, to: &writer)
            writer.raw(",\"name\":")
            writer.string(person.name)
            writer.raw(",\"titles\":")
            write(person.titles, to: &writer)
            writer.byte(0x7D)
        }
        writer.raw(",\"places\":")
        try writeArray(facts.places, to: &writer) { (place, writer) throws(JSONValueError) in
            writer.byte(0x7B)
            if let country = place.country {
                writer.raw("\"country\":")
                writer.string(country)
                writer.byte(0x2C)
            }
            writer.raw("\"kind\":")
            writer.string(place.kind)
            writer.raw(",\"mention_count\":")
            writer.int(place.mentionCount)
            writer.raw(",\"mentions\":")
            write(place.mentionList, to: &writer)
            writer.raw(",\"name\":")
            writer.string(place.name)
            writer.byte(0x7D)
        }
        writer.raw(",\"quotes\":")
        index = 0
        try writeArray(facts.quotes, to: &writer) { (quote, writer) throws(JSONValueError) in
            defer { index += 1 }
            writer.raw("{\"direct\":")
            writer.bool(quote.direct)
            writer.raw(",\"mention\":")
            write(quote.mention, to: &writer)
            if let speaker = quote.speaker {
                writer.raw(",\"speaker\":")
                writer.string(speaker)
            }
            if !Self.isMarked(index, in: atMentions.quotes) && !body.holds(quote.sharedText, at: quote.mention) {
                writer.raw(",\"text\":")
                writer.string(quote.sharedText)
            }
            writer.byte(0x7D)
        }
        writer.raw(",\"roles\":")
        try writeArray(facts.roles, to: &writer) { (role, writer) throws(JSONValueError) in
            writer.raw("{\"country\":")
            writer.string(role.country)
            writer.raw(",\"mention\":")
            write(role.mention, to: &writer)
            writer.raw(",\"role\":")
            writer.string(role.role)
            writer.byte(0x7D)
        }
        writer.byte(0x7D)
    }
}
