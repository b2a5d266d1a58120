using Contrastive.Text.Models;

namespace Contrastive.Text.Tests.Models;

/// <summary>
/// all-MiniLM-L6-v2 imported once from its NuGet package (restored by every build) for the tests of a class, with
/// the package's original model.onnx and vocab.txt extracted beside it.
/// </summary>
public sealed class ImportedMiniLm : IDisposable
{
    readonly TempDir _dir = new();

    public ImportedMiniLm()
    {
        Folder = _dir.File("minilm");
        NuGetModelPackage.Import(PretrainedModel.MiniLM, Folder, Warnings.Add);
        Originals = _dir.File("originals");
        NuGetModelPackage.ExtractOriginal(PretrainedModel.MiniLM, Originals);
    }

    public string Folder { get; }
    public string Originals { get; }
    public string OnnxFile => Path.Combine(Originals, "model.onnx");
    public string VocabFile => Path.Combine(Originals, "vocab.txt");
    public List<string> Warnings { get; } = [];

    public void Dispose() => _dir.Dispose();
}
