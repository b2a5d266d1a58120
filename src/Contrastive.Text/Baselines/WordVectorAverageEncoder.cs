using System.Globalization;
using Contrastive.Core;
using static TorchSharp.torch;

namespace Contrastive.Text.Baselines;

/// <summary>
/// Averaged word embeddings, the "Avg. GloVe embeddings" baseline of the STS tables (SimCSE, Sentence-BERT):
/// e(s) = (1/|T|) Σ_{t ∈ T} v(t), T = the tokens of s found in the vector file, counted with repetition.
/// <para>
/// Tokens come from <see cref="BagOfWordsTokenizer"/> (lower-cased runs of letters and digits); tokens absent from the
/// file are ignored, and a sentence with no known token is the zero vector. The words of the file are lower-cased
/// when it is read; when two entries fold to the same word the first one is kept (GloVe and word2vec files list
/// frequent words first, so that is the most frequent form).
/// </para>
/// <para>
/// File format: one <c>word v1 … vd</c> line per word, fields separated by spaces or tabs (GloVe's text format);
/// the dimension d is taken from the first line. A first line of exactly two positive integers is word2vec's
/// <c>count dim</c> header: d is then read from it, and a file read to its end must hold exactly <c>count</c> vectors.
/// Blank lines are skipped. A line with a different number of values, or a value that is not a finite number, is an
/// error naming the file and line. Entries whose word contains a space (a handful in glove.840B) are therefore
/// rejected as malformed lines.
/// </para>
/// </summary>
public sealed class WordVectorAverageEncoder
{
    readonly Dictionary<string, int> index;   // word → row of vectors
    readonly float[] vectors;                 // (V, d) row-major

    /// <summary>Dimension d of the word vectors and of the sentence embeddings.</summary>
    public int Dimension { get; }

    /// <summary>Number V of distinct (lower-cased) words kept.</summary>
    public int VocabularySize => index.Count;

    WordVectorAverageEncoder(Dictionary<string, int> index, float[] vectors, int dimension)
    {
        this.index = index;
        this.vectors = vectors;
        Dimension = dimension;
    }

    /// <summary>Reads a GloVe or word2vec text file.</summary>
    /// <param name="path">The vector file.</param>
    /// <param name="maxWords">Read only the first this many vectors (the most frequent words); null reads all.</param>
    /// <exception cref="ContrastiveException">The file is missing, unreadable, empty or has a malformed line ("FILE:LINE: ...").</exception>
    public static WordVectorAverageEncoder Load(string path, int? maxWords = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (maxWords is < 1)
            throw new ArgumentOutOfRangeException(nameof(maxWords), maxWords, $"maxWords must be at least 1, but it is {maxWords}.");
        try
        {
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 20);
            return Read(reader, path, maxWords);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ContrastiveException($"{path}: file not found.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"{path}: cannot be read: {e.Message}");
        }
    }

    static readonly char[] Separators = [' ', '\t'];

    static WordVectorAverageEncoder Read(StreamReader reader, string path, int? maxWords)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var data = new List<float>();
        int dimension = -1;
        long? announced = null;
        long lineNumber = 0, vectorCount = 0;
        bool truncated = false;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var fields = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;
            if (dimension < 0)
            {
                if (lineNumber == 1 && fields.Length == 2 && IsPositiveInteger(fields[0], out long count) && IsPositiveInteger(fields[1], out long dim))
                {
                    if (dim > 100_000)
                        throw new ContrastiveException($"{path}:1: the header announces dimension {dim}, which is implausibly large.");
                    announced = count;
                    dimension = (int)dim;
                    continue;
                }
                if (fields.Length < 2)
                    throw new ContrastiveException($"{path}:{lineNumber}: expected a word followed by its vector, but the line has only '{fields[0]}'.");
                dimension = fields.Length - 1;
            }
            if (maxWords is { } max && vectorCount == max)
            {
                truncated = true;
                break;
            }
            if (fields.Length != dimension + 1)
                throw new ContrastiveException(
                    $"{path}:{lineNumber}: expected a word followed by {dimension} numbers, but the line has {fields.Length - 1} value(s) after '{fields[0]}'.");
            var word = fields[0].ToLowerInvariant();
            bool keep = !index.ContainsKey(word);
            if (keep) index.Add(word, index.Count);
            for (int j = 1; j <= dimension; j++)
            {
                if (!float.TryParse(fields[j], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
                    throw new ContrastiveException(
                        $"{path}:{lineNumber}: '{fields[j]}' (component {j} of '{fields[0]}') is not a finite number.");
                if (keep) data.Add(value);
            }
            vectorCount++;
        }
        if (vectorCount == 0) throw new ContrastiveException($"{path}: the file contains no word vectors.");
        if (announced is { } expected && !truncated && vectorCount != expected)
            throw new ContrastiveException($"{path}: the header announces {expected} vectors but the file holds {vectorCount}.");
        return new WordVectorAverageEncoder(index, data.ToArray(), dimension);
    }

    static bool IsPositiveInteger(string s, out long value) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    /// <summary>Whether the (lower-case) token has a vector.</summary>
    public bool Contains(string word) => index.ContainsKey(word);

    /// <summary>The vector of a (lower-case) token, or null when the file has none.</summary>
    public float[]? Vector(string word) =>
        index.TryGetValue(word, out var row) ? vectors.AsSpan(row * Dimension, Dimension).ToArray() : null;

    /// <summary>The average word vector of each sentence (zero rows for sentences without a known token).</summary>
    /// <returns>(n, d) float32.</returns>
    public Tensor Encode(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        int d = Dimension;
        var rows = new float[(long)sentences.Count * d];                          // (n, d) row-major
        var sum = new double[d];
        for (int i = 0; i < sentences.Count; i++)
        {
            Array.Clear(sum);
            int known = 0;
            foreach (var token in BagOfWordsTokenizer.Tokenize(sentences[i]))
            {
                if (!index.TryGetValue(token, out var row)) continue;
                var v = vectors.AsSpan(row * d, d);
                for (int j = 0; j < d; j++) sum[j] += v[j];
                known++;
            }
            if (known == 0) continue;
            var target = rows.AsSpan(i * d, d);
            for (int j = 0; j < d; j++) target[j] = (float)(sum[j] / known);
        }
        using var scope = NewDisposeScope();
        return tensor(rows, new long[] { sentences.Count, d }).MoveToOuterDisposeScope();
    }
}
