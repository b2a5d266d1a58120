using System.CommandLine;
using Contrastive.Text.Bert;
using Contrastive.Text.Mlm;

namespace Contrastive.Cli;

/// <summary>
/// The options that shape a new BERT (<c>--hidden-size --num-layers --num-heads --intermediate-size</c>), shared by
/// <c>bert init</c>, <c>bert pretrain</c> and <c>simcse train</c>. Defaults: the small CPU model
/// (<see cref="MlmPretrainingSetup.SmallModel"/>: hidden 256, 4 layers, 4 heads, feed-forward 4 x hidden).
/// </summary>
public sealed class BertShapeOptions
{
    static readonly BertConfig Small = MlmPretrainingSetup.SmallModel;

    public Option<int> Hidden { get; } = new("--hidden-size") { Description = "New model: hidden size.", DefaultValueFactory = _ => Small.HiddenSize };
    public Option<int> Layers { get; } = new("--num-layers") { Description = "New model: transformer layers.", DefaultValueFactory = _ => Small.NumHiddenLayers };
    public Option<int> Heads { get; } = new("--num-heads") { Description = "New model: attention heads.", DefaultValueFactory = _ => Small.NumAttentionHeads };
    public Option<int?> Intermediate { get; } = new("--intermediate-size") { Description = "New model: feed-forward size (default 4 x hidden)." };

    public IEnumerable<Option> All => [Hidden, Layers, Heads, Intermediate];

    /// <summary>A config of the parsed shape; the vocabulary and dropout are the caller's.</summary>
    public BertConfig Config(ParseResult p)
    {
        int h = p.GetValue(Hidden);
        return new BertConfig
        {
            HiddenSize = h, NumHiddenLayers = p.GetValue(Layers), NumAttentionHeads = p.GetValue(Heads),
            IntermediateSize = p.GetValue(Intermediate) ?? 4 * h,
        };
    }
}
