using Contrastive.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Vision.Encoders;

/// <summary>
/// CMC's encoder (Tian et al. 2019): one backbone per channel view (<see cref="ChannelView"/>), registered as
/// <c>views.{m}</c>; <see cref="ForwardViews"/> gives each view's features for training, and <c>forward</c> the
/// concatenation of all views' features, the representation the paper evaluates ("we concatenate the features
/// from the two views"). It takes the raw images, so kNN and the linear probe evaluate it like any encoder.
/// </summary>
public sealed class CmcEncoder : ImageEncoder
{
    private readonly TorchSharp.Modules.ModuleList<ImageEncoder> views;
    private readonly ImageEncoderConfig _config;

    /// <param name="config">Architecture and width of every view's backbone; <c>InChannels</c> is the raw images' channels.</param>
    public CmcEncoder(ImageEncoderConfig config, IReadOnlyList<ChannelView> channelViews, Generator? generator) : base(nameof(CmcEncoder))
    {
        _config = config.Validate();
        if (channelViews.Count < 2) throw new ContrastiveException($"CMC needs at least two views, got {channelViews.Count}.");
        foreach (var v in channelViews)
            if (!v.Supports(config.InChannels))
                throw new ContrastiveException($"The CMC view '{v.ToName()}' needs RGB images, but the data has {config.InChannels} channel(s).");
        ChannelViewList = channelViews.ToArray();
        views = new TorchSharp.Modules.ModuleList<ImageEncoder>();
        foreach (var v in ChannelViewList) views.Add((config with { InChannels = v.Channels() }).Create(generator));
        RegisterComponents();
    }

    public IReadOnlyList<ChannelView> ChannelViewList { get; }

    /// <summary>The backbone of view m.</summary>
    public ImageEncoder View(int m) => views[m];

    public override ImageEncoderConfig Config => _config;

    /// <summary>The concatenated features: the views' feature widths summed.</summary>
    public override int FeatureDim => views.Sum(v => v.FeatureDim);

    public override long MultiplyAdds(int height, int width) => views.Sum(v => v.MultiplyAdds(height, width));

    /// <summary>(B, C, H, W) raw images → one (B, F_m) feature tensor per view.</summary>
    public Tensor[] ForwardViews(Tensor images) =>
        ChannelViewList.Select((v, m) => views[m].forward(v.Apply(images))).ToArray();

    /// <summary>(B, C, H, W) → (B, Σ F_m).</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        return cat(ForwardViews(images), 1).MoveToOuterDisposeScope();
    }
}
