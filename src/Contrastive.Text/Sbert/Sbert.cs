using Contrastive.Core.Losses;
using Contrastive.Core.Training;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Pooling;
using Contrastive.Text.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Text.Sbert;

/// <summary>
/// Sentence-BERT (Reimers and Gurevych 2019, arXiv:1908.10084) as a training method: one BERT encodes both sentences
/// of a pair (siamese), a pooler gives u and v, and the loss is the NLI classification objective
/// (<see cref="SoftmaxPairLoss"/>: softmax(W_t (u, v, |u − v|)), cross-entropy) or the regression objective
/// (<see cref="CosineRegressionLoss"/>: (cos(u, v) − score)²). The classifier is discarded: the usable model is the
/// encoder with the pooler, written as a sentence-encoder folder.
/// </summary>
public sealed class Sbert : ITrainingMethod<SbertBatch>
{
    readonly SbertNetwork _network;
    readonly SentencePooler _pooler;
    readonly CosineRegressionLoss _regression = new();
    readonly WordPieceTokenizer _tokenizer;

    /// <param name="numLabels">NLI labels (2 or 3); ignored by the regression objective.</param>
    /// <param name="generator">Initialises the classifier; null uses the global generator.</param>
    public Sbert(BertModel bert, WordPieceTokenizer tokenizer, SbertOptions options, int numLabels = 3, Generator? generator = null)
    {
        Options = options.Validate();
        _tokenizer = tokenizer;
        _pooler = new SentencePooler(options.Pooler);
        _network = new SbertNetwork(bert, options.Objective == SbertObjective.Nli
            ? new SoftmaxPairLoss(bert.Config.HiddenSize, numLabels, generator)
            : null);
    }

    public SbertOptions Options { get; }

    public BertModel Bert => _network.Bert;

    public nn.Module Model => _network;

    /// <summary>u and v, (B, H) each.</summary>
    public (Tensor U, Tensor V) Embed(SbertBatch batch)
    {
        var tokens = batch.Tokens;
        var output = Bert.Forward(tokens.InputIds, tokens.AttentionMask, tokens.TokenTypeIds, outputHiddenStates: _pooler.NeedsHiddenStates);
        var pooled = _pooler.Pool(output, tokens.AttentionMask);                  // (2B, H)
        return (pooled.narrow(0, 0, batch.Pairs), pooled.narrow(0, batch.Pairs, batch.Pairs));
    }

    public Tensor ComputeLoss(SbertBatch batch)
    {
        var (u, v) = Embed(batch);
        return _network.Classifier is { } classifier
            ? classifier.forward(u, v, batch.Targets)
            : _regression.forward(u, v, batch.Targets);
    }

    public void SaveModel(string directory) =>
        SentenceEncoderFolder.Save(directory, Bert, _tokenizer, CreateEncoder().Pipeline);

    /// <summary>An encoder over the model being trained (for STS dev evaluation).</summary>
    public SentenceEncoder CreateEncoder() => new(Bert, _tokenizer, Options.Pooler, Options.MaxSeqLength);
}
