namespace Contrastive.Text.Inference;

/// <summary>
/// The activation of a <see cref="DenseLayer"/>, with the class names sentence-transformers' <c>models.Dense</c>
/// records in <c>activation_function</c>.
/// </summary>
public enum DenseActivation
{
    /// <summary><c>torch.nn.modules.linear.Identity</c> (a linear map, e.g. BERT-whitening).</summary>
    Identity,
    /// <summary><c>torch.nn.modules.activation.Tanh</c> (e.g. BERT's pooler).</summary>
    Tanh,
}

/// <summary>The Python class names of <see cref="DenseActivation"/>.</summary>
public static class DenseActivationNames
{
    public const string Identity = "torch.nn.modules.linear.Identity";
    public const string Tanh = "torch.nn.modules.activation.Tanh";

    public static string ToPythonName(this DenseActivation activation) => activation == DenseActivation.Tanh ? Tanh : Identity;

    /// <summary>The activation named <paramref name="name"/>, or null when it is not supported.</summary>
    public static DenseActivation? TryParse(string? name) => name switch
    {
        Identity => DenseActivation.Identity,
        Tanh => DenseActivation.Tanh,
        _ => null,
    };
}
