using System.Diagnostics;
using Contrastive.Text.Bert;
using Contrastive.Text.Inference;
using Contrastive.Text.Tokenization;
using static TorchSharp.torch;

namespace Contrastive.Bench;

/// <summary>
/// Where the time of <see cref="SentenceEncoder.Encode"/> goes: tokenisation, then per batch (longest first, padded as
/// Encode pads) the embeddings, the Q/K/V projections, scaled-dot-product attention, each Linear, the GELU, the layer
/// norms and the pooling, each timed around the model's own modules (the same calls BertLayer makes), summed over
/// the batches; "whole Encode" is the real call, and its gap to the parts is the framework's own overhead.
/// </summary>
public static class InferenceProfile
{
    public static int Run(string modelDir, string sentencesFile, int count, int batchSize = 64)
    {
        var sentences = File.ReadLines(sentencesFile).Select(l => l.Trim()).Where(l => l.Length > 0).Take(count).ToArray();
        var encoder = SentenceEncoderFolder.Load(modelDir);
        var bert = encoder.Bert;
        bert.eval();
        encoder.Encode(sentences.Take(batchSize).ToArray(), batchSize);   // warm-up
        var t = new Dictionary<string, double>();
        void Add(string k, Stopwatch sw) => t[k] = t.GetValueOrDefault(k) + sw.Elapsed.TotalSeconds;

        var sw = Stopwatch.StartNew();
        var ids = encoder.Tokenize(sentences);
        Add("tokenisation", sw);
        var order = PaddedTokens.LongestFirst(ids);
        using (no_grad())
        {
            for (int start = 0; start < order.Length; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var idx = order[start..Math.Min(start + batchSize, order.Length)];
                sw.Restart();
                var batch = TokenizedBatch.From(PaddedTokens.Pad(idx.Select(i => ids[i]).ToArray(), encoder.Tokenizer.PadId));
                Add("padding + tensors", sw);
                sw.Restart();
                var h = bert.embeddings.forward(batch.InputIds, batch.TokenTypeIds);
                var mask = BertModel.ExtendedAttentionMask(batch.AttentionMask, h.dtype);
                Add("embeddings + mask", sw);
                long B = h.shape[0], T = h.shape[1], H = h.shape[2], nh = bert.Config.NumAttentionHeads, hd = bert.Config.HeadSize;
                foreach (var layer in bert.encoder.layer)
                {
                    var self = layer.attention.self;
                    sw.Restart();
                    var q = self.query.forward(h).view(B, T, nh, hd).transpose(1, 2);
                    var k = self.key.forward(h).view(B, T, nh, hd).transpose(1, 2);
                    var v = self.value.forward(h).view(B, T, nh, hd).transpose(1, 2);
                    Add("Q/K/V projections", sw);
                    sw.Restart();
                    var y = nn.functional.scaled_dot_product_attention(q, k, v, mask).transpose(1, 2).reshape(B, T, H);
                    Add("attention (SDPA)", sw);
                    sw.Restart();
                    var o = layer.attention.output.dense.forward(y).add_(h);
                    Add("attention output Linear", sw);
                    sw.Restart();
                    var a = layer.attention.output.LayerNorm.forward(o);
                    Add("layer norms", sw);
                    sw.Restart();
                    var u = layer.intermediate.dense.forward(a);
                    Add("FFN Linear in", sw);
                    sw.Restart();
                    u = nn.functional.gelu(u);
                    Add("GELU", sw);
                    sw.Restart();
                    var f = layer.output.dense.forward(u).add_(a);
                    Add("FFN Linear out", sw);
                    sw.Restart();
                    h = layer.output.LayerNorm.forward(f);
                    Add("layer norms", sw);
                }
                sw.Restart();
                var pooled = Contrastive.Text.Pooling.SentencePooler.MaskedMean(h, batch.AttentionMask);
                nn.functional.normalize(pooled, p: 2, dim: 1);
                Add("pooling + normalise", sw);
            }
        }
        sw.Restart();
        encoder.Encode(sentences, batchSize, normalize: true).Dispose();
        double whole = sw.Elapsed.TotalSeconds;
        double parts = t.Values.Sum();
        Console.WriteLine($"profile: {modelDir}, {sentences.Length} sentences, batch {batchSize}, threads {get_num_threads()}, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        foreach (var (name, s) in t.OrderByDescending(p => p.Value))
            Console.WriteLine($"  {name,-26} {s,7:F3} s  {100 * s / parts,5:F1} %");
        Console.WriteLine($"  {"sum of parts",-26} {parts,7:F3} s;  whole Encode {whole:F3} s ({sentences.Length / whole:F1} sentences/s)");
        return 0;
    }
}
