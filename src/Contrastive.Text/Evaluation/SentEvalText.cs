namespace Contrastive.Text.Evaluation;

/// <summary>
/// The sentence text SentEval hands to the encoder: it reads each sentence as <c>s.split()</c> and SimCSE's batcher
/// joins the words back with <c>' '.join(...)</c>, so runs of whitespace collapse to one space and the ends are trimmed.
/// </summary>
internal static class SentEvalText
{
    public static string Normalize(string sentence) =>
        string.Join(' ', sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
