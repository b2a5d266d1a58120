using System.Text.Json;
using Contrastive.Core.Serialization;
using Contrastive.Core.Similarity;
using Contrastive.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Contrastive.Core.Flows;

/// <summary>
/// BERT-flow's normalising flow: Li, Zhou, He, Wang, Yang, Li, "On the Sentence Embeddings from Pre-trained Language
/// Models", EMNLP 2020, arXiv:2011.05864: an invertible f_φ fitted by maximum likelihood on a frozen encoder's
/// sentence embeddings u, mapping them to a standard Gaussian latent z = f_φ(u), which is then used as the embedding.
/// <para>
/// f_φ is a Glow-style stack of K steps (actnorm → invertible linear → affine coupling; Kingma and Dhariwal 2018),
/// computed in float64. Change of variables, exact:
/// log p(u) = log N(z; 0, I) + Σ_steps log|det ∂f/∂u| = −½‖z‖² − (D/2) log 2π + logdet,
/// and the fitting loss is the negative log-likelihood per dimension, −log p(u) / D (nats), averaged over the batch.
/// </para>
/// State-dict keys <c>steps.{k}.actnorm.*</c>, <c>steps.{k}.linear.weight</c>, <c>steps.{k}.coupling.nn.*</c>;
/// saved as <c>flow.safetensors</c> + <c>flow_config.json</c> (<see cref="Save"/>).
/// </summary>
public sealed class GlowFlow : nn.Module
{
    private readonly ModuleList<FlowStep> steps;

    public GlowFlowOptions Options { get; }

    /// <param name="generator">Draws the initial rotations and coupling weights; null uses the global generator.</param>
    public GlowFlow(GlowFlowOptions options, Generator? generator = null) : base(nameof(GlowFlow))
    {
        Options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        steps = new ModuleList<FlowStep>();
        for (int k = 0; k < options.Steps; k++) steps.Add(new FlowStep(options.Dim, options.HiddenDim, generator));
        RegisterComponents();
    }

    public int Dim => Options.Dim;

    /// <summary>Actnorm's data-dependent initialisation, step by step on <paramref name="x"/> (N, D) as it flows.</summary>
    public void Initialize(Tensor x)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var h = Check(x).to(ScalarType.Float64);
        foreach (var step in steps)
        {
            step.ActNorm.Initialize(h);
            h = step.Forward(h).Y;
        }
    }

    /// <summary>u (N, D) → (z (N, D) float64, log|det ∂z/∂u| (N) float64).</summary>
    public (Tensor Z, Tensor LogDet) Forward(Tensor u)
    {
        using var scope = NewDisposeScope();
        var h = Check(u).to(ScalarType.Float64);
        var logDet = zeros(u.shape[0], dtype: ScalarType.Float64, device: u.device);
        foreach (var step in steps)
        {
            (h, var ld) = step.Forward(h);
            logDet = logDet + ld;
        }
        return (h.MoveToOuterDisposeScope(), logDet.MoveToOuterDisposeScope());
    }

    /// <summary>z (N, D) → u = f⁻¹(z), float64.</summary>
    public Tensor Inverse(Tensor z)
    {
        using var scope = NewDisposeScope();
        var h = Check(z).to(ScalarType.Float64);
        for (int k = steps.Count - 1; k >= 0; k--) h = steps[k].Inverse(h);
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>log p(u) (N), nats.</summary>
    public Tensor LogLikelihood(Tensor u)
    {
        using var scope = NewDisposeScope();
        var (z, logDet) = Forward(u);
        var logPz = -0.5 * z.square().sum(1) - 0.5 * Dim * Math.Log(2 * Math.PI);
        return (logPz + logDet).MoveToOuterDisposeScope();
    }

    /// <summary>The fitting loss: −mean log p(u) / D.</summary>
    public Tensor NegativeLogLikelihoodPerDim(Tensor u) => -LogLikelihood(u).mean() / Dim;

    /// <summary>The embeddings after the flow, z = f(u), as float32 (the BERT-flow sentence embedding).</summary>
    public Tensor Transform(Tensor u)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return Forward(u).Z.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    Tensor Check(Tensor x)
    {
        EmbeddingShape.Require2D(x, nameof(x));
        if (x.shape[1] != Dim)
            throw new ContrastiveException($"The flow was built for {Dim}-dimensional embeddings but got embeddings of shape {EmbeddingShape.Format(x)}.");
        return x;
    }

    public const string WeightsFileName = "flow.safetensors";
    public const string ConfigFileName = "flow_config.json";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Writes <c>flow.safetensors</c> and <c>flow_config.json</c> into <paramref name="directory"/>, atomically.</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        SafeTensors.Save(Path.Combine(directory, WeightsFileName), state_dict(), new Dictionary<string, string> { ["format"] = GlowFlowOptions.FormatName });
        AtomicFile.WriteAllText(Path.Combine(directory, ConfigFileName), JsonSerializer.Serialize(Options, Json) + "\n");
    }

    /// <summary>True when <paramref name="directory"/> holds a flow written by <see cref="Save"/>.</summary>
    public static bool Exists(string directory) => File.Exists(Path.Combine(directory, ConfigFileName));

    /// <summary>Reads a flow written by <see cref="Save"/>; a <see cref="ContrastiveException"/> names a missing or malformed file.</summary>
    public static GlowFlow Load(string directory)
    {
        var path = Path.Combine(directory, ConfigFileName);
        if (!File.Exists(path)) throw new ContrastiveException($"{path}: file not found; not a folder with a fitted flow.");
        GlowFlowOptions options;
        try
        {
            options = JsonSerializer.Deserialize<GlowFlowOptions>(File.ReadAllText(path)) ?? throw new ContrastiveException($"{path}: empty flow configuration.");
        }
        catch (JsonException e)
        {
            throw new ContrastiveException($"{path}: not a valid flow configuration ({e.Message}).", e);
        }
        try { options.Validate(); }
        catch (ContrastiveException e) { throw new ContrastiveException($"{path}: {e.Message}", e); }
        var flow = new GlowFlow(options);
        TrainingCheckpoint.LoadWeights(Path.Combine(directory, WeightsFileName), flow);
        flow.eval();
        return flow;
    }
}
