using Microsoft.AspNetCore.Http;

namespace Contrastive.Server;

/// <summary>
/// The search page served at <c>/</c>: one self-contained HTML file with inline CSS and JavaScript (no CDN), embedded
/// in this assembly. It posts the typed query to <c>/search</c> and lists the hits best first with their scores
/// (<c>ol#results</c>, each <c>li.hit</c> holding <c>.score</c> and <c>.sentence</c>). The query is kept in the address
/// (<c>/?q=...</c>), and a link with <c>q</c> runs that search when opened.
/// </summary>
public static class SearchPage
{
    const string ResourceName = "Contrastive.Server.index.html";

    static readonly Lazy<byte[]> Html = new(() =>
    {
        using var stream = typeof(SearchPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>The page's bytes (UTF-8 HTML).</summary>
    public static ReadOnlyMemory<byte> Content => Html.Value;

    public static async Task WriteAsync(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(Html.Value, context.RequestAborted);
    }
}
