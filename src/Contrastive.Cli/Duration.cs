using System.Globalization;
using Contrastive.Core;

namespace Contrastive.Cli;

/// <summary>Parses durations given on the command line: <c>90s</c>, <c>20m</c>, <c>1.5h</c> or <c>hh:mm:ss</c>.</summary>
public static class Duration
{
    public static TimeSpan Parse(string text, string optionName)
    {
        var t = text.Trim();
        if (t.Length > 1 && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0)
        {
            switch (char.ToLowerInvariant(t[^1]))
            {
                case 's': return TimeSpan.FromSeconds(v);
                case 'm': return TimeSpan.FromMinutes(v);
                case 'h': return TimeSpan.FromHours(v);
            }
        }
        if (TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero) return span;
        throw new ContrastiveException($"{optionName}: '{text}' is not a duration (examples: 90s, 20m, 1.5h, 00:20:00).");
    }
}
