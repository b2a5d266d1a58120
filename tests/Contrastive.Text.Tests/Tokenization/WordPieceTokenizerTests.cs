using System.Text.Json.Nodes;
using Contrastive.Core;
using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Tests.Tokenization;

public class WordPieceTokenizerTests
{
    // ids: [PAD]=0 [UNK]=1 [CLS]=2 [SEP]=3 [MASK]=4 the=5 cat=6 sat=7 on=8 mat=9 .=10 ##s=11 dog=12 a=13
    static readonly string[] TinyVocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "on", "mat", ".", "##s", "dog", "a"];

    static WordPieceTokenizer Tiny(TempDir dir, bool lowercase = true)
    {
        var path = dir.File("vocab.txt");
        File.WriteAllLines(path, TinyVocab);
        return WordPieceTokenizer.FromVocabFile(path, lowercase);
    }

    static WordPieceTokenizer Real() => WordPieceTokenizer.FromVocabFile(SharedData.Require("vocab/vocab.txt"));

    [SkippableFact]
    public void Encode_BertBaseUncased_MatchesHuggingFaceIds()
    {
        var tokenizer = Real();
        Assert.Equal([101, 1037, 2450, 2003, 3752, 1012, 102], tokenizer.Encode("A woman is reading."));
        Assert.Equal([101, 1045, 2031, 1037, 2047, 14246, 2226, 999, 102], tokenizer.Encode("I have a new GPU!"));
        Assert.Equal(30522, tokenizer.VocabSize);
        Assert.Equal((0, 100, 101, 102, 103), (tokenizer.PadId, tokenizer.UnkId, tokenizer.ClsId, tokenizer.SepId, tokenizer.MaskId));
    }

    [SkippableFact]
    public void Encode_AccentedUppercase_SameIdsAsPlainLowercase()
    {
        var tokenizer = Real();
        Assert.Equal(tokenizer.Encode("cafe"), tokenizer.Encode("Café"));
        Assert.Equal([101, 7668, 102], tokenizer.Encode("Café"));
    }

    [SkippableFact]
    public void Encode_RareWord_SplitsIntoContinuationPieces()
    {
        var tokenizer = Real();
        // un-aff-able: 'una', '##ffa', '##ble'; embeddings: 'em', '##bed', '##ding', '##s'
        Assert.Equal([101, 14477, 20961, 3468, 102], tokenizer.Encode("unaffable"));
        Assert.Equal([101, 7861, 8270, 4667, 2015, 102], tokenizer.Encode("embeddings"));
        Assert.Equal("embeddings", tokenizer.Decode(tokenizer.Encode("embeddings")));
    }

    [SkippableFact]
    public void Decode_RealSentence_CleansUpSpacesLikeHuggingFace()
    {
        var tokenizer = Real();
        Assert.Equal("i know it's been interpreted, isn't it? yes!",
            tokenizer.Decode(tokenizer.Encode("I know it 's been interpreted , isn't it ? Yes !")));
        Assert.Equal("[CLS] cafe [SEP]", tokenizer.Decode(tokenizer.Encode("Café"), skipSpecialTokens: false));
    }

    [SkippableFact]
    public void Encode_CharacterOutsideVocabulary_GivesUnk()
    {
        var tokenizer = Real();
        Assert.Equal([101, 7592, 100, 102], tokenizer.Encode("hello \U0001F600"));
    }

    [SkippableFact]
    public void Encode_SpecialTokenInText_KeepsItsId()
    {
        var tokenizer = Real();
        Assert.Equal([101, 1996, 103, 2003, 2417, 102], tokenizer.Encode("the [MASK] is red"));
    }

    /// <summary>Ids from Hugging Face's BasicTokenizer + WordpieceTokenizer (bert-base-uncased) on the same text.</summary>
    [SkippableTheory]
    [InlineData("Naïve résumé at the Hôtel Ωmega", new[] { 101, 15743, 13746, 2012, 1996, 3309, 1179, 4168, 3654, 102 })]
    [InlineData("$5 + 3 = 8 ~ a|b^c", new[] { 101, 1002, 1019, 1009, 1017, 1027, 1022, 1066, 1037, 1064, 1038, 1034, 1039, 102 })]
    [InlineData("½ cup, 2² ²", new[] { 101, 1092, 2452, 1010, 1016, 10701, 1082, 102 })]
    [InlineData("日本語 and 한국어", new[] { 101, 1864, 1876, 1950, 1998, 1469, 30006, 30021, 29991, 30014, 30020, 29999, 30008, 102 })]
    [InlineData("soft\u00ADhyphen", new[] { 101, 3730, 10536, 8458, 2368, 102 })]
    [InlineData("He said: «bonjour»… ok", new[] { 101, 2002, 2056, 1024, 1077, 14753, 23099, 2099, 1090, 1529, 7929, 102 })]
    [InlineData("ǅ İstanbul Straße", new[] { 101, 100, 9960, 2358, 27807, 102 })]
    public void Encode_HardUnicodeCases_MatchHuggingFace(string text, int[] expected)
    {
        Assert.Equal(expected, Real().Encode(text));
    }

    [Fact]
    public void Encode_TinyVocab_WrapsInClsSepAndSplitsSuffix()
    {
        using var dir = new TempDir();
        var tokenizer = Tiny(dir);
        Assert.Equal([2, 5, 6, 11, 7, 8, 5, 9, 10, 3], tokenizer.Encode("The cats sat on the mat."));
        Assert.Equal([2, 1, 3], tokenizer.Encode("zebra"));
        Assert.Equal([2, 3], tokenizer.Encode("   "));
        Assert.Equal(14, tokenizer.VocabSize);
    }

    [Fact]
    public void Encode_LongText_TruncatesAndKeepsSepLast()
    {
        using var dir = new TempDir();
        var tokenizer = Tiny(dir);
        var ids = tokenizer.Encode("the cat sat on the mat . the dog sat", maxLength: 5);
        Assert.Equal([2, 5, 6, 7, 3], ids);
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Encode("the cat", maxLength: 1));
    }

    [Fact]
    public void Encode_CasedTokenizer_DoesNotLowercase()
    {
        using var dir = new TempDir();
        var tokenizer = Tiny(dir, lowercase: false);
        Assert.False(tokenizer.Lowercase);
        Assert.Equal([2, 1, 6, 3], tokenizer.Encode("The cat"));
    }

    [Fact]
    public void EncodeBatch_DifferentLengths_PadsToLongestWithMask()
    {
        using var dir = new TempDir();
        var tokenizer = Tiny(dir);
        using var batch = tokenizer.EncodeBatch(["the cat", "a dog sat on the mat", "cats"], maxLength: 32);

        Assert.Equal(new long[] { 3, 8 }, batch.InputIds.shape);
        Assert.Equal(new long[] { 3, 8 }, batch.AttentionMask.shape);
        Assert.Equal(new long[] { 3, 8 }, batch.TokenTypeIds.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Int64, batch.InputIds.dtype);
        Assert.Equal(TorchSharp.torch.ScalarType.Int64, batch.AttentionMask.dtype);
        Assert.Equal(TorchSharp.torch.ScalarType.Int64, batch.TokenTypeIds.dtype);
        Assert.Equal(new long[]
        {
            2, 5, 6, 3, 0, 0, 0, 0,
            2, 13, 12, 7, 8, 5, 9, 3,
            2, 6, 11, 3, 0, 0, 0, 0,
        }, batch.InputIds.data<long>().ToArray());
        Assert.Equal(new long[]
        {
            1, 1, 1, 1, 0, 0, 0, 0,
            1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 0, 0, 0, 0,
        }, batch.AttentionMask.data<long>().ToArray());
        Assert.All(batch.TokenTypeIds.data<long>().ToArray(), v => Assert.Equal(0, v));
        Assert.Equal((3, 8), (batch.BatchSize, batch.SequenceLength));
    }

    [Fact]
    public void EncodeBatch_LongerThanMaxLength_TruncatesEveryRowWithSepLast()
    {
        using var dir = new TempDir();
        var tokenizer = Tiny(dir);
        using var batch = tokenizer.EncodeBatch(["the cat sat on the mat", "the dog sat on a mat"], maxLength: 4);
        Assert.Equal(new long[] { 2, 4 }, batch.InputIds.shape);
        Assert.Equal(new long[] { 2, 5, 6, 3, 2, 5, 12, 3 }, batch.InputIds.data<long>().ToArray());
        Assert.All(batch.AttentionMask.data<long>().ToArray(), v => Assert.Equal(1, v));
    }

    [Fact]
    public void EncodeBatch_Empty_Throws()
    {
        using var dir = new TempDir();
        Assert.Throws<ArgumentException>(() => Tiny(dir).EncodeBatch([]));
    }

    [Fact]
    public void Decode_Ids_JoinsPiecesAndSkipsSpecials()
    {
        using var dir = new TempDir();
        var tokenizer = Tiny(dir);
        Assert.Equal("the cats sat", tokenizer.Decode([2, 5, 6, 11, 7, 3, 0, 0]));
        Assert.Equal("[CLS] the [SEP]", tokenizer.Decode([2, 5, 3], skipSpecialTokens: false));
        Assert.Equal("##s the", tokenizer.Decode([2, 11, 5]));   // a leading continuation keeps its ##, as in Hugging Face
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([14]));
    }

    [Fact]
    public void FromVocabFile_Missing_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        var path = dir.File("nope.txt");
        var e = Assert.Throws<ContrastiveException>(() => WordPieceTokenizer.FromVocabFile(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void FromVocabFile_EmptyOrWithoutSpecials_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        var empty = dir.File("empty.txt");
        File.WriteAllText(empty, "");
        Assert.Contains(empty, Assert.Throws<ContrastiveException>(() => WordPieceTokenizer.FromVocabFile(empty)).Message);

        var noMask = dir.File("nomask.txt");
        File.WriteAllLines(noMask, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the"]);
        var e = Assert.Throws<ContrastiveException>(() => WordPieceTokenizer.FromVocabFile(noMask));
        Assert.Contains(noMask, e.Message);
        Assert.Contains("[MASK]", e.Message);
    }

    [Fact]
    public void SaveTo_ThenFromDirectory_RoundTripsVocabAndCasing()
    {
        using var dir = new TempDir();
        var tokenizer = Tiny(dir, lowercase: false);
        var saved = Path.Combine(dir.Path, "saved");
        tokenizer.SaveTo(saved);

        Assert.Equal(TinyVocab, File.ReadAllLines(Path.Combine(saved, "vocab.txt")));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(saved, "tokenizer_config.json")))!;
        Assert.False(config["do_lower_case"]!.GetValue<bool>());
        Assert.Equal(512, config["model_max_length"]!.GetValue<int>());
        Assert.Equal("BertTokenizer", config["tokenizer_class"]!.GetValue<string>());
        var specials = JsonNode.Parse(File.ReadAllText(Path.Combine(saved, "special_tokens_map.json")))!;
        Assert.Equal("[MASK]", specials["mask_token"]!.GetValue<string>());
        Assert.Empty(Directory.GetFiles(saved, "*.tmp"));

        var loaded = WordPieceTokenizer.FromDirectory(saved);
        Assert.False(loaded.Lowercase);
        Assert.Equal(Path.Combine(saved, "vocab.txt"), loaded.VocabPath);
        Assert.Equal(tokenizer.Encode("The cat sat"), loaded.Encode("The cat sat"));
    }

    [Fact]
    public void SaveTo_SameDirectoryTwice_Overwrites()
    {
        using var dir = new TempDir();
        var tokenizer = Tiny(dir);
        tokenizer.SaveTo(dir.Path);
        tokenizer.SaveTo(dir.Path);
        Assert.Equal(TinyVocab, File.ReadAllLines(dir.File("vocab.txt")));
    }

    [Fact]
    public void FromDirectory_ConfigLowercaseAndMaxLength_AreRead()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("vocab.txt"), TinyVocab);
        File.WriteAllText(dir.File("tokenizer_config.json"), """{"do_lower_case": true, "model_max_length": 128}""");
        var tokenizer = WordPieceTokenizer.FromDirectory(dir.Path);
        Assert.True(tokenizer.Lowercase);
        Assert.Equal(128, tokenizer.ModelMaxLength);
        Assert.Equal([2, 5, 6, 3], tokenizer.Encode("THE CAT"));
    }

    [Fact]
    public void FromDirectory_NoConfig_DefaultsToLowercase()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("vocab.txt"), TinyVocab);
        Assert.True(WordPieceTokenizer.FromDirectory(dir.Path).Lowercase);
    }

    [Fact]
    public void FromDirectory_BadJsonOrMissingVocab_ThrowsNamingFile()
    {
        using var dir = new TempDir();
        var missing = Assert.Throws<ContrastiveException>(() => WordPieceTokenizer.FromDirectory(dir.Path));
        Assert.Contains("vocab.txt", missing.Message);

        File.WriteAllLines(dir.File("vocab.txt"), TinyVocab);
        File.WriteAllText(dir.File("tokenizer_config.json"), "{ not json");
        var bad = Assert.Throws<ContrastiveException>(() => WordPieceTokenizer.FromDirectory(dir.Path));
        Assert.Contains("tokenizer_config.json", bad.Message);
    }

    [SkippableFact]
    public void FromDirectory_HuggingFaceFolderWithTokenizerJson_IsUncased()
    {
        var tokenizer = WordPieceTokenizer.FromDirectory(Path.GetDirectoryName(SharedData.Require("vocab/vocab.txt"))!);
        Assert.True(tokenizer.Lowercase);
        Assert.Equal([101, 1037, 2450, 2003, 3752, 1012, 102], tokenizer.Encode("A woman is reading."));
    }
}
