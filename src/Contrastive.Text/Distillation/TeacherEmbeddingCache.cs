using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Contrastive.Core.Serialization;
using Contrastive.Text.Inference;
using static TorchSharp.torch;

namespace Contrastive.Text.Distillation;

/// <summary>
/// The teacher's embeddings of the distillation corpus, computed once and kept in the run's output folder as
/// <c>teacher_embeddings.safetensors</c> (one float32 tensor <c>embeddings</c> of shape (N, D_t), written atomically).
/// Its metadata holds a SHA-256 fingerprint of the teacher folder's files, the sentences and the maximum length; a
/// file whose fingerprint differs (another teacher or corpus) is recomputed, so a resumed run never trains on
/// stale targets.
/// </summary>
public static class TeacherEmbeddingCache
{
    public const string FileName = "teacher_embeddings.safetensors";
    const string TensorName = "embeddings";
    const string FingerprintKey = "fingerprint";

    /// <summary>The cached embeddings when they match, else computes and saves them. The caller owns the tensor.</summary>
    /// <param name="teacherDir">The teacher's model folder (its files are part of the fingerprint).</param>
    /// <param name="report">Progress and timing messages (e.g. the teacher's sentences/s), or null.</param>
    public static Tensor LoadOrCompute(string outputDir, string teacherDir, SentenceEncoder teacher, IReadOnlyList<string> sentences,
                                       int batchSize = 64, Action<string>? report = null)
    {
        var path = Path.Combine(outputDir, FileName);
        var fingerprint = Fingerprint(teacherDir, sentences, teacher.MaxSeqLength);
        if (File.Exists(path))
        {
            var header = SafeTensors.ReadHeader(path);
            if (header.Metadata.TryGetValue(FingerprintKey, out var saved) && saved == fingerprint
                && header.Tensors.TryGetValue(TensorName, out var entry) && entry.Shape is [var n, _] && n == sentences.Count)
            {
                var loaded = SafeTensors.Load(path);
                report?.Invoke($"Teacher embeddings of {sentences.Count:N0} sentences read from {path}.");
                return loaded[TensorName];
            }
            report?.Invoke($"{path} was computed for another teacher, corpus or length: recomputing.");
        }

        report?.Invoke($"Encoding {sentences.Count:N0} sentences with the teacher (once; kept in {path}).");
        int nextReport = sentences.Count / 10;
        var clock = Stopwatch.StartNew();
        var embeddings = teacher.Encode(sentences, batchSize, normalize: false, progress: done =>
        {
            if (done < nextReport || done == sentences.Count) return;
            report?.Invoke($"  teacher: {done:N0}/{sentences.Count:N0} sentences ({done / clock.Elapsed.TotalSeconds:F0}/s)");
            nextReport += Math.Max(1, sentences.Count / 10);
        });
        report?.Invoke($"Teacher: {sentences.Count:N0} sentences in {clock.Elapsed.TotalSeconds:F1} s " +
                       $"({sentences.Count / clock.Elapsed.TotalSeconds:F0} sentences/s).");
        Directory.CreateDirectory(outputDir);
        SafeTensors.Save(path, [new(TensorName, embeddings)], new Dictionary<string, string>
        {
            [FingerprintKey] = fingerprint,
            ["teacher"] = Path.GetFullPath(teacherDir),
            ["sentences"] = sentences.Count.ToString(CultureInfo.InvariantCulture),
        });
        return embeddings;
    }

    /// <summary>SHA-256 (hex) over the teacher folder's files (names and contents), the sentences and the length.</summary>
    public static string Fingerprint(string teacherDir, IReadOnlyList<string> sentences, int maxSeqLength)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(teacherDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(teacherDir, file) + "\0"));
            using var stream = File.OpenRead(file);
            var buffer = new byte[1 << 20];
            for (int read; (read = stream.Read(buffer)) > 0;) hash.AppendData(buffer, 0, read);
        }
        hash.AppendData(Encoding.UTF8.GetBytes($"\0max_seq_length={maxSeqLength}\0"));
        foreach (var sentence in sentences) hash.AppendData(Encoding.UTF8.GetBytes(sentence + "\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
