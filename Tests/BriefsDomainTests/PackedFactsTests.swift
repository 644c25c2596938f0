import BriefsDomain
import Foundation
import Testing

/// `PackedFacts` (how `Article` keeps its facts and removed blocks) gives back exactly what was packed.
@Suite("PackedFacts")
struct PackedFactsTests {
    /// A body with non-ASCII scalars before the mentions (scalar and UTF-8 offsets differ).
    static let body = Body(paragraphs: ["Zoë met Łukasz in Kraków 🇵🇱 on Monday.", "The ministry said 12 people came."])

    /// The scalar range of `needle` in `body`, as a mention in `sentence`.
    static func mention(_ needle: String, sentence: Int) -> Mention {
        let scalars = Array(body.text.unicodeScalars)
        let wanted = Array(needle.unicodeScalars)
        for start in 0...(scalars.count - wanted.count) where Array(scalars[start..<start + wanted.count]) == wanted {
            return Mention(start: start, end: start + wanted.count, sentence: sentence)
        }
        Issue.record("\(needle) not in the body")
        return Mention(start: 0, end: 0, sentence: sentence)
    }

    static let many: Facts = Facts(
        countries: [
            CountryFact(
                code: "PL", name: "Poland", mentionCount: 2, salience: 0.8125, focus: true,
                mentions: [mention("Kraków", sentence: 0), mention("🇵🇱", sentence: 0)]),
            CountryFact(code: "XK", name: "Kosovo", mentionCount: 0, salience: -0.0, focus: false, mentions: []),
            CountryFact(
                code: "DE", name: "Germany", mentionCount: 1, salience: 1e-300, focus: false,
                mentions: [Mention(start: 0, end: 3, sentence: 0)]),
        ],
        people: [
            PersonFact(
                name: "Łukasz Nowak-Żółć", titles: ["Minister", "Deputy Prime Minister of Something"], country: "PL",
                mentionCount: 3, mentions: [mention("Łukasz", sentence: 0)]),
            PersonFact(name: "Zoë", titles: [], country: nil, mentionCount: 0, mentions: []),
        ],
        organizations: [
            OrganizationFact(name: "the ministry", aliases: ["Ministry", "Ministère", ""], mentionCount: 1, mentions: [])
        ],
        places: [
            PlaceFact(name: "Kraków", kind: "city", country: "PL", mentionCount: 1, mentions: [mention("Kraków", sentence: 0)]),
            PlaceFact(name: "Nowhere", kind: "region", country: nil, mentionCount: 0, mentions: []),
        ],
        dates: [
            DateFact(text: "Monday", value: "2026-03-02", mention: mention("Monday", sentence: 0)),
            DateFact(text: "someday", value: nil, mention: Mention(start: 0, end: 0, sentence: 0)),
        ],
        figures: [
            FigureFact(text: "12", value: 12, approximate: false, unit: nil, kind: "QUANTITY", mention: mention("12", sentence: 1)),
            FigureFact(
                text: "about 3.75 million", value: 3_750_000.5, approximate: true, unit: "€", kind: "MONEY",
                mention: Mention(start: 3, end: 9, sentence: 1)),
            FigureFact(text: "some", value: nil, approximate: true, unit: "", kind: "QUANTITY", mention: Mention(start: 0, end: 0, sentence: 0)),
        ],
        quotes: [
            QuoteFact(speaker: "Zoë", text: "12 people came", direct: true, mention: mention("12 people came", sentence: 1)),
            QuoteFact(speaker: nil, text: "not in the body", direct: false, mention: Mention(start: 2, end: 5, sentence: 1)),
        ],
        keySentences: [
            KeySentence(
                text: "Zoë met Łukasz in Kraków 🇵🇱 on Monday.", score: 0.75,
                mention: mention("Zoë met Łukasz in Kraków 🇵🇱 on Monday.", sentence: 0)),
            KeySentence(text: "A paraphrase.", score: 0.5, mention: mention("The ministry said 12 people came.", sentence: 1)),
            // Past the end of the body: kept as a string of its own.
            KeySentence(text: "Far away.", score: .infinity, mention: Mention(start: 5_000, end: 5_009, sentence: 9)),
        ],
        roles: [RoleFact(role: "president", country: "PL", mention: Mention(start: 0, end: 3, sentence: 0))])

