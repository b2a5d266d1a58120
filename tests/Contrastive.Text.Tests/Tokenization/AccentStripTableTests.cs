using System.Diagnostics;
using Contrastive.Text.Tokenization;

namespace Contrastive.Text.Tests.Tokenization;

public sealed class AccentStripTableTests
{
    [Theory]
    [InlineData(0x00E9, "e")]            // é
    [InlineData(0x00C5, "A")]            // Å
    [InlineData(0x01D7, "U")]            // Ǘ: U + diaeresis + acute
    [InlineData(0x1EE8, "U")]            // Ứ: U + horn + acute
    [InlineData(0x212B, "A")]            // ANGSTROM SIGN
    [InlineData(0xF900, "\u8C48")]       // CJK compatibility ideograph
    [InlineData(0x2FA1D, "\U0002A600")]  // the last entry, outside the BMP
    public void Entries_KnownCharacters_MapToTheirBaseLetters(int codePoint, string expected)
    {
        var entry = Assert.Single(AccentStripTable.Entries, e => e.CodePoint == codePoint);
        Assert.Equal(expected, entry.Stripped);
    }

    [Fact]
    public void Entries_SortedUniqueAndWithoutHangulOrPlainLetters()
    {
        var codePoints = AccentStripTable.Entries.Select(e => e.CodePoint).ToArray();
        Assert.Equal(2043, codePoints.Length);
        Assert.Equal(codePoints.Order(), codePoints);
        Assert.Equal(codePoints.Length, codePoints.Distinct().Count());
        Assert.DoesNotContain(codePoints, cp => cp is >= 0xAC00 and < 0xAC00 + 11172);
        Assert.DoesNotContain(codePoints, cp => cp < 0xC0);
    }

    /// <summary>The committed file is what the generator prints (where python3 with Unicode 14.0 is installed).</summary>
    [SkippableFact]
    public void GeneratedFile_IsTheScriptsOutput()
    {
        var root = RepositoryRoot();
        var script = Path.Combine(root, "scripts", "generate-accent-table.py");
        var committed = File.ReadAllBytes(Path.Combine(root, "src", "Contrastive.Text", "Tokenization", "AccentStripTable.g.cs"));
        Process python;
        try
        {
            python = Process.Start(new ProcessStartInfo("python3", [script])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new SkipException("python3 is not installed: skipped.");
        }
        using (python)
        {
            using var output = new MemoryStream();
            var copy = python.StandardOutput.BaseStream.CopyToAsync(output);
            string stderr = python.StandardError.ReadToEnd();
            copy.Wait();
            python.WaitForExit();
            Skip.If(python.ExitCode == 3, $"python3's unicodedata is not the table's version: {stderr.Trim()}");
            Assert.Equal(0, python.ExitCode);
            Assert.True(committed.AsSpan().SequenceEqual(output.ToArray()),
                        "AccentStripTable.g.cs differs from the output of scripts/generate-accent-table.py; regenerate it.");
        }
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Contrastive.slnx"))) return dir.FullName;
        throw new SkipException("the repository (Contrastive.slnx) is not above the test binaries: skipped.");
    }
}
