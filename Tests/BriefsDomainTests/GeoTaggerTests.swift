import Testing

@testable import BriefsDomain

/// Hand-written cases for the geo tagger: each ambiguity rule, demonyms, cities, longest match, focus, offsets.
@Suite struct GeoTaggerTests {
    func codes(_ text: String, title: String? = nil) throws -> [String] {
        try GeoTestSupport.tag(text, title: title).countries.map(\.code).sorted()
    }

    func spans(_ text: String) throws -> [String] {
        try GeoTestSupport.tag(text).locations.map(\.text)
    }

    @Test func namesDemonymsAndCitiesGiveCountries() throws {
        #expect(try codes("Albanian officials met the Afghans who had fled.") == ["AF", "AL"])
        #expect(try codes("He flew from Tirana to Munich on Friday.") == ["AL", "DE"])
        #expect(try codes("Talks in Britain and the U.S. went well.") == ["GB", "US"])
        #expect(try codes("Protests spread across Texas.") == ["US"])
    }

    @Test func demonymsAreNoPlaceSpans() throws {
        let result = try GeoTestSupport.tag("Albanian and German officials met.")
        #expect(result.locations.isEmpty)
        #expect(result.countries.map(\.code).sorted() == ["AL", "DE"])
    }

    @Test func citiesBecomePlacesWithTheirCountry() throws {
        let result = try GeoTestSupport.tag(
            "After a day in Tirana, Blinken goes to Germany for a conference in Munich.")
        let places = Dictionary(uniqueKeysWithValues: result.places.map { ($0.name, $0) })
        #expect(places["Tirana"]?.country == "AL")
        #expect(places["Tirana"]?.kind == "city")
        #expect(places["Munich"]?.country == "DE")
        #expect(result.locations.map(\.text) == ["Tirana", "Germany", "Munich"])
    }

    @Test func longestMatchWins() throws {
        #expect(try codes("Wildfires burn in New Mexico.") == ["US"])
        #expect(try spans("Wildfires burn in New Mexico.") == ["New Mexico"])
        #expect(try codes("Port Moresby is the capital of Papua New Guinea.") == ["PG"])
        #expect(try codes("Guinea-Bissau and Equatorial Guinea met.") == ["GQ", "GW"])
    }

    @Test func georgiaFollowsItsContext() throws {
        #expect(try codes("Storms hit Atlanta, Georgia, and parts of Alabama.") == ["US"])
        #expect(try codes("Tbilisi says Georgia wants closer ties with Europe.") == ["GE"])
        #expect(try codes("Georgia and Texas passed new laws, U.S. officials said.") == ["US"])
    }

    @Test func personNamesAreNoPlaces() throws {
        #expect(try codes("Michael Jordan scored 40 points.") == [])
        #expect(try codes("Chad Smith played the drums.") == [])
        #expect(try codes("Jordan and Israel signed the deal.") == ["IL", "JO"])
        #expect(try codes("Refugees crossed into Chad last week.") == ["TD"])
        // One sense per document: the surname alone later is the same person.
        #expect(try codes("Senator Marco Rubio spoke. Rubio said the vote was close.") == [])
    }

    @Test func lowerCaseWordsAreNoCountries() throws {
        #expect(try codes("We ate turkey and a guinea pig watched.") == [])
        #expect(try codes("Tell us what you think.") == [])
        #expect(try codes("Turkey shelled the town; the US said little.") == ["TR", "US"])
    }

    @Test func organisationsHideTheirPlaces() throws {
        #expect(try codes("China Daily reported the story first.") == [])
        #expect(try codes("The Washington Post reported it.") == [])
        #expect(try codes("She studied at the University of Georgia.") == [])
    }

    @Test func washingtonIsTheUnitedStates() throws {
        #expect(try codes("Washington has strongly supported the plan.") == ["US"])
        #expect(try spans("Washington has strongly supported the plan.") == ["Washington"])
        #expect(try GeoTestSupport.tag("Officials in Washington agreed.").places.first?.kind == "city")
        #expect(try GeoTestSupport.tag("Fires spread in Washington state.").places.first?.kind == "state")
    }

    @Test func currencyIsNoCountry() throws {
        #expect(try codes("The deal is worth US$40 billion.") == [])
    }

    @Test func nationalBranchesAndStancesAreNoCountries() throws {
        #expect(try codes("The site ranked third at the company Hitwise UK last week.") == [])
        #expect(try codes("The pro-Beijing camp won two seats.") == [])
    }