    static let removed = [
        RemovedBlock(text: "Subscribe to our newsletter 📰", reason: "newsletter"), RemovedBlock(text: "", reason: "short"),
    ]

    @Test func emptyFactsRoundTrip() {
        let packed = PackedFacts(facts: .empty, removed: [], bodyText: Self.body.text)
        #expect(packed.facts(bodyText: Self.body.text) == .empty)
        #expect(packed.removed.isEmpty)
        #expect(packed.countryCodes.isEmpty)
        #expect(packed.country("PL") == nil)
        #expect(packed.salience(of: "PL") == nil)
        #expect(packed == .empty)
        // Ten one-byte section lengths.
        #expect(packed.byteCount == 10)
    }

    @Test func manyFactsRoundTrip() {
        let packed = PackedFacts(facts: Self.many, removed: Self.removed, bodyText: Self.body.text)
        let facts = packed.facts(bodyText: Self.body.text)
        #expect(facts == Self.many)
        #expect(packed.removed == Self.removed)
        // Field by field where `Equatable` might hide a difference (signed zero, mention lists).
        #expect(facts.countries[1].salience.sign == .minus)
        #expect(facts.countries[0].mentions == Self.many.countries[0].mentions)
        #expect(facts.people[0].titles == ["Minister", "Deputy Prime Minister of Something"])
        #expect(facts.people[1].country == nil)
        #expect(facts.figures[0].value == 12 && facts.figures[2].value == nil && facts.figures[2].unit == "")
        #expect(facts.quotes[1].speaker == nil && facts.quotes[0].speaker == "Zoë")
        #expect(facts.keySentences[2].score == .infinity)
        // Smaller than the values it holds would be as Swift arrays.
        #expect(packed.byteCount < 700)
    }

    @Test func oneMentionRoundTrips() {
        let one = Facts(
            people: [PersonFact(name: "A", titles: ["t"], country: "PL", mentionCount: 1, mentions: [Self.mention("Zoë", sentence: 0)])])
        let packed = PackedFacts(facts: one, removed: [], bodyText: Self.body.text)
        #expect(packed.people == one.people)
        #expect(packed.people[0].mentions == [Mention(start: 0, end: 3, sentence: 0)])
    }

    @Test func largeAndNegativeOffsetsAreClampedAndKept() {
        let mentions = [
            Mention(start: Int.max, end: Int.min, sentence: -1),
            Mention(start: -5, end: 1 << 40, sentence: Int(Int32.max)),
            Mention(start: 200_000, end: 199_999, sentence: 0),
        ]
        #expect(mentions[0].start == Int(Int32.max) && mentions[0].end == Int(Int32.min))
        let facts = Facts(
            countries: [CountryFact(code: "FR", name: "France", mentionCount: Int.max, salience: 1, focus: false, mentions: mentions)],
            dates: [DateFact(text: "x", value: nil, mention: mentions[1])],
            roles: [RoleFact(role: "r", country: "FR", mention: mentions[0])])
        let packed = PackedFacts(facts: facts, removed: [], bodyText: "")
        let decoded = packed.facts(bodyText: "")
        #expect(decoded == facts)
        #expect(decoded.countries[0].mentions == mentions)
        #expect(decoded.countries[0].mentionCount == Int.max)
        #expect(decoded.dates[0].mention.end == Int(Int32.max))
    }

    @Test func textsEqualToTheBodyBecomeSlicesOfIt() {
        let packed = PackedFacts(facts: Self.many, removed: [], bodyText: Self.body.text)
        let sentences = packed.keySentences(bodyText: Self.body.text)
        #expect(sentences[0].sharedText.base == Self.body.text)
        #expect(sentences[0].text == "Zoë met Łukasz in Kraków 🇵🇱 on Monday.")
        #expect(sentences[1].sharedText.base == "A paraphrase.")
        #expect(sentences[2].text == "Far away.")
        let quotes = packed.quotes(bodyText: Self.body.text)
        #expect(quotes[0].sharedText.base == Self.body.text && quotes[0].text == "12 people came")
        #expect(quotes[1].text == "not in the body")
        // The shared texts are kept as positions: a second body of the same length gives its own slice.
        let other = String(repeating: "x", count: Self.body.text.utf8.count)
        #expect(packed.keySentences(bodyText: other)[1].text == "A paraphrase.")
    }

