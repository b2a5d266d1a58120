using Contrastive.Core;
using Contrastive.Core.PostProcessing;
using Contrastive.Embeddings.Onnx;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;
using Onnx;
using static TorchSharp.torch;

namespace Contrastive.Embeddings.Tests.Onnx;

public class BertOnnxExporterTests
{
    [Fact]
    public void Export_ReadBackWithOnnxSharp_RecoversIdenticalWeights()
    {
        using var dir = new TempDir();
        var encoder = TinyBert.SceneEncoder(seed: 3, PoolerType.Cls);
        var path = dir.File("model.onnx");
        BertOnnxExporter.Export(OnnxEncoderParts.From(encoder), path);

        var model = ModelProto.Parser.ParseFromFile(path);
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name);
        int compared = 0;
        foreach (var (name, weight) in encoder.Bert.state_dict())
        {
            if (name.StartsWith("pooler.", StringComparison.Ordinal)) continue;   // exported as dense_0 below
            // Linear weights are stored (in, out); embeddings and layer norms as they are.
            bool linear = weight.dim() == 2 && !name.StartsWith("embeddings.", StringComparison.Ordinal);
            AssertSame(initializers[name], linear ? weight.t() : weight, name);
            compared++;
        }
        AssertSame(initializers["dense_0.linear.weight"], encoder.Bert.pooler!.dense.weight!.t(), "pooler weight");
        AssertSame(initializers["dense_0.linear.bias"], encoder.Bert.pooler!.dense.bias!, "pooler bias");
        Assert.Equal(encoder.Bert.state_dict().Count - 2, compared);
        Assert.Equal(17, model.OpsetImport.Single(o => o.Domain == "").Version);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], model.Graph.Input.Select(i => i.Name));
        Assert.Equal(["last_hidden_state", "sentence_embedding"], model.Graph.Output.Select(o => o.Name));
        Assert.Equal("batch", model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal("sequence", model.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimParam);
    }

    static void AssertSame(TensorProto proto, Tensor expected, string name)
    {
        Assert.Equal((int)TensorProto.Types.DataType.Float, proto.DataType);
        Assert.Equal(expected.shape, proto.Dims.ToArray());
        var actual = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray();
        var want = expected.contiguous().data<float>().ToArray();
        Assert.True(want.SequenceEqual(actual), $"{name}: weights differ after the round trip");
    }

    public static TheoryData<PoolerType, bool, bool> Pipelines()
    {
        var data = new TheoryData<PoolerType, bool, bool>();
        foreach (var pooler in Enum.GetValues<PoolerType>())
            foreach (var whiten in new[] { false, true })
                foreach (var normalize in new[] { false, true })
                    data.Add(pooler, whiten, normalize);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Export_RunInOnnxRuntime_MatchesTorchSharpWithin1e5(PoolerType pooler, bool whiten, bool normalize)
    {
        using var dir = new TempDir();
        var encoder = TinyBert.SceneEncoder(seed: 5, pooler);
        if (whiten)   // fitted on unit-variance vectors: a well-conditioned map, so it tests the export, not float noise amplified
        {
            using var sample = randn(256, TinyBert.Scenes.Config.HiddenSize, generator: new Generator(9, CPU));
            encoder = encoder.WithPipeline(encoder.Pipeline.WithWhitening(Whitening.Fit(sample, k: 8)));
        }
        var path = dir.File("model.onnx");
        BertOnnxExporter.Export(OnnxEncoderParts.From(encoder, normalize), path);

        // Sentences of different lengths in one batch: padding from 0 to many positions.
        var padded = PaddedTokens.Pad(encoder.Tokenize(TinyCorpus.Scenes), encoder.Tokenizer.PadId);
        var (lastHidden, embedding) = OnnxParity.Run(path, padded);

        using var scope = NewDisposeScope();
        using var batch = TokenizedBatch.From(padded);
        using (no_grad())
        {
            var expectedHidden = encoder.Bert.Forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds).LastHiddenState;
            Assert.True(OnnxParity.MaxAbsDiff(expectedHidden.contiguous().data<float>().ToArray(), lastHidden) < 1e-5, "last_hidden_state");
        }
        var expected = encoder.Encode(TinyCorpus.Scenes, batchSize: TinyCorpus.Scenes.Length, normalize: normalize);
        double diff = OnnxParity.MaxAbsDiff(expected.contiguous().data<float>().ToArray(), embedding);
        Assert.True(diff < 1e-5, $"sentence_embedding differs by {diff}");
    }

    [Theory]
    [InlineData(TokenPooling.Mean)]
    [InlineData(TokenPooling.MeanSqrtLen)]
    [InlineData(TokenPooling.AvgTop2)]
    public void Export_PipelinePooling_MatchesTorchSharpWithin1e5(TokenPooling pooling)
    {
        using var dir = new TempDir();
        var avg = TinyBert.SceneEncoder(seed: 6);
        var encoder = avg.WithPipeline(avg.Pipeline with { Pooling = pooling, Normalize = true });
        var path = dir.File("model.onnx");
        BertOnnxExporter.Export(OnnxEncoderParts.From(encoder), path);

        var (_, embedding) = OnnxParity.Run(path, PaddedTokens.Pad(encoder.Tokenize(TinyCorpus.Scenes), encoder.Tokenizer.PadId));

        using var scope = NewDisposeScope();
        var expected = encoder.Encode(TinyCorpus.Scenes, batchSize: TinyCorpus.Scenes.Length);   // the pipeline normalises
        double diff = OnnxParity.MaxAbsDiff(expected.contiguous().data<float>().ToArray(), embedding);
        Assert.True(diff < 1e-5, $"{pooling.ToName()}: sentence_embedding differs by {diff}");
    }

    [Fact]
    public void From_MaxPooling_ThrowsOneLineNamingIt()
    {
        var avg = TinyBert.SceneEncoder();
        var encoder = avg.WithPipeline(avg.Pipeline with { Pooling = TokenPooling.Max });
        var e = Assert.Throws<ContrastiveException>(() => OnnxEncoderParts.From(encoder));
        Assert.Contains("'max'", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Export_Int8_RunsInOnnxRuntimeCloseToFloat32()
    {
        using var dir = new TempDir();
        var encoder = TinyBert.SceneEncoder(seed: 7, PoolerType.Avg);
        var parts = OnnxEncoderParts.From(encoder, normalize: true);
        BertOnnxExporter.Export(parts, dir.File("fp32.onnx"));
        BertOnnxExporter.Export(parts, dir.File("int8.onnx"), new OnnxExportOptions(Quantization: OnnxQuantization.Int8));
        Assert.True(new FileInfo(dir.File("int8.onnx")).Length < new FileInfo(dir.File("fp32.onnx")).Length);

        var padded = PaddedTokens.Pad(encoder.Tokenize(TinyCorpus.Scenes), encoder.Tokenizer.PadId);
        var (_, fp32) = OnnxParity.Run(dir.File("fp32.onnx"), padded);
        var (_, int8) = OnnxParity.Run(dir.File("int8.onnx"), padded);
        int d = TinyBert.Scenes.Config.HiddenSize;
        for (int i = 0; i < TinyCorpus.Scenes.Length; i++)
        {
            double cos = 0;
            for (int j = 0; j < d; j++) cos += fp32[i * d + j] * int8[i * d + j];   // both unit length
            Assert.True(cos > 0.99, $"sentence {i}: cosine {cos} between int8 and float32");
        }
        Assert.False(fp32.SequenceEqual(int8), "the int8 graph gave exactly the float32 outputs: it did not quantise");
    }

    [Fact]
    public void QuantizePerColumn_RoundTrip_WithinHalfAStep()
    {
        var w = randn(6, 4, generator: new Generator(11, CPU));
        var (q, scales, shape) = BertOnnxExporter.QuantizePerColumn(w);
        Assert.Equal([6L, 4L], shape);
        var data = w.data<float>().ToArray();
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 4; j++)
            {
                Assert.InRange((int)q[i * 4 + j], -BertOnnxExporter.WeightLevels, BertOnnxExporter.WeightLevels);
                Assert.True(Math.Abs(q[i * 4 + j] * scales[j] - data[i * 4 + j]) <= scales[j] / 2 + 1e-7);
            }
        for (int j = 0; j < 4; j++) Assert.Contains(q.Where((_, k) => k % 4 == j), v => Math.Abs(v) == BertOnnxExporter.WeightLevels);
    }

    [Fact]
    public void Export_UnsupportedOpset_ThrowsNamingIt()
    {
        var e = Assert.Throws<ContrastiveException>(() =>
            BertOnnxExporter.Build(OnnxEncoderParts.From(TinyBert.SceneEncoder()), new OnnxExportOptions(Opset: 13)));
        Assert.Contains("--opset 13", e.Message);
    }

    [Fact]
    public void Export_OverExistingFile_ReplacesItWhole()
    {
        using var dir = new TempDir();
        var path = dir.File("model.onnx");
        File.WriteAllText(path, "old");
        BertOnnxExporter.Export(OnnxEncoderParts.From(TinyBert.SceneEncoder()), path);
        Assert.Single(Directory.GetFiles(dir.Path));   // no temporary file left beside it
        Assert.NotNull(ModelProto.Parser.ParseFromFile(path).Graph);
    }
}