    @Test func townStatePatternHoldsForTheDocument() throws {
        // "Paris, Tex." makes every Paris of the story the Texan one.
        let result = try GeoTestSupport.tag(
            "PARIS, Tex. — The council met on Monday.\nParis officials said the budget was fine.")
        #expect(result.countries.map(\.code) == ["US"])
        #expect(result.locations.map(\.text) == ["PARIS", "Tex.", "Paris"])
    }

    @Test func placesInsideLongNamesStay() throws {
        let result = try GeoTestSupport.tag("Blinken goes to the Munich Security Conference.")
        #expect(result.places.map(\.name) == ["Munich"])
    }

    @Test func smallTownsNeedTheirCountryOrStateNamed() throws {
        // "March" (a small English town) alone is a month or a name; the Spanish town of Rubio likewise.
        #expect(try codes("In March the senator, Marco Rubio, spoke.") == [])
        // A town in a state named in the text wins over a larger namesake abroad.
        #expect(try codes("The fire in London was put out quickly, Kentucky police said.") == ["US"])
        #expect(try codes("The fire in London was put out quickly, police in Ontario said.") == ["CA"])
        #expect(try codes("The fire in London was put out quickly.") == ["GB"])
    }

    @Test func wellKnownProvincesCountAlone() throws {
        #expect(try codes("Floods hit Queensland on Monday.") == ["AU"])
        // Venezuela's Falcón state needs Venezuela named: alone it is a bird or a jet.
        #expect(try codes("The Falcon took off on Monday.") == [])
        #expect(try codes("Protests in Falcon spread across Venezuela.") == ["VE"])
    }

    @Test func unionsAndRegionsGiveNoCountry() throws {
        #expect(try codes("The EU and the Middle East were discussed.") == [])
        #expect(try spans("The EU and the Middle East were discussed.") == ["EU", "Middle East"])
    }

    @Test func nigerDeltaIsNigeria() throws {
        #expect(try codes("Oil spills in the Niger Delta continue.") == ["NG"])
        #expect(try codes("Niger closed its border.") == ["NE"])
    }

    @Test func commonWordCitiesNeedPlaceContext() throws {
        #expect(try codes("Nice work. Reading is fun.") == [])
        #expect(try codes("The festival in Nice, France, drew crowds.") == ["FR"])
    }

    @Test func regionsArePlacesWithoutCountry() throws {
        let result = try GeoTestSupport.tag("The future of the Western Balkans was discussed in the Middle East.")
        #expect(result.countries.isEmpty)
        #expect(result.places.map(\.name).sorted() == ["Middle East", "Western Balkans"])
        #expect(result.places.allSatisfy { $0.country == nil && $0.kind == "region" })
    }

    @Test func emptyAndOddTextsGiveNothing() throws {
        #expect(try GeoTestSupport.tag("").countries.isEmpty)
        #expect(try GeoTestSupport.tag("—, . 🎉 \n\n").locations.isEmpty)
    }

    @Test func typographicApostrophesAndAccentsMatch() throws {
        #expect(try codes("Cocoa from Côte d’Ivoire and Cote d'Ivoire.") == ["CI"])
        #expect(try spans("Cocoa from Côte d’Ivoire.") == ["Côte d’Ivoire"])
    }

    @Test func offsetsAreUnicodeScalars() throws {
        let text = "Café owners 🎉 in Zürich and Kraków."
        let result = try GeoTestSupport.tag(text)
        let scalars = Array(text.unicodeScalars)
        for span in result.locations {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[span.start..<span.end])
            #expect(String(view) == span.text)
        }
        #expect(result.locations.map(\.text) == ["Zürich", "Kraków"])
        #expect(result.locations.first?.start == 17)
        #expect(result.countries.map(\.code).sorted() == ["CH", "PL"])
    }

    @Test func focusIsTheMainCountry() throws {
        let text = """
            Blinken visits Albania to meet its leaders.
            Albania hopes to join the EU. The U.S. supports Albania, officials in Tirana said.
            Kosovo and Serbia were also discussed.
            """
        let result = try GeoTestSupport.tag(text, title: "US envoy visits Albania")
        #expect(result.countries.first?.code == "AL")
        #expect(result.countries.first?.focus == true)
        #expect(result.countries.filter(\.focus).map(\.code) == ["AL"])
        let albania = try #require(result.countries.first)
        #expect(albania.mentionCount == 4)
        #expect(albania.mentions.map(\.sentence) == [0, 1, 1, 1])
    }

    @Test func headlineCapitalsAreNoPersonNames() throws {
        #expect(try codes("Fire Destroys Home Near Lyon France\nThe blaze started at night.") == ["FR"])
    }
}
