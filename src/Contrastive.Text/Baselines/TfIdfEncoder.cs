using System.Text;
using Contrastive.Core;
using static TorchSharp.torch;

namespace Contrastive.Text.Baselines;

/// <summary>
/// TF-IDF bag-of-words sentence vectors, the classic non-neural STS baseline.
/// <para>
/// Tokens come from <see cref="BagOfWordsTokenizer"/> (lower-cased runs of letters and digits). The inverse document
/// frequency is fitted on a training corpus of N documents, never on the sentences being scored, with scikit-learn's
/// smooth idf: idf(w) = ln((1 + N) / (1 + df(w))) + 1, df(w) = number of training documents containing w. A word absent
/// from the training corpus has df = 0 and so the largest idf, ln(1 + N) + 1 (it is rarer than any seen word; dropping
/// it instead would make "a man plays a banjo" equal "a man plays a guitar" when "banjo" is unseen).
/// A sentence s becomes v(s)_w = tf(w, s) · idf(w), tf = raw count, divided by its L2 norm; a sentence without tokens
/// is the zero vector.
/// </para>
/// <para>
/// Two forms: <see cref="Similarity"/> is the exact cosine of the sparse vectors. <see cref="Encode"/> fits the
/// <c>Func&lt;IReadOnlyList&lt;string&gt;, Tensor&gt;</c> encoder shape of the STS evaluator with a fixed width: the
/// feature-hashing trick (Weinberger et al. 2009) without a sign hash, bucket(w) = FNV-1a-32(UTF-8 bytes of w) mod B,
/// then L2-normalised again. The hash is stable across runs and machines (unlike <see cref="string.GetHashCode()"/>).
/// Different words that share a bucket add up, which only changes a pair's cosine when a word of one sentence collides
/// with a different word of the other: about |a|·|b| / B of the pairs, under 1 % for ten-word sentences with the
/// default B = 2^14. Without collisions the hashed cosine equals the exact one. B trades that against memory: the
/// encoder returns dense (n, B) float32 rows, 4·B bytes per sentence (64 KiB by default).
/// </para>
/// </summary>
public sealed class TfIdfEncoder
{
    /// <summary>Default number of hash buckets B = 2^14.</summary>
    public const int DefaultBuckets = 1 << 14;

    readonly Dictionary<string, int> documentFrequency;

    /// <summary>Number N of training documents.</summary>
    public int DocumentCount { get; }

    /// <summary>Number of distinct words in the training corpus.</summary>
    public int VocabularySize => documentFrequency.Count;

    /// <summary>Width B of the hashed vectors of <see cref="Encode"/>.</summary>
    public int Buckets { get; }

    TfIdfEncoder(Dictionary<string, int> documentFrequency, int documentCount, int buckets)
    {
        this.documentFrequency = documentFrequency;
        DocumentCount = documentCount;
        Buckets = buckets;
    }

    /// <summary>Counts document frequencies over the training corpus, one document per string.</summary>
    /// <param name="trainingCorpus">At least one document (a document may be empty; it still counts in N).</param>
    /// <param name="buckets">Width B of the hashed vectors, at least 1.</param>
    public static TfIdfEncoder Fit(IEnumerable<string> trainingCorpus, int buckets = DefaultBuckets)
    {
        ArgumentNullException.ThrowIfNull(trainingCorpus);
        if (buckets < 1)
            throw new ArgumentOutOfRangeException(nameof(buckets), buckets, $"The number of hash buckets must be at least 1, but it is {buckets}.");
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        int n = 0;
        foreach (var document in trainingCorpus)
        {
            if (document is null) throw new ArgumentException($"Training document {n} is null.", nameof(trainingCorpus));
            foreach (var word in BagOfWordsTokenizer.Tokenize(document).Distinct(StringComparer.Ordinal))
                df[word] = df.GetValueOrDefault(word) + 1;
            n++;
        }
        if (n == 0) throw new ContrastiveException("The TF-IDF training corpus is empty: the idf needs at least one document.");
        return new TfIdfEncoder(df, n, buckets);
    }

    /// <summary>Number of training documents containing <paramref name="word"/> (a token, i.e. lower-case).</summary>
    public int DocumentFrequency(string word) => documentFrequency.GetValueOrDefault(word);

    /// <summary>idf(w) = ln((1 + N) / (1 + df(w))) + 1, for a token (lower-case) <paramref name="word"/>.</summary>
    public double Idf(string word) => Math.Log((1.0 + DocumentCount) / (1.0 + DocumentFrequency(word))) + 1.0;

    /// <summary>The L2-normalised sparse TF-IDF vector of a sentence, token → weight; empty when it has no token.</summary>
    public Dictionary<string, double> Vector(string sentence)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in BagOfWordsTokenizer.Tokenize(sentence))
            counts[word] = counts.GetValueOrDefault(word) + 1;                     // tf = raw count
        var weights = counts.ToDictionary(kv => kv.Key, kv => kv.Value * Idf(kv.Key), StringComparer.Ordinal);
        double norm = Math.Sqrt(weights.Values.Sum(w => w * w));
        return weights.ToDictionary(kv => kv.Key, kv => kv.Value / norm, StringComparer.Ordinal);
    }

    /// <summary>Exact cosine similarity of the sparse TF-IDF vectors, in [0, 1]; 0 when either sentence has no token.</summary>
    public double Similarity(string a, string b)
    {
        var va = Vector(a);
        var vb = Vector(b);
        if (va.Count > vb.Count) (va, vb) = (vb, va);
        double dot = 0;
        foreach (var (word, w) in va)
            if (vb.TryGetValue(word, out var other)) dot += w * other;
        return dot;
    }

    /// <summary>Hashed TF-IDF vectors, each L2-normalised (zero rows for sentences without tokens).</summary>
    /// <returns>(n, B) float32.</returns>
    public Tensor Encode(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var rows = new float[(long)sentences.Count * Buckets];                     // (n, B) row-major
        var row = new double[Buckets];
        for (int i = 0; i < sentences.Count; i++)
        {
            Array.Clear(row);
            foreach (var (word, w) in Vector(sentences[i]))
                row[Bucket(word, Buckets)] += w;
            double squared = 0;
            foreach (var v in row) squared += v * v;
            if (squared == 0) continue;
            double inverseNorm = 1.0 / Math.Sqrt(squared);
            long offset = (long)i * Buckets;
            for (int j = 0; j < Buckets; j++)
                if (row[j] != 0) rows[offset + j] = (float)(row[j] * inverseNorm);
        }
        using var scope = NewDisposeScope();
        return tensor(rows, new long[] { sentences.Count, Buckets }).MoveToOuterDisposeScope();
    }

    /// <summary>bucket(w) = FNV-1a-32(UTF-8 bytes of w) mod <paramref name="buckets"/>.</summary>
    public static int Bucket(string word, int buckets)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (buckets < 1)
            throw new ArgumentOutOfRangeException(nameof(buckets), buckets, $"The number of hash buckets must be at least 1, but it is {buckets}.");
        return (int)(Fnv1a32(Encoding.UTF8.GetBytes(word)) % (uint)buckets);
    }

    /// <summary>32-bit FNV-1a: h = 2166136261; for each byte, h = (h XOR byte) · 16777619 mod 2^32.</summary>
    internal static uint Fnv1a32(ReadOnlySpan<byte> bytes)
    {
        uint hash = 2166136261;
        foreach (var b in bytes) hash = unchecked((hash ^ b) * 16777619);
        return hash;
    }
}