    @Test func partialReadersAgreeWithTheFullDecode() {
        let packed = PackedFacts(facts: Self.many, removed: Self.removed, bodyText: Self.body.text)
        #expect(packed.countryCodes == ["PL", "XK", "DE"])
        #expect(packed.country("DE") == Self.many.countries[2])
        #expect(packed.country("XK") == Self.many.countries[1])
        #expect(packed.country("FR") == nil)
        #expect(packed.salience(of: "PL") == 0.8125)
        #expect(packed.salience(of: "DE") == 1e-300)
        #expect(packed.mentions(country: "XK") && !packed.mentions(country: "X"))
        #expect(packed.keySentenceScores.map(\.sentence) == [0, 1, 9])
        #expect(packed.keySentenceScores.map(\.score) == [0.75, 0.5, .infinity])
        #expect(packed.people == Self.many.people && packed.organizations == Self.many.organizations)
        #expect(packed.places == Self.many.places && packed.dates == Self.many.dates)
        #expect(packed.figures == Self.many.figures && packed.roles == Self.many.roles)
    }

    static func article(facts: Facts = many, removed: [RemovedBlock] = removed) -> Article {
        Article(
            id: "0123456789abcdef", title: "Zoë in Kraków", standfirst: nil, url: "https://example.org/a", source: "Example",
            author: nil, language: "en", publishedAt: "2026-03-02", ingestedAt: "2026-03-02T10:00:00Z", body: body,
            removed: removed, wordCount: 14, facts: facts)
    }

    @Test func articleKeepsFactsAcrossChanges() {
        var article = Self.article()
        #expect(article.facts == Self.many)
        #expect(article.removed == Self.removed)
        #expect(article.countries == ["PL", "XK", "DE"])
        #expect(article.countryFact("PL")?.focus == true)
        article.facts.people.removeAll()
        #expect(article.facts.people.isEmpty && article.facts.countries == Self.many.countries)
        #expect(article.removed == Self.removed)
        article.removed = []
        #expect(article.removed.isEmpty && article.facts.quotes == Self.many.quotes)
        // A new body: texts that were slices of the old one keep their value.
        article.body = Body(paragraphs: ["Something else entirely, and longer than before, so offsets move."])
        #expect(article.facts.keySentences.map(\.text) == Self.many.keySentences.map(\.text))
        #expect(article.facts.quotes.map(\.text) == Self.many.quotes.map(\.text))
        #expect(article.facts.keySentences[0].sharedText.base != article.body.text)
    }

    @Test func equalityFollowsTheFacts() {
        #expect(Self.article() == Self.article())
        var other = Self.article()
        other.facts.figures[0].approximate = true
        #expect(other != Self.article())
        #expect(Self.article(removed: []) != Self.article())
    }

    /// The article as it was stored before packing: the same fields, all of them stored.
    struct UnpackedArticle: Encodable {
        var id: String
        var title: String
        var standfirst: String?
        var url: String?
        var source: String?
        var author: String?
        var language: String?
        var publishedAt: String?
        var ingestedAt: String
        var body: Body
        var removed: [RemovedBlock]
        var wordCount: Int
        var facts: Facts

        enum CodingKeys: String, CodingKey {
            case id, title, standfirst, url, source, author, language, body, removed, facts
            case publishedAt = "published_at"
            case ingestedAt = "ingested_at"
            case wordCount = "word_count"
        }
    }

    /// Sorted keys only: without them `JSONEncoder`'s key order differs from run to run.
    @Test func codableFormIsUnchanged() throws {
        var facts = Self.many
        facts.keySentences[2].score = 2.5  // JSON has no infinity
        let article = Self.article(facts: facts)
        let unpacked = UnpackedArticle(
            id: article.id, title: article.title, standfirst: nil, url: article.url, source: article.source, author: nil,
            language: article.language, publishedAt: article.publishedAt, ingestedAt: article.ingestedAt, body: Self.body,
            removed: Self.removed, wordCount: 14, facts: facts)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let packedBytes = try encoder.encode(article)
        #expect(packedBytes == (try encoder.encode(unpacked)))
        #expect(try JSONDecoder().decode(Article.self, from: packedBytes) == article)
    }
}

