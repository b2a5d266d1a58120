using Contrastive.Core;

namespace Contrastive.Text.Models.Hub;

/// <summary>
/// Where and how <see cref="HubSnapshotDownloader"/> fetches models, with <c>huggingface_hub</c>'s environment
/// variables as defaults (<see cref="FromEnvironment"/>): <c>HF_ENDPOINT</c> (https://huggingface.co),
/// <c>HF_HUB_CACHE</c> (else <c>$HF_HOME/hub</c>, <c>HF_HOME</c> defaulting to <c>~/.cache/huggingface</c>),
/// <c>HF_TOKEN</c> (else the token <c>huggingface-cli login</c> saved in <c>$HF_HOME/token</c> or <c>HF_TOKEN_PATH</c>;
/// sent as <c>Authorization: Bearer</c>, to the endpoint's host only) and <c>HF_HUB_OFFLINE=1</c>
/// (the cache only, no request).
/// </summary>
public sealed record HubOptions
{
    public const string DefaultEndpoint = "https://huggingface.co";

    public string Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>The hub cache folder holding <c>models--org--name/</c> folders.</summary>
    public string CacheDir { get; init; } = DefaultCacheDir(null, null);

    public string? Token { get; init; }

    public bool Offline { get; init; }

    /// <summary>Attempts per request for dropped connections, timeouts and 429/5xx answers.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Wait before the first retry, doubled after each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Limit for one request without progress (headers, or the next chunk of a body).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Options from the <c>HF_*</c> environment variables (absent ones keep the defaults).</summary>
    public static HubOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    internal static HubOptions FromEnvironment(Func<string, string?> variable)
    {
        string? Env(string name) => variable(name) is { Length: > 0 } v ? v : null;
        var offline = Env("HF_HUB_OFFLINE");
        return new HubOptions
        {
            Endpoint = Env("HF_ENDPOINT")?.TrimEnd('/') ?? DefaultEndpoint,
            CacheDir = DefaultCacheDir(Env("HF_HUB_CACHE"), Env("HF_HOME")),
            Token = Env("HF_TOKEN") ?? StoredToken(Env("HF_TOKEN_PATH") ?? Path.Combine(HfHome(Env("HF_HOME")), "token")),
            Offline = offline is not null && offline.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on",
        };
    }

    static string DefaultCacheDir(string? hubCache, string? hfHome) => hubCache ?? Path.Combine(HfHome(hfHome), "hub");

    static string HfHome(string? hfHome) =>
        hfHome ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "huggingface");

    /// <summary>The token <c>huggingface-cli login</c> stores (<c>$HF_HOME/token</c>, or <c>HF_TOKEN_PATH</c>), if any.</summary>
    static string? StoredToken(string path)
    {
        try
        {
            return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } token ? token : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Throws <see cref="ContrastiveException"/> naming the first invalid value.</summary>
    public HubOptions Validate()
    {
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ContrastiveException($"HF_ENDPOINT '{Endpoint}' is not an http(s) URL.");
        if (string.IsNullOrWhiteSpace(CacheDir)) throw new ContrastiveException("the Hugging Face cache folder (HF_HUB_CACHE / HF_HOME) is empty.");
        if (MaxAttempts < 1) throw new ContrastiveException($"MaxAttempts {MaxAttempts} must be >= 1.");
        if (RetryDelay < TimeSpan.Zero) throw new ContrastiveException($"RetryDelay {RetryDelay} must be >= 0.");
        if (Timeout <= TimeSpan.Zero) throw new ContrastiveException($"Timeout {Timeout} must be > 0.");
        if (Token is not null && Token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            throw new ContrastiveException("HF_TOKEN contains whitespace or control characters.");
        return this;
    }
}
