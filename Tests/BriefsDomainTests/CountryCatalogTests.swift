import Foundation
import Testing

@testable import BriefsDomain

@Suite struct CountryCatalogTests {
    let catalog: CountryCatalog

    init() throws {
        catalog = try CountryCatalog(config: GeoTestSupport.config())
    }

    @Test(arguments: [
        ("AL", "AL"), ("al", "AL"), ("ALB", "AL"), ("alb", "AL"), ("Albania", "AL"), ("ALBANIA", "AL"),
        ("Republic of Albania", "AL"), ("Türkiye", "TR"), ("turkey", "TR"), ("Cote d'Ivoire", "CI"),
        ("Côte d'Ivoire", "CI"), ("XK", "XK"), ("Kosovo", "XK"), ("U.S.", "US"), ("usa", "US"), ("Britain", "GB"),
        ("GBR", "GB"), ("Russia", "RU"),
    ])
    func resolvesCodesAndNames(query: String, code: String) {
        #expect(catalog.country(matching: query)?.alpha2 == code)
    }

    @Test func unknownQueriesGiveNil() {
        #expect(catalog.country(matching: "Atlantis") == nil)
        #expect(catalog.country(matching: "ZZ") == nil)
        #expect(catalog.country(matching: "") == nil)
        #expect(catalog.country(code: "al") == nil)  // code(:) takes capitals
    }

    @Test func displayNamesAreTheShortOnes() {
        #expect(catalog.country(code: "RU")?.name == "Russia")
        #expect(catalog.country(code: "US")?.name == "United States")
        #expect(catalog.country(code: "AL")?.alpha3 == "ALB")
        #expect(catalog.countries.count >= 250)
    }

    @Test func rejectsAnAliasOfTwoCountries() {
        var config = (try? GeoTestSupport.config()) ?? ConfigFiles()
        config.files["lexicons/geo/country-aliases.txt"] = Data("AL: Albania\nXK: Albania\n".utf8)
        #expect(throws: ConfigFileError.self) { try CountryCatalog(config: config) }
    }
}

@Suite struct GeoLexiconValidationTests {
    @Test func rejectsADemonymOfTwoCountries() throws {
        var config = try GeoTestSupport.config()
        config.files["lexicons/geo/demonyms.txt"] = Data("AL: Albanian\nXK: Albanian\n".utf8)
        #expect(
            throws: ConfigFileError.invalid(
                path: "lexicons/geo/demonyms.txt", line: 2, reason: "Albanian already names AL")
        ) {
            try GeoTagger(config: config)
        }
    }

    @Test func rejectsAnUnknownRegionCode() throws {
        var config = try GeoTestSupport.config()
        config.files["lexicons/geo/regions.txt"] = Data("# header\nZZ: Nowhere\n".utf8)
        #expect(
            throws: ConfigFileError.invalid(
                path: "lexicons/geo/regions.txt", line: 2, reason: "unknown country code ZZ")
        ) {
            try GeoTagger(config: config)
        }
    }

    @Test func reportsAMissingFile() throws {
        var config = try GeoTestSupport.config()
        config.files["lexicons/geo/cities.tsv"] = nil
        #expect(throws: ConfigFileError.missing("lexicons/geo/cities.tsv")) { try GeoTagger(config: config) }
    }
}
