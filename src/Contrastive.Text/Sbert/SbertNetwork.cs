using Contrastive.Core.Losses;
using Contrastive.Text.Bert;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Text.Sbert;

/// <summary>What an SBERT run optimises and checkpoints: the siamese <c>bert</c> (shared by both sentences) and, for
/// the NLI objective, the <c>loss</c> module holding the classifier W_t (<c>loss.classifier.*</c>).</summary>
public sealed class SbertNetwork : nn.Module
{
    private readonly BertModel bert;
    private readonly SoftmaxPairLoss? loss;

    public SbertNetwork(BertModel bert, SoftmaxPairLoss? classifier) : base(nameof(SbertNetwork))
    {
        this.bert = bert;
        loss = classifier;
        RegisterComponents();
    }

    public BertModel Bert => bert;
    public SoftmaxPairLoss? Classifier => loss;
}
