import Foundation
import Testing

@testable import BriefsDomain

@Suite struct EntityRecognizerTests {
    @Test func personWithPremodifierTitleAndCountryMergesSurnameAndPossessive() throws {
        let (document, found) = try FactsTestConfig.entities(
            "U.S. Secretary of State Antony Blinken visits Albania on Thursday. "
                + "Tensions may be addressed during Blinken's visit. Blinken also will meet officials.")
        #expect(found.people.count == 1)
        let person = try #require(found.people.first)
        #expect(person.name == "Antony Blinken")
        #expect(person.titles == ["Secretary of State"])
        #expect(person.country == "US")
        #expect(person.mentionCount == 3)
        let texts = person.mentions.map { document.substring($0.start..<$0.end) }
        #expect(texts == ["Antony Blinken", "Blinken", "Blinken"])
        #expect(person.mentions.map(\.sentence) == [0, 1, 2])
        let spans = found.spans.filter { $0.type == "PERSON" }.map(\.text)
        #expect(spans == ["Antony Blinken", "Blinken", "Blinken"])
    }

    @Test func titleInAppositionAndEmployerBeforeTitle() throws {
        let (_, found) = try FactsTestConfig.entities(
            "Apple CEO Steve Jobs unveiled the phone. \"It works,\" said Jim Miller, the chief economist, on Monday.")
        let names = found.people.map(\.name)
        #expect(names.contains("Steve Jobs"))
        #expect(found.people.first { $0.name == "Steve Jobs" }?.titles == ["CEO"])
        #expect(found.people.first { $0.name == "Jim Miller" }?.titles == ["chief economist"])
        #expect(found.organizations.map(\.name).contains("Apple"))
        #expect(found.spans.contains { $0.text == "Apple" && $0.type == "ORG" })
    }

    @Test func organisationsMergeAcronymsAndVariantsWithoutLeadingThe() throws {
        let (_, found) = try FactsTestConfig.entities(
            "Albania seeks to join the European Union. Washington supports its integration into the EU. "
                + "Albania sits on the UN Security Council and is a NATO member. The Taliban seized power. "
                + "The Irving Police Department said the Refugee Council would help.")
        let byName = Dictionary(uniqueKeysWithValues: found.organizations.map { ($0.name, $0) })
        #expect(byName["European Union"]?.aliases == ["EU"])
        #expect(byName["European Union"]?.mentionCount == 2)
        #expect(byName["United Nations Security Council"]?.aliases == ["UN Security Council"])
        #expect(byName["North Atlantic Treaty Organization"]?.aliases == ["NATO"])
        #expect(byName["Taliban"] != nil)
        #expect(byName["Irving Police Department"] != nil)
        #expect(byName["Refugee Council"] != nil)
        #expect(found.spans.contains { $0.text == "Taliban" && $0.type == "ORG" })
        #expect(!found.spans.contains { $0.text.hasPrefix("The ") })
    }

    @Test func acronymDefinedInTextJoinsItsOrganisation() throws {
        let (_, found) = try FactsTestConfig.entities(
            "The Federal Aviation Administration grounded the jets on Friday. The FAA said checks would follow.")
        let organization = try #require(found.organizations.first { $0.name == "Federal Aviation Administration" })
        #expect(organization.aliases == ["FAA"])
        #expect(organization.mentionCount == 2)
    }

    @Test func organisationHeadBeforeAGivenNameSplitsTheRun() throws {
        let (_, found) = try FactsTestConfig.entities(
            "The chief executive of the Refugee Council Enver Solomon told reporters the plan was wrong.")
        #expect(found.organizations.map(\.name) == ["Refugee Council"])
        #expect(found.people.map(\.name) == ["Enver Solomon"])
    }

    @Test func productsMoneyAndDatesAreNotEntities() throws {
        let (_, found) = try FactsTestConfig.entities(
            "Shares in the Russell 2000 fell in May 2008 while the Mac OS X update shipped. "
                + "The fund lost US$40 billion, officials said, and schools closed for Martin Luther King Day.")
        #expect(found.people.isEmpty)
        #expect(found.organizations.isEmpty)
    }