extension PackedFactsTests {
    @Test func aSliceOfTheBodyIsKeptAsItsPositionWhateverItsMention() {
        let text = Self.body.text
        let start = text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: 8)
        let end = text.unicodeScalars.index(start, offsetBy: 6)
        var sentence = KeySentence(text: "", score: 1, mention: Mention(start: 0, end: 2, sentence: 0))
        sentence.sharedText = Substring(text.unicodeScalars[start..<end])
        #expect(sentence.text == "Łukasz")
        let packed = PackedFacts(facts: Facts(keySentences: [sentence]), removed: [], bodyText: text)
        let decoded = packed.keySentences(bodyText: text)
        #expect(decoded == [sentence])
        #expect(decoded[0].sharedText.base == text && decoded[0].text == "Łukasz")
        // A body of the same length but other text shows that a position, not the text, was kept.
        let other = String(repeating: "y", count: text.utf8.count)
        #expect(packed.keySentences(bodyText: other)[0].text.allSatisfy { $0 == "y" })
    }
}

extension PackedFactsTests {
    /// Sections added in any order pack to the same bytes as `init(facts:removed:bodyText:)`.
    @Test func builderTakesSectionsInAnyOrder() {
        let facts = Self.many
        var builder = PackedFacts.Builder(bodyText: Self.body.text)
        for block in Self.removed { builder.removedBlock(text: block.text, reason: block.reason) }
        for role in facts.roles { builder.role(role: role.role, country: role.country, mention: role.mention) }
        for sentence in facts.keySentences {
            let added = builder.keySentence(score: sentence.score, mention: sentence.mention, text: Substring(sentence.text))
            #expect(added)
        }
        for quote in facts.quotes {
            let added = builder.quote(speaker: quote.speaker, direct: quote.direct, mention: quote.mention, text: Substring(quote.text))
            #expect(added)
        }
        for figure in facts.figures {
            builder.figure(
                text: figure.text, value: figure.value, approximate: figure.approximate, unit: figure.unit, kind: figure.kind,
                mention: figure.mention)
        }
        for date in facts.dates { builder.date(text: date.text, value: date.value, mention: date.mention) }
        for place in facts.places {
            builder.place(name: place.name, kind: place.kind, country: place.country, mentionCount: place.mentionCount, mentions: place.mentionList)
        }
        for organization in facts.organizations {
            builder.organization(
                name: organization.name, aliases: organization.aliases, mentionCount: organization.mentionCount,
                mentions: organization.mentionList)
        }
        for person in facts.people {
            builder.person(
                name: person.name, titles: person.titles, country: person.country, mentionCount: person.mentionCount,
                mentions: person.mentionList)
        }
        for country in facts.countries {
            builder.country(
                code: country.code, name: country.name, mentionCount: country.mentionCount, salience: country.salience,
                focus: country.focus, mentions: country.mentionList)
        }
        let packed = builder.finish()
        #expect(packed == PackedFacts(facts: facts, removed: Self.removed, bodyText: Self.body.text))
        #expect(packed.facts(bodyText: Self.body.text) == facts)
    }

    @Test func builderTakesLeftOutTextsFromTheBody() {
        var builder = PackedFacts.Builder(bodyText: Self.body.text)
        let mention = Self.mention("Kraków", sentence: 0)
        let inside = builder.keySentence(score: 1, mention: mention, text: nil)
        let outside = builder.quote(speaker: nil, direct: true, mention: Mention(start: 10, end: 900, sentence: 0), text: nil)
        #expect(inside && !outside)
        let packed = builder.finish()
        #expect(packed.keySentences(bodyText: Self.body.text).map(\.text) == ["Kraków"])
        #expect(packed.quotes(bodyText: Self.body.text).isEmpty)
    }
}

extension PackedFactsTests {
    @Test func textsEqualToTheBodyAtTheirMentionAreMarked() {
        let packed = PackedFacts(facts: Self.many, removed: [], bodyText: Self.body.text)
        #expect(packed.textsAtMentions.keySentences == 0b001)
        #expect(packed.textsAtMentions.quotes == 0b01)
        // Decoded, they are slices of the body; packed again they keep their positions but are not re-checked.
        let again = PackedFacts(facts: packed.facts(bodyText: Self.body.text), removed: [], bodyText: Self.body.text)
        #expect(again.facts(bodyText: Self.body.text) == Self.many)
        #expect(again.textsAtMentions.keySentences == 0)
        var builder = PackedFacts.Builder(bodyText: Self.body.text)
        _ = builder.keySentence(score: 1, mention: Self.mention("Kraków", sentence: 0), text: nil)
        #expect(builder.finish().textsAtMentions.keySentences == 1)
    }
}
