using Contrastive.Text.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Tokenization;

public class MlmMaskerTests
{
    const int VocabSize = 1000, Pad = 0, Unk = 1, Cls = 2, Sep = 3, MaskId = 4;
    static readonly int[] Specials = [Pad, Unk, Cls, Sep, MaskId];

    static MlmMasker Masker(MaskedLanguageModelingOptions? options = null) => new(VocabSize, MaskId, Specials, options);

    /// <summary>(B, T) rows [CLS] w1..wn [SEP] [PAD]..., words drawn from [5, VocabSize), lengths varying.</summary>
    static (Tensor ids, Tensor mask) Batch(int batch = 64, int length = 128, int seed = 7)
    {
        var random = new Random(seed);
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        for (var b = 0; b < batch; b++)
        {
            var n = random.Next(length / 4, length - 1);   // real tokens including [CLS] and [SEP]
            for (var t = 0; t < n; t++)
            {
                ids[b * length + t] = t == 0 ? Cls : t == n - 1 ? Sep : random.Next(5, VocabSize);
                mask[b * length + t] = 1;
            }
        }
        return (tensor(ids, [batch, length]), tensor(mask, [batch, length]));
    }

    [Fact]
    public void Mask_ManyDraws_SelectsFifteenPercentSplitEightyTenTen()
    {
        var (ids, mask) = Batch();
        using var _ = ids; using var __ = mask;
        var original = ids.data<long>().ToArray();
        var attention = mask.data<long>().ToArray();
        var eligible = original.Where((id, i) => attention[i] == 1 && !Specials.Contains((int)id)).Count();
        using var generator = new Generator(42);
        long selected = 0, masked = 0, randomised = 0, kept = 0, eligibleTotal = 0;
        for (var draw = 0; draw < 10; draw++)
        {
            var (corrupted, labels) = Masker().Mask(ids, mask, generator);
            using (corrupted) using (labels)
            {
                var c = corrupted.data<long>().ToArray();
                var l = labels.data<long>().ToArray();
                for (var i = 0; i < c.Length; i++)
                {
                    if (l[i] == MlmMasker.IgnoreIndex) continue;
                    selected++;
                    Assert.Equal(original[i], l[i]);
                    if (c[i] == MaskId) masked++;
                    else if (c[i] == original[i]) kept++;
                    else randomised++;
                }
            }
            eligibleTotal += eligible;
        }
        // About 80,000 eligible tokens: the selected share has sd 0.0013, each split sd < 0.004.
        Assert.InRange(selected / (double)eligibleTotal, 0.14, 0.16);
        Assert.InRange(masked / (double)selected, 0.78, 0.82);
        Assert.InRange(randomised / (double)selected, 0.085, 0.115);
        Assert.InRange(kept / (double)selected, 0.085, 0.115);
    }

    [Fact]
    public void Mask_SpecialsAndPadding_NeverSelectedNorChanged()
    {
        var (ids, mask) = Batch();
        using var _ = ids; using var __ = mask;
        using var generator = new Generator(1);
        // p = 1: every eligible token is selected (labels = original), replaced at random; specials and padding stay.
        var (corrupted, labels) = Masker(new MaskedLanguageModelingOptions(1.0, 0.0, 1.0)).Mask(ids, mask, generator);
        using (corrupted) using (labels)
        {
            var o = ids.data<long>().ToArray();
            var a = mask.data<long>().ToArray();
            var c = corrupted.data<long>().ToArray();
            var l = labels.data<long>().ToArray();
            var selected = 0;
            for (var i = 0; i < o.Length; i++)
            {
                var special = a[i] == 0 || Specials.Contains((int)o[i]);
                if (special)
                {
                    Assert.Equal(MlmMasker.IgnoreIndex, l[i]);
                    Assert.Equal(o[i], c[i]);
                }
                else
                {
                    Assert.Equal(o[i], l[i]);
                    selected++;
                    Assert.InRange(c[i], 0, VocabSize - 1);
                }
            }
            Assert.True(selected > 1000, $"only {selected} eligible tokens");
        }
    }

    [Fact]
    public void Mask_AttentionMaskZero_ExcludesEvenOrdinaryTokens()
    {
        using var ids = tensor(new long[] { 2, 10, 11, 12, 3, 13, 14, 15 }, [1, 8]);
        using var mask = tensor(new long[] { 1, 1, 1, 1, 1, 0, 0, 0 }, [1, 8]);
        using var generator = new Generator(3);
        var (corrupted, labels) = Masker(new MaskedLanguageModelingOptions(1.0, 1.0, 0.0)).Mask(ids, mask, generator);
        using (corrupted) using (labels)
        {
            Assert.Equal(new long[] { 2, 4, 4, 4, 3, 13, 14, 15 }, corrupted.data<long>().ToArray());
            Assert.Equal(new long[] { -100, 10, 11, 12, -100, -100, -100, -100 }, labels.data<long>().ToArray());
        }
    }

    [Fact]
    public void Mask_SameSeed_SameOutputAndInputUntouched()
    {
        var (ids, mask) = Batch(8, 32);
        using var _ = ids; using var __ = mask;
        var before = ids.data<long>().ToArray();
        using var g1 = new Generator(123);
        using var g2 = new Generator(123);
        using var g3 = new Generator(124);
        var (c1, l1) = Masker().Mask(ids, mask, g1);
        var (c2, l2) = Masker().Mask(ids, mask, g2);
        var (c3, l3) = Masker().Mask(ids, mask, g3);
        using (c1) using (l1) using (c2) using (l2) using (c3) using (l3)
        {
            Assert.Equal(c1.data<long>().ToArray(), c2.data<long>().ToArray());
            Assert.Equal(l1.data<long>().ToArray(), l2.data<long>().ToArray());
            Assert.NotEqual(l1.data<long>().ToArray(), l3.data<long>().ToArray());
            Assert.Equal(before, ids.data<long>().ToArray());
            Assert.Equal(ScalarType.Int64, c1.dtype);
            Assert.Equal(ScalarType.Int64, l1.dtype);
            Assert.Equal(ids.shape, c1.shape);
        }
    }

    [Fact]
    public void Mask_InsideDisposeScope_ReturnsLiveTensorsAndLeaksNothing()
    {
        var (ids, mask) = Batch(4, 16);
        using var _ = ids; using var __ = mask;
        using var generator = new Generator(5);
        using var scope = torch.NewDisposeScope();
        var (corrupted, labels) = Masker().Mask(ids, mask, generator);
        Assert.Equal(2, scope.DisposablesCount);
        Assert.False(corrupted.IsInvalid);
        Assert.False(labels.IsInvalid);
    }

    [Fact]
    public void Mask_WrongDtypeOrShape_Throws()
    {
        using var ids = zeros(2, 3, ScalarType.Int32);
        using var ids64 = zeros(2, 3, ScalarType.Int64);
        using var mask = ones(2, 3, ScalarType.Int64);
        using var badMask = ones(2, 4, ScalarType.Int64);
        using var generator = new Generator(0);
        Assert.Throws<ArgumentException>(() => Masker().Mask(ids, mask, generator));
        Assert.Throws<ArgumentException>(() => Masker().Mask(ids64, badMask, generator));
    }
}
