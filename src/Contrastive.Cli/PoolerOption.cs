using System.CommandLine;
using Contrastive.Text.Pooling;

namespace Contrastive.Cli;

/// <summary>
/// <c>--pooler</c> with SimCSE's names (<see cref="PoolerTypeNames"/>), shared by every command that takes one. The
/// name is parsed once, here, into a <see cref="PoolerType"/> that travels typed to the model folder; an unknown name
/// is one line listing the valid ones.
/// </summary>
public static class PoolerOption
{
    static string Names => string.Join(", ", PoolerTypeNames.All);

    /// <summary>An optional <c>--pooler</c> (absent: the model folder's own pooler, or what <paramref name="description"/> says).</summary>
    public static Option<string?> Override(string description = "Override the model's pooler.") =>
        new("--pooler") { Description = $"{description} One of {Names}." };

    /// <summary>A <c>--pooler</c> defaulting to <paramref name="defaultPooler"/> (the method's paper value).</summary>
    public static Option<string> WithDefault(PoolerType defaultPooler, string description = "Pooler.") =>
        new("--pooler") { Description = $"{description} One of {Names}.", DefaultValueFactory = _ => defaultPooler.ToName() };

    /// <summary>The parsed optional pooler, or null when absent.</summary>
    public static PoolerType? GetOverride(ParseResult p, Option<string?> option) =>
        p.GetValue(option) is { } name ? PoolerTypeNames.Parse(name) : null;

    /// <summary>The parsed pooler.</summary>
    public static PoolerType Get(ParseResult p, Option<string> option) => PoolerTypeNames.Parse(p.GetValue(option)!);
}
