using Contrastive.Core.Heads;
using Contrastive.Core.Losses;
using Contrastive.Vision.Encoders;
using static TorchSharp.torch;

namespace Contrastive.Vision.Methods;

/// <summary>
/// Contrastive Multiview Coding (Tian, Krishnan, Isola 2019, arXiv:1906.05849): each augmented image is split into
/// channel views (<see cref="ChannelView"/>: L / ab for colour, intensity / Sobel for grey), each view has its own
/// backbone (<see cref="CmcEncoder"/>) and a linear projection (<c>view_heads.{m}</c>, to
/// <see cref="VisionMethodOptions.ProjectionDim"/>, as the paper's encoders end in a 128-d fc), and the views of the
/// same image are contrasted against the other images of the batch by <see cref="CmcLoss"/> (core-view or full-graph,
/// τ = 0.07; in-batch negatives instead of the paper's memory bank with NCE). One augmented view per image (crop,
/// flip... applied before the channel split, so all views see the same crop, as in the paper).
/// The saved encoder is the concatenation of the views' backbone features, the paper's evaluated representation.
/// </summary>
public sealed class Cmc : VisionMethod
{
    readonly CmcLoss _loss;

    public Cmc(ImageEncoderConfig encoder, VisionMethodOptions options, int imageSize, Generator generator)
        : base(Build(encoder, options, generator), VisionMethodKind.Cmc, imageSize)
    {
        _loss = new CmcLoss(options.TemperatureFor(VisionMethodKind.Cmc), options.CmcGraph);
    }

    static VisionNetwork Build(ImageEncoderConfig encoder, VisionMethodOptions options, Generator generator)
    {
        var backbone = new CmcEncoder(encoder, options.CmcViews ?? ChannelViews.Default(encoder.InChannels), generator);
        var heads = Enumerable.Range(0, backbone.ChannelViewList.Count).Select(m =>
        {
            var head = new MlpHead(new MlpHeadOptions([backbone.View(m).FeatureDim, options.ProjectionDim], HiddenBatchNorm: false));
            VisionInit.Apply(head, generator);
            return head;
        }).ToArray();
        return new VisionNetwork(backbone, null, viewHeads: heads);
    }

    public override int ViewsPerImage => 1;

    public CmcGraph Graph => _loss.Graph;

    public override Tensor ComputeLoss(ImageBatch batch)
    {
        var features = ((CmcEncoder)Network.Backbone).ForwardViews(batch.Views[0]);        // M × (N, F_m)
        var heads = Network.ViewHeads!;
        var z = features.Select((f, m) => heads[m].forward(f)).ToArray();                  // M × (N, P)
        return _loss.forward(z);
    }
}
