namespace Contrastive.Core.Serialization;

/// <summary>A safetensors file that is not valid; the message names the file and the problem.</summary>
public sealed class SafeTensorsFormatException(string path, string problem)
    : ContrastiveException($"{path}: not a valid safetensors file: {problem}")
{
    public string FilePath { get; } = path;
    public string Problem { get; } = problem;
}