    @Test func personCueAndDocumentPropagation() throws {
        let (_, found) = try FactsTestConfig.entities(
            "Kwame Mensah Boateng, who leads the group, spoke first. Later Boateng said the plan was sound.")
        let person = try #require(found.people.first)
        #expect(person.name == "Kwame Mensah Boateng")
        #expect(person.mentionCount == 2)
    }

    @Test func locationsFromGeoAreNotPeopleAndRolesAttachToCountries() throws {
        let text = "Ukraine's president is expected to attend the summit in Tirana."
        let geo = GeoResult(
            countries: [
                CountryFact(
                    code: "UA", name: "Ukraine", mentionCount: 1, salience: 1, focus: true,
                    mentions: [Mention(start: 0, end: 7, sentence: 0)])
            ],
            places: [],
            locations: [
                EntitySpan(start: 0, end: 7, text: "Ukraine", type: "LOC"),
                EntitySpan(start: 56, end: 62, text: "Tirana", type: "LOC"),
            ])
        let (_, found) = try FactsTestConfig.entities(text, geo: geo)
        #expect(found.people.isEmpty)
        #expect(found.organizations.isEmpty)
        #expect(
            found.roles == [
                RoleFact(role: "president", country: "UA", mention: Mention(start: 0, end: 19, sentence: 0))
            ])
    }

    @Test func offsetsAreUnicodeScalarsOnNonASCIIText() throws {
        let text = "Café owners met Zoë Šarić in Zürich. Šarić said prices would rise."
        let (document, found) = try FactsTestConfig.entities(text)
        let person = try #require(found.people.first)
        #expect(person.name == "Zoë Šarić")
        let first = try #require(person.mentions.first)
        #expect(first.start == 16)
        #expect(first.end == 25)
        #expect(document.substring(first.start..<first.end) == "Zoë Šarić")
        #expect(person.mentionCount == 2)
        #expect(person.mentions.last?.sentence == 1)
    }

    /// The people-and-organizations fixture: exact sorted JSON of people and organisations.
    @Test func fixturePeopleAndOrganizations() throws {
        let input = String(
            decoding: try FactsTestConfig.fixture("people-and-organizations", "input.txt"), as: UTF8.self)
        // The geo tagger's part, written by hand: places and the countries among them.
        var locations: [EntitySpan] = []
        var countries: [CountryFact] = []
        let document = TextDocument(input)
        for (name, code) in [("Germany", "DE"), ("German", "DE"), ("Berlin", nil), ("New Zealand", "NZ")] {
            let length = name.unicodeScalars.count
            var mentions: [Mention] = []
            for start in 0...(document.count - length)
            where document.substring(start..<(start + length)) == name
                && (start + length == document.count || !document.scalars[start + length].properties.isAlphabetic)
            {
                locations.append(EntitySpan(start: start, end: start + length, text: name, type: "LOC"))
                mentions.append(Mention(start: start, end: start + length, sentence: 0))
            }
            if let code {
                countries.append(
                    CountryFact(
                        code: code, name: name, mentionCount: mentions.count, salience: 1, focus: false,
                        mentions: mentions))
            }
        }
        let (_, found) = try FactsTestConfig.entities(
            input, geo: GeoResult(countries: countries, places: [], locations: locations))
        struct Expected: Codable, Equatable {
            var people: [PersonFact]
            var organizations: [OrganizationFact]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let actual = try encoder.encode(Expected(people: found.people, organizations: found.organizations))
        let expected = try JSONDecoder().decode(
            Expected.self, from: try FactsTestConfig.fixture("people-and-organizations", "expected.json"))
        let actualText = String(decoding: actual, as: UTF8.self)
        #expect(actualText == String(decoding: try encoder.encode(expected), as: UTF8.self), "actual: \(actualText)")
    }
}
