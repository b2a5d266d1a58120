using Contrastive.Core;
using Contrastive.Vision.Augmentations;
using static TorchSharp.torch;

namespace Contrastive.Vision.Encoders;

/// <summary>
/// A fixed view of an image made from its channels, for Contrastive Multiview Coding (Tian et al. 2019): for colour
/// images the L and ab channels of CIE Lab (the paper's ImageNet views), for grey images the intensity and a fixed
/// gradient view (Sobel magnitude), or its signed x / y derivatives.
/// </summary>
public enum ChannelView
{
    /// <summary>Luma (ITU-R 601), 1 channel, in [0, 1]; a grey image itself.</summary>
    Intensity,
    /// <summary>Sobel gradient magnitude of the luma / 4, 1 channel, in [0, 1] (<see cref="SobelFilter"/>).</summary>
    Sobel,
    /// <summary>Signed horizontal Sobel derivative of the luma / 4, 1 channel, in [−1, 1].</summary>
    SobelX,
    /// <summary>Signed vertical Sobel derivative of the luma / 4, 1 channel, in [−1, 1].</summary>
    SobelY,
    /// <summary>Lab lightness L* / 100, 1 channel, in [0, 1] (needs RGB).</summary>
    L,
    /// <summary>Lab chroma (a*, b*) / 128, 2 channels, about [−1, 1] (needs RGB).</summary>
    AB,
}

/// <summary>Names, channel counts and the transforms of <see cref="ChannelView"/>.</summary>
public static class ChannelViews
{
    public static readonly IReadOnlyList<string> Names = ["intensity", "sobel", "sobel-x", "sobel-y", "l", "ab"];

    /// <summary>CMC's default views for images with <paramref name="channels"/> channels: L, ab (colour) or intensity, Sobel (grey).</summary>
    public static IReadOnlyList<ChannelView> Default(int channels) =>
        channels >= 3 ? [ChannelView.L, ChannelView.AB] : [ChannelView.Intensity, ChannelView.Sobel];

    public static string ToName(this ChannelView view) => Names[(int)view];

    public static ChannelView Parse(string name)
    {
        int i = Names.ToList().IndexOf(name.Trim().ToLowerInvariant());
        return i >= 0 ? (ChannelView)i : throw new ContrastiveException($"Unknown CMC view '{name}'; known: {string.Join(", ", Names)}.");
    }

    /// <summary>Parses a comma-separated list of at least two views.</summary>
    public static IReadOnlyList<ChannelView> ParseList(string list)
    {
        var views = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToArray();
        if (views.Length < 2) throw new ContrastiveException($"CMC needs at least two views, got '{list}'.");
        return views;
    }

    /// <summary>Channels of the view's tensor.</summary>
    public static int Channels(this ChannelView view) => view == ChannelView.AB ? 2 : 1;

    /// <summary>Whether the view can be made from images with <paramref name="channels"/> channels.</summary>
    public static bool Supports(this ChannelView view, int channels) => view is not (ChannelView.L or ChannelView.AB) || channels >= 3;

    /// <summary>(B, C, H, W) images in [0, 1] → (B, Channels, H, W).</summary>
    public static Tensor Apply(this ChannelView view, Tensor images)
    {
        if (!view.Supports((int)images.shape[1]))
            throw new ContrastiveException($"The CMC view '{view.ToName()}' needs RGB images, but they have {images.shape[1]} channel(s).");
        using var scope = NewDisposeScope();
        Tensor result = view switch
        {
            ChannelView.Intensity => ColorSpace.Luma(images),
            ChannelView.Sobel => SobelFilter.Magnitude(images),
            ChannelView.SobelX => SobelFilter.Derivatives(images).Gx / 4,
            ChannelView.SobelY => SobelFilter.Derivatives(images).Gy / 4,
            ChannelView.L => ColorSpace.RgbToLab(images).narrow(1, 0, 1) / 100,
            ChannelView.AB => ColorSpace.RgbToLab(images).narrow(1, 1, 2) / 128,
            _ => throw new ArgumentOutOfRangeException(nameof(view), view, null),
        };
        return result.contiguous().MoveToOuterDisposeScope();
    }
}
