using System.Text;

namespace Contrastive.TestKit;

/// <summary>
/// Seeded random mutations of a valid file, for property tests of the file readers: truncate, flip bytes, insert a
/// NUL, duplicate or delete a line, replace a number with a huge, negative or non-finite one, insert random bytes.
/// The same seed always gives the same mutated bytes.
/// </summary>
public static class FileMutator
{
    static readonly string[] Numbers = ["99999999999999999999", "-1", "0", "1e309", "NaN", "-2147483649", "4294967296", "1e-320", "Infinity"];

    /// <summary>The names of the mutations, in the order <see cref="Mutate"/> draws them from.</summary>
    public static readonly string[] Kinds = ["truncate", "flip bytes", "insert NUL", "duplicate line", "delete line", "huge number", "random bytes"];

    /// <summary>One mutation of <paramref name="original"/> drawn from <paramref name="random"/>; returns the bytes and its name.</summary>
    public static (byte[] Bytes, string Kind) Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        int kind = random.Next(Kinds.Length);
        switch (kind)
        {
            case 0:
                bytes = bytes.Take(random.Next(bytes.Count)).ToList();
                break;
            case 1:
                for (int i = random.Next(1, 9); i > 0 && bytes.Count > 0; i--)
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                break;
            case 2:
                bytes.Insert(random.Next(bytes.Count + 1), 0);
                break;
            case 3:
            case 4:
            {
                var lines = SplitLines(bytes);
                if (lines.Count == 0) break;
                int at = random.Next(lines.Count);
                if (kind == 3) lines.Insert(at, lines[at]);
                else lines.RemoveAt(at);
                bytes = lines.SelectMany(l => l).ToList();
                break;
            }
            case 5:
            {
                var text = Encoding.Latin1.GetString(bytes.ToArray());
                var numbers = System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+(\.\d+)?([eE][-+]?\d+)?");
                if (numbers.Count == 0) break;
                var m = numbers[random.Next(numbers.Count)];
                text = text[..m.Index] + Numbers[random.Next(Numbers.Length)] + text[(m.Index + m.Length)..];
                bytes = Encoding.Latin1.GetBytes(text).ToList();
                break;
            }
            default:
            {
                var noise = new byte[random.Next(1, 32)];
                random.NextBytes(noise);
                bytes.InsertRange(random.Next(bytes.Count + 1), noise);
                break;
            }
        }
        return (bytes.ToArray(), Kinds[kind]);
    }

    /// <summary>The lines of <paramref name="bytes"/>, each with its '\n' (the last one may have none).</summary>
    static List<byte[]> SplitLines(List<byte> bytes)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < bytes.Count; i++)
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes.GetRange(start, i - start + 1).ToArray());
                start = i + 1;
            }
        if (start < bytes.Count) lines.Add(bytes.GetRange(start, bytes.Count - start).ToArray());
        return lines;
    }
}
