namespace Contrastive.Text.Models.Hub;

/// <summary>
/// What a <c>HEAD {endpoint}/{repo}/resolve/{revision}/{file}</c> told about one file: the commit the revision
/// resolved to (<c>X-Repo-Commit</c>), the blob id (<c>X-Linked-Etag</c> for LFS files, the sha256 of the content;
/// else <c>ETag</c>), the size when given, and the URL to GET it from after redirects.
/// </summary>
internal sealed record HubFileMetadata(string File, string Commit, string Etag, long? Size, Uri DownloadUrl)
{
    /// <summary>An LFS ETag is the content's sha256 (64 hex digits); the download is checked against it.</summary>
    public bool EtagIsSha256 => Etag.Length == 64 && Etag.All(Uri.IsHexDigit);
}
