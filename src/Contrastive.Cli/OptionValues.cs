using Contrastive.Core;

namespace Contrastive.Cli;

/// <summary>Range checks of option values shared by the commands, each failing with one line naming the option.</summary>
public static class OptionValues
{
    /// <summary><paramref name="value"/> when it is at least 1.</summary>
    public static int Positive(int value, string option) =>
        value >= 1 ? value : throw new ContrastiveException($"{option} must be at least 1, not {value}.");
}
