import BriefsCrypto
import Testing

@Suite struct SHA256Tests {
    // Known-answer vectors from FIPS 180-2.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func knownAnswers(input: String, expected: String) {
        #expect(SHA256.hex(of: input) == expected)
    }

    @Test func nonASCIIInputHashesItsUTF8() {
        #expect(SHA256.hex(of: "Tiranë") == SHA256.hex(of: Array("Tiranë".utf8)))
        #expect(SHA256.hex(of: "Tiranë") != SHA256.hex(of: "Tirane"))
    }

    @Test func constantTimeComparison() {
        #expect(constantTimeEquals(Array("secret".utf8), Array("secret".utf8)))
        #expect(!constantTimeEquals(Array("secret".utf8), Array("secreT".utf8)))
        #expect(!constantTimeEquals(Array("secret".utf8), Array("secret2".utf8)))
        #expect(constantTimeEquals([], []))
    }
}
