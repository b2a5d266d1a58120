namespace Contrastive.Core.Heads;

/// <summary>
/// Architecture of an <see cref="MlpHead"/>: Linear layers of the given widths; after every hidden Linear an optional
/// BatchNorm1d and a ReLU; after the output Linear optionally a non-affine BatchNorm1d (SimSiam) and nothing else.
/// The presets are the projection and prediction heads of SimCLR, MoCo v2, BYOL and SimSiam with the papers' sizes.
/// </summary>
/// <param name="Widths">[input, hidden…, output]: at least two widths, all positive. Two widths is a single Linear layer.</param>
/// <param name="HiddenBatchNorm">BatchNorm1d after each hidden Linear (before its ReLU).</param>
/// <param name="OutputBatchNorm">BatchNorm1d without learnable scale/shift (affine=False) after the output Linear, as SimSiam's projection.</param>
/// <param name="HiddenBias">Bias on the hidden Linears (redundant when a BatchNorm follows).</param>
/// <param name="OutputBias">Bias on the output Linear.</param>
public sealed record MlpHeadOptions(IReadOnlyList<int> Widths, bool HiddenBatchNorm = true, bool OutputBatchNorm = false,
                                    bool HiddenBias = true, bool OutputBias = true)
{
    /// <summary>Throws a <see cref="ContrastiveException"/> naming the first invalid width.</summary>
    public MlpHeadOptions Validate()
    {
        if (Widths is null || Widths.Count < 2)
            throw new ContrastiveException(
                $"An MLP head needs at least two widths (input and output), but {Widths?.Count ?? 0} were given.");
        for (int i = 0; i < Widths.Count; i++)
            if (Widths[i] <= 0)
                throw new ContrastiveException($"Width {i} of the MLP head must be positive, but it is {Widths[i]}.");
        return this;
    }

    /// <summary>Value equality, comparing <see cref="Widths"/> element by element.</summary>
    public bool Equals(MlpHeadOptions? other) =>
        other is not null && Widths.SequenceEqual(other.Widths) && HiddenBatchNorm == other.HiddenBatchNorm &&
        OutputBatchNorm == other.OutputBatchNorm && HiddenBias == other.HiddenBias && OutputBias == other.OutputBias;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var w in Widths) hash.Add(w);
        hash.Add(HiddenBatchNorm);
        hash.Add(OutputBatchNorm);
        hash.Add(HiddenBias);
        hash.Add(OutputBias);
        return hash.ToHashCode();
    }

    /// <summary>Input width (first entry of <see cref="Widths"/>).</summary>
    public int InputDim => Widths[0];

    /// <summary>Output width (last entry of <see cref="Widths"/>).</summary>
    public int OutputDim => Widths[^1];

    /// <summary>
    /// SimCLR projection g(·), arXiv:2002.05709 §2.1: "we use a MLP with one hidden layer to obtain
    /// z_i = g(h_i) = W⁽²⁾σ(W⁽¹⁾h_i) where σ is a ReLU non-linearity"; with BatchNorm on the hidden layer as in the
    /// official code. ResNet-50: 2048 → 2048 → 128.
    /// </summary>
    public static MlpHeadOptions SimClrProjection(int inputDim = 2048, int hiddenDim = 2048, int outputDim = 128) =>
        new([inputDim, hiddenDim, outputDim], HiddenBatchNorm: true, HiddenBias: false);

    /// <summary>
    /// SimCLR v2's deeper projection g(·), Chen, Kornblith, Swersky, Norouzi, Hinton, "Big Self-Supervised Models are
    /// Strong Semi-Supervised Learners", NeurIPS 2020, arXiv:2006.10029 §2: "we use a 3-layer projection head" and
    /// "fine-tune from the 1st layer of projection head" (the head's middle layer is kept as part of the encoder, see
    /// <see cref="MlpHead.ForwardHidden"/>). As the official code: BatchNorm on every layer, ReLU on the hidden ones,
    /// no bias before a BatchNorm, and the output BatchNorm without learned scale and shift. ResNet-50: 2048 → 2048 → 2048 → 128.
    /// </summary>
    public static MlpHeadOptions SimClrV2Projection(int inputDim = 2048, int hiddenDim = 2048, int outputDim = 128) =>
        new([inputDim, hiddenDim, hiddenDim, outputDim], HiddenBatchNorm: true, OutputBatchNorm: true,
            HiddenBias: false, OutputBias: false);

    /// <summary>Number of hidden layers (Linear → BatchNorm? → ReLU blocks): <c>Widths.Count − 2</c>.</summary>
    public int HiddenLayers => Widths.Count - 2;

    /// <summary>
    /// MoCo v2 projection, arXiv:2003.04297: "we replace the fc head in MoCo with a 2-layer MLP head (hidden layer
    /// 2048-d, with ReLU)"; no BatchNorm. 2048 → 2048 → 128.
    /// </summary>
    public static MlpHeadOptions MoCoV2Projection(int inputDim = 2048, int hiddenDim = 2048, int outputDim = 128) =>
        new([inputDim, hiddenDim, outputDim], HiddenBatchNorm: false);

    /// <summary>
    /// BYOL projection, arXiv:2006.07733 §3.3: "a multi-layer perceptron (MLP) ... consisting in a linear layer with
    /// output size 4096 followed by batch normalization, rectified linear units (ReLU), and a final linear layer with
    /// output dimension 256". 2048 → 4096 → 256.
    /// </summary>
    public static MlpHeadOptions ByolProjection(int inputDim = 2048, int hiddenDim = 4096, int outputDim = 256) =>
        new([inputDim, hiddenDim, outputDim], HiddenBatchNorm: true, HiddenBias: false);

    /// <summary>
    /// BYOL predictor, arXiv:2006.07733 §3.3: "The predictor q_θ uses the same architecture as g_θ". 256 → 4096 → 256.
    /// </summary>
    public static MlpHeadOptions ByolPrediction(int inputDim = 256, int hiddenDim = 4096, int outputDim = 256) =>
        new([inputDim, hiddenDim, outputDim], HiddenBatchNorm: true, HiddenBias: false);

    /// <summary>
    /// SimSiam projection, arXiv:2011.10566 §4: "The projection MLP (in f) has BN applied to each fully-connected (fc)
    /// layer, including its output fc. Its output fc has no ReLU. The hidden fc is 2048-d. This MLP has 3 layers."
    /// 2048 → 2048 → 2048 → 2048.
    /// </summary>
    public static MlpHeadOptions SimSiamProjection(int inputDim = 2048, int hiddenDim = 2048, int outputDim = 2048) =>
        new([inputDim, hiddenDim, hiddenDim, outputDim], HiddenBatchNorm: true, OutputBatchNorm: true,
            HiddenBias: false, OutputBias: false);

    /// <summary>
    /// SimSiam predictor, arXiv:2011.10566 §4: "The prediction MLP (h) has BN applied to its hidden fc layers. Its
    /// output fc does not have BN or ReLU. This MLP has 2 layers. The dimension of h's input and output (z and p) is
    /// d = 2048, and h's hidden layer's dimension is 512, making h a bottleneck structure". 2048 → 512 → 2048.
    /// </summary>
    public static MlpHeadOptions SimSiamPrediction(int inputDim = 2048, int hiddenDim = 512, int outputDim = 2048) =>
        new([inputDim, hiddenDim, outputDim], HiddenBatchNorm: true, HiddenBias: false);
}
