using Contrastive.Core;
using static TorchSharp.torch;

namespace Contrastive.Text.Bert;

/// <summary>
/// A shallower BERT initialised from some of a deeper one's layers: DistilBERT's initialisation (Sanh et al. 2019,
/// arXiv:1910.01108, "taking one layer out of two") and sentence-transformers' layer reduction
/// (<c>examples/training/distillation/model_distillation_layer_reduction.py</c>: keep e.g. layers 0, 2, 4 of 6).
/// The student has the teacher's config with <c>num_hidden_layers</c> = the number of layers kept; its embeddings and
/// pooler (when the teacher has one) are copied, and its layer i is a copy of the teacher's layer <c>layers[i]</c>.
/// </summary>
public static class BertLayerSubset
{
    /// <param name="teacher">The model whose weights are copied (left unchanged).</param>
    /// <param name="layers">Teacher layer indices, strictly increasing, each in [0, num_hidden_layers).</param>
    /// <exception cref="ContrastiveException">The indices are empty, out of range or not strictly increasing.</exception>
    public static BertModel Create(BertModel teacher, IReadOnlyList<int> layers)
    {
        int n = teacher.Config.NumHiddenLayers;
        if (layers.Count == 0) throw new ContrastiveException("The student needs at least one of the teacher's layers.");
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] < 0 || layers[i] >= n)
                throw new ContrastiveException($"Teacher layer {layers[i]} does not exist: the teacher has layers 0 to {n - 1}.");
            if (i > 0 && layers[i] <= layers[i - 1])
                throw new ContrastiveException($"The student's layers must be strictly increasing teacher layers; got {string.Join(",", layers)}.");
        }

        var student = new BertModel(teacher.Config with { NumHiddenLayers = layers.Count }, addPoolingLayer: teacher.pooler is not null);
        var source = teacher.state_dict();
        using var noGrad = no_grad();
        foreach (var (name, target) in student.state_dict())
            target.copy_(source[TeacherKey(name, layers)]);
        return student;
    }

    /// <summary>The teacher's name of a student weight: <c>encoder.layer.{i}.</c> becomes <c>encoder.layer.{layers[i]}.</c>.</summary>
    public static string TeacherKey(string studentKey, IReadOnlyList<int> layers)
    {
        const string prefix = "encoder.layer.";
        if (!studentKey.StartsWith(prefix, StringComparison.Ordinal)) return studentKey;
        int dot = studentKey.IndexOf('.', prefix.Length);
        int i = int.Parse(studentKey.AsSpan(prefix.Length, dot - prefix.Length));
        return prefix + layers[i] + studentKey[dot..];
    }
}
