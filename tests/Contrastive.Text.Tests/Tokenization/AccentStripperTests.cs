using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Tests.Tokenization;

public class AccentStripperTests
{
    [Theory]
    [InlineData("café", "cafe")]
    [InlineData("Ångström", "Angstrom")]
    [InlineData("naïve résumé", "naive resume")]
    [InlineData("e\u0301", "e")]                       // a combining mark on its own goes too
    [InlineData("\u212B", "A")]                        // ANGSTROM SIGN -> A + ring -> A
    [InlineData("ứ", "u")]                             // two marks, nested decomposition
    [InlineData("\uF900", "\u8C48")]                   // CJK compatibility ideograph -> unified ideograph
    [InlineData("한", "\u1112\u1161\u11AB")]           // Hangul syllable -> leading, vowel, trailing jamo
    [InlineData("가", "\u1100\u1161")]                 // no trailing consonant
    [InlineData("straße Ωmega 😀", "straße Ωmega 😀")] // nothing to decompose
    public void Strip_Text_MatchesNfdWithoutNonSpacingMarks(string text, string expected)
    {
        Assert.Equal(expected, AccentStripper.Strip(text));
    }
}
