using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Contrastive.Core;
using Contrastive.Core.Serialization;

namespace Contrastive.Embeddings.Indexes;

/// <summary>
/// <c>sentences.jsonl</c>: one JSON string a line, so a sentence holding a newline, tab or quote survives the round
/// trip and line i is the sentence of vector row i. UTF-8 without BOM; non-ASCII text is written as is.
/// </summary>
public static class SentenceLinesFile
{
    static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the sentences atomically (temporary file, then rename).</summary>
    public static void Save(string path, IEnumerable<string> sentences)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true);
            writer.NewLine = "\n";
            foreach (var s in sentences) writer.WriteLine(JsonSerializer.Serialize(s, Json));
        });
    }

    /// <summary>The sentences in file order.</summary>
    /// <exception cref="ContrastiveException">The file is missing or unreadable, or a line is not a JSON string; the message names the file and line.</exception>
    public static List<string> Load(string path)
    {
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found.");
        var sentences = new List<string>();
        int lineNumber = 0;
        try
        {
            foreach (var line in File.ReadLines(path, Encoding.UTF8))
            {
                lineNumber++;
                string? s;
                try
                {
                    s = JsonSerializer.Deserialize<string>(line, Json);
                }
                catch (JsonException)
                {
                    s = null;
                }
                sentences.Add(s ?? throw new ContrastiveException($"{path}: line {lineNumber} is not a JSON string."));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContrastiveException($"{path}: cannot be read: {e.Message}");
        }
        return sentences;
    }
}
