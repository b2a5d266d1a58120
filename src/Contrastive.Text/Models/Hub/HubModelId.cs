using System.Text.RegularExpressions;
using Contrastive.Core;

namespace Contrastive.Text.Models.Hub;

/// <summary>
/// A Hugging Face Hub model reference, <c>org/name[@revision]</c> (or a canonical <c>name</c> without organisation);
/// the revision is a branch, a tag or a commit hash and defaults to <c>main</c>.
/// </summary>
public sealed partial record HubModelId(string Repo, string Revision)
{
    public const string DefaultRevision = "main";

    /// <summary>Parses <c>org/name[@revision]</c>; a malformed reference throws <see cref="ContrastiveException"/> naming it.</summary>
    public static HubModelId Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int at = spec.IndexOf('@');
        var repo = at < 0 ? spec : spec[..at];
        var revision = at < 0 ? DefaultRevision : spec[(at + 1)..];
        if (!RepoPattern().IsMatch(repo) || repo.Split('/').Any(p => p is "." or ".." || p.Contains("--")))
            throw new ContrastiveException($"'{spec}': not a Hugging Face model id; expected org/name[@revision] (letters, digits, '-', '_', '.').");
        if (revision.Length == 0 || revision.Split('/').Any(p => p.Length == 0 || p is "." or "..") || revision.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\'))
            throw new ContrastiveException($"'{spec}': the revision after '@' must be a branch, tag or commit hash.");
        return new HubModelId(repo, revision);
    }

    /// <summary>Whether <see cref="Revision"/> is a full 40-hex-digit commit hash.</summary>
    public bool RevisionIsCommit => CommitPattern().IsMatch(Revision);

    /// <summary>The cache folder name: <c>models--org--name</c>.</summary>
    public string CacheFolderName => "models--" + Repo.Replace("/", "--");

    public override string ToString() => Revision == DefaultRevision ? Repo : $"{Repo}@{Revision}";

    [GeneratedRegex(@"^(?:[A-Za-z0-9][A-Za-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex RepoPattern();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    internal static partial Regex CommitPattern();
}
