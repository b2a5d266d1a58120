using System.Text.Json.Nodes;
using Contrastive.Core.Serialization;
using Contrastive.Text.Inference;
using Contrastive.Text.Models;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Cli.Tests.Commands;

/// <summary>
/// A folder written by <c>contrastive whiten</c> read as sentence-transformers would: modules.json in order, each
/// module's config.json and model.safetensors applied with plain tensor operations here, and compared with our loader.
/// </summary>
public class WhitenedPipelineFilesTests
{
    [Fact]
    public void Whiten_ClsModel_PipelineComputedFromTheFilesGivesTheLoadersVectors()
    {
        using var scope = NewDisposeScope();
        using var dir = new TempDir();
        var model = TinyBert.SaveEncoderFolder(dir);   // pooler "cls": CLS token + Dense(tanh) with BERT's pooler
        var corpus = TinyCorpus.WriteRandom(dir, "corpus.txt", 80, seed: 4);
        var output = dir.File("whitened");
        var (code, stderr) = InProcessCli.Run("whiten", "--model", model, "--corpus", corpus, "--output", output, "--k", "12");
        Assert.True(code == 0, stderr);
        var sentences = TinyCorpus.Random(7, seed: 21);

        var fromFiles = ComputeFromFiles(output, sentences);
        var loaded = SentenceEncoderFolder.Load(output).Encode(sentences);

        Assert.Equal([7L, 12], loaded.shape);
        // Both paths compute the same function, but not with the same operations in the same order, so their float
        // rounding differs (with two or more threads LibTorch's blocking too); whitening multiplies that rounding by
        // up to 1/sqrt(smallest kept eigenvalue) of an 80-sentence covariance (2.4e-4 measured with 2 threads, below
        // 1e-5 with 1), so the bound is 1e-3 against whitened values of order 1.
        var diff = (fromFiles - loaded).abs().max().item<float>();
        Assert.True(diff < 1e-3, $"max |files - loader| = {diff:E2}");
        Assert.False(File.Exists(Path.Combine(output, "contrastive.json")));
    }

    /// <summary>sentence-transformers' forward pass over the folder's modules, from the files alone.</summary>
    static Tensor ComputeFromFiles(string dir, string[] sentences)
    {
        var modules = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "modules.json")))!.AsArray();
        var types = modules.Select(m => (string)m!["type"]!).ToArray();
        Assert.Equal(["sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling",
                      "sentence_transformers.models.Dense", "sentence_transformers.models.Dense"], types);
        int maxLength = (int)JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "sentence_bert_config.json")))!["max_seq_length"]!;

        // 0: Transformer at the root: BertModel.from_pretrained(dir) and its tokenizer; token embeddings (B, T, H).
        using var bert = HuggingFaceBertFolder.Load(dir);
        bert.eval();
        var tokens = WordPieceTokenizer.FromDirectory(dir).EncodeBatch(sentences, maxLength);
        Tensor x;
        using (no_grad())
            x = bert.Forward(tokens.InputIds, tokens.AttentionMask, tokens.TokenTypeIds).LastHiddenState;

        foreach (var module in modules.Skip(1))
        {
            var folder = Path.Combine(dir, (string)module!["path"]!);
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
            switch ((string)module["type"]!)
            {
                case "sentence_transformers.models.Pooling":
                    Assert.True((bool)config["pooling_mode_cls_token"]!);
                    x = x[.., 0];                                                        // (B, H)
                    break;
                case "sentence_transformers.models.Dense":
                    var weights = SafeTensors.Load(Path.Combine(folder, "model.safetensors"));
                    var w = weights["linear.weight"];                                     // (out, in)
                    Assert.Equal([(long)config["out_features"]!, (long)config["in_features"]!], w.shape);
                    x = x.matmul(w.t()) + weights["linear.bias"];
                    var activation = (string)config["activation_function"]!;
                    if (activation == "torch.nn.modules.activation.Tanh") x = x.tanh();
                    else Assert.Equal("torch.nn.modules.linear.Identity", activation);
                    break;
            }
        }
        return x;
    }
}
